import { Redis } from 'ioredis'
import type { Test } from 'tap'
import type { FailureStore } from '../../lib/failure-limiter.js'
import { createMemoryFailureStore } from '../../lib/stores/memory-failure-store.js'
import { createRedisFailureStore, REDIS_KEY_PREFIX } from '../../lib/stores/redis-failure-store.js'
import { startRedis } from './redis.js'

/** A failure store under test, with a way to let time pass for it. */
export interface StoreUnderTest {
  store: FailureStore
  /** Moves the store's time forward by `ms`. */
  advance: (ms: number) => Promise<void>
  /** How far below the exact figure a reported ttlMs may be: Redis's clock runs on while a test runs. */
  slackMs: number
}

export type StoreFactory = (t: Test) => Promise<StoreUnderTest>

/** The memory store on a clock the test moves. */
export const memoryStore: StoreFactory = async () => {
  let now = 1_000_000
  return { store: createMemoryFailureStore({ clock: () => now }), advance: async ms => { now += ms }, slackMs: 0 }
}

// Redis's only clock is each key's expiry: letting `ms` pass is taking `ms` off every
// live key's time to live (and deleting those it ends), which is what Redis would see.
export const ADVANCE = `
for _, key in ipairs(redis.call('KEYS', ARGV[2])) do
  local ttl = redis.call('PTTL', key)
  if ttl > 0 then
    if ttl <= tonumber(ARGV[1]) then redis.call('DEL', key) else redis.call('PEXPIRE', key, ttl - tonumber(ARGV[1])) end
  end
end
return 0
`

/** The Redis store against a real redis-server, one per test, started and stopped with it. */
export const redisStore: StoreFactory = async t => {
  const server = await startRedis(t)
  const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  t.teardown(() => { redis.disconnect() })
  return {
    store: createRedisFailureStore(redis),
    advance: async ms => { await redis.eval(ADVANCE, 0, ms, `${REDIS_KEY_PREFIX}*`) },
    slackMs: 250
  }
}

export const FAILURE_STORES: Array<[string, StoreFactory]> = [['memory', memoryStore], ['redis', redisStore]]
