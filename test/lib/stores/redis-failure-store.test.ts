import t from 'tap'
import { Redis } from 'ioredis'
import { createRedisFailureStore } from '../../../lib/stores/redis-failure-store.js'
import { redisStore } from '../../helpers/failure-stores.js'
import { startRedis } from '../../helpers/redis.js'
import { failureStoreCases } from './failure-store-cases.js'

// The same cases as the memory store, against a real redis-server.
failureStoreCases(t, redisStore)

t.test('keys are prefixed aegis:, each expires with its window, and a key left without expiry gets one', async t => {
  const server = await startRedis(t)
  const redis = new Redis(server.url)
  t.teardown(() => { redis.disconnect() })
  const store = createRedisFailureStore(redis)
  await store.increment('9.9.9.9', 60_000, 5)
  t.same(await redis.keys('*'), ['aegis:auth-fail:9.9.9.9'])
  const ttl = await redis.pttl('aegis:auth-fail:9.9.9.9')
  t.ok(ttl > 59_000 && ttl <= 60_000, `expires with the window (${ttl} ms)`)

  await redis.set('aegis:auth-fail:8.8.8.8', '7')
  t.equal(await store.read('8.8.8.8'), null, 'a count with no expiry is no lock')
  t.match(await store.increment('8.8.8.8', 60_000, 5), { count: 8, ttlMs: 60_000 }, 'the next failure gives it the window')
  t.ok(await redis.pttl('aegis:auth-fail:8.8.8.8') > 0, 'so it cannot live forever')
})

t.test('concurrent failures from two connections (two replicas) are all counted, the window set once', async t => {
  const server = await startRedis(t)
  const a = new Redis(server.url)
  const b = new Redis(server.url)
  t.teardown(() => { a.disconnect(); b.disconnect() })
  const stores = [createRedisFailureStore(a), createRedisFailureStore(b)]
  const counts = await Promise.all(Array.from({ length: 40 }, async (_, i) => (await stores[i % 2]?.increment('7.7.7.7', 30_000, 5))?.count))
  t.same(counts.sort((x, y) => (x ?? 0) - (y ?? 0)), Array.from({ length: 40 }, (_, i) => i + 1), 'each failure got its own count')
  t.match(await stores[1]?.read('7.7.7.7'), { count: 40 })
})

t.test('with Redis down the store rejects (the caller falls back), and never hangs', async t => {
  const server = await startRedis(t)
  const redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 })
  redis.on('error', () => {})
  t.teardown(() => { redis.disconnect() })
  const store = createRedisFailureStore(redis)
  await new Promise(resolve => redis.once('ready', resolve))
  await store.increment('6.6.6.6', 1000, 5)
  await server.stop()
  await t.rejects(store.increment('6.6.6.6', 1000, 5))
  await t.rejects(store.read('6.6.6.6'))
})
