import type { Redis } from 'ioredis'
import type { FailureCount, FailureStore } from '../failure-limiter.js'

/** Every key this project writes to Redis starts with this; failure windows under `aegis:auth-fail:`. */
export const REDIS_KEY_PREFIX = 'aegis:'
export const FAILURE_KEY_PREFIX = `${REDIS_KEY_PREFIX}auth-fail:`

// One script, so the count and its expiry are one atomic step whichever replica runs it.
// The expiry is set by the first failure only: the window is fixed, and later failures
// (those of a locked client included) never extend it. A key somehow left without an
// expiry gets one, so no key outlives a window.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`

const READ = `
local count = redis.call('GET', KEYS[1])
if not count then return false end
return {tonumber(count), redis.call('PTTL', KEYS[1])}
`

type Reply = [number, number] | null

interface FailureCommands {
  aegisFailureIncrement: (key: string, windowMs: number) => Promise<Reply>
  aegisFailureRead: (key: string) => Promise<Reply>
}

function countOf (reply: Reply): FailureCount | null {
  if (reply === null) return null
  const [count, ttlMs] = reply
  // PTTL 0 is the end of the window; a key with no expiry (-1) counts as none (increment heals it).
  return ttlMs > 0 ? { count, ttlMs } : null
}

/**
 * Failure windows in Redis, shared by every replica: one key per client
 * (`aegis:auth-fail:<client>`) holding its count, expiring when its window
 * ends. A lock is a count at or over the limit, as in the memory store, and
 * lasts until the same expiry; nothing needs pruning, so `limit` is unused.
 * Errors (Redis down, a timeout) reject: the caller decides what to fall back to.
 */
export function createRedisFailureStore (redis: Redis): FailureStore {
  const commands = redis as unknown as Redis & FailureCommands
  if (typeof commands.aegisFailureIncrement !== 'function') {
    redis.defineCommand('aegisFailureIncrement', { numberOfKeys: 1, lua: INCREMENT })
    redis.defineCommand('aegisFailureRead', { numberOfKeys: 1, lua: READ })
  }
  return {
    async increment (key, windowMs) {
      return countOf(await commands.aegisFailureIncrement(FAILURE_KEY_PREFIX + key, windowMs))
    },
    async read (key) {
      return countOf(await commands.aegisFailureRead(FAILURE_KEY_PREFIX + key))
    }
  }
}
