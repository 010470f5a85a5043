import t from 'tap'
import { Redis } from 'ioredis'
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit'
import { fallbackRateLimitStore } from '../../../lib/stores/rate-limit-store.js'
import { REDIS_CLIENT_OPTIONS } from '../../../lib/stores/state-store.js'
import { startRedis } from '../../helpers/redis.js'

type Counted = { current: number, ttl: number }

async function incr (store: FastifyRateLimitStore, key: string): Promise<Counted> {
  return await new Promise((resolve, reject) => {
    store.incr(key, (error, result) => { error === null && result !== undefined ? resolve(result) : reject(error) }, 60_000, 5)
  })
}

async function read (store: FastifyRateLimitStore, key: string): Promise<Counted> {
  const readable = store as FastifyRateLimitStore & { read: FastifyRateLimitStore['incr'] }
  return await new Promise((resolve, reject) => {
    readable.read(key, (error, result) => { error === null && result !== undefined ? resolve(result) : reject(error) }, 60_000, 5)
  })
}

t.test('counts in Redis under the name space, shared by two clients; in memory after a failed command', async t => {
  const server = await startRedis(t)
  const clients = [new Redis(server.url, REDIS_CLIENT_OPTIONS), new Redis(server.url, REDIS_CLIENT_OPTIONS)]
  for (const client of clients) client.on('error', () => {})
  t.teardown(() => { for (const client of clients) client.disconnect() })
  await Promise.all(clients.map(async client => { await new Promise(resolve => client.once('ready', resolve)) }))
  let usable = true
  const failures: unknown[] = []
  const state = { usable: () => usable, failed: (error: unknown) => { failures.push(error); usable = false } }
  const [a, b] = clients.map(client => new (fallbackRateLimitStore(client, state, 'aegis:rate:'))({} as FastifyRateLimitOptions))
  if (a === undefined || b === undefined) throw new Error('two stores')

  t.match(await incr(a, 'key1'), { current: 1 })
  t.match(await incr(b, 'key1'), { current: 2 }, 'the second replica sees the first one\'s count')
  t.match(await read(a, 'key1'), { current: 2 }, 'read does not count')
  t.same(await clients[0]?.keys('*'), ['aegis:rate:key1'])
  const child = a.child({ method: 'GET', url: '/mcp/tools' } as unknown as Parameters<FastifyRateLimitStore['child']>[0])
  await incr(child, 'key1')
  t.same((await clients[0]?.keys('*'))?.sort(), ['aegis:rate:GET/mcp/tools-key1', 'aegis:rate:key1'], 'a route of its own counts apart')

  await server.stop()
  t.match(await incr(a, 'key1'), { current: 1 }, 'Redis gone: answered from memory, counting from one')
  t.equal(failures.length, 1, 'the failure was reported')
  t.match(await incr(a, 'key1'), { current: 2 }, 'then memory alone, without asking Redis')
  t.equal(failures.length, 1)
})
