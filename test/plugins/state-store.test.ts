import t from 'tap'
import { Redis } from 'ioredis'
import { createServer, type Socket } from 'node:net'
import type { HealthChange } from '../../lib/stores/state-store.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'
import { startRedis } from '../helpers/redis.js'
import { waitFor } from '../helpers/server-process.js'

const WRONG_KEY = 'agm_wrong_key_9999999999999999999999999999999999'

t.test('without REDIS_URL: no Redis client, and /ready says memory', async t => {
  const { app } = await buildTestApp(t)
  t.equal(app.stateStore.redis, null)
  t.match((await app.inject({ method: 'GET', url: '/ready' })).json(), { status: 'ready', state_store: 'memory' })
})

t.test('Redis unreachable at start: the app starts degraded, checks keys, and locks out and limits in memory', async t => {
  // A port that refuses connections.
  const closed = createServer()
  await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
  const { port } = closed.address() as { port: number }
  await new Promise(resolve => closed.close(resolve))

  const { app, audit, logs } = await buildTestApp(t, { env: { REDIS_URL: `redis://:pw-never-logged@127.0.0.1:${port}`, MAX_AUTH_FAILURES: '2', RATE_LIMIT_PER_MINUTE: '3' } })
  t.equal(app.stateStore.mode(), 'degraded')
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200, 'still ready: this replica serves safely on its own')
  t.match(ready.json(), { status: 'ready', state_store: 'degraded' })
  t.match(audit.events('state_store_degraded'), [{ severity: 'high', store: 'redis', redis_host: `127.0.0.1:${port}`, reason: 'ECONNREFUSED' }])

  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode)
  t.same(statuses, [200, 200, 200, 429], 'the key is checked and its rate limit holds, in memory')
  for (let i = 0; i < 2; i++) await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY), remoteAddress: '10.9.9.9' })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE), remoteAddress: '10.9.9.9' })).statusCode, 429, 'the lockout holds, in memory')
  t.equal(audit.events('state_store_degraded').length, 1, 'one record, however many requests and reconnection attempts')
  t.equal(logs.text().split('STATE STORE DEGRADED').length - 1, 1, 'one loud line')
  t.notMatch(logs.text() + audit.text(), /pw-never-logged/, 'the password is in no log')
})

t.test('a Redis that accepts connections and never answers: start-up and requests do not hang', async t => {
  const sockets = new Set<Socket>()
  const silent = createServer(socket => { sockets.add(socket) })
  await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { for (const socket of sockets) socket.destroy(); silent.close() })
  const { port } = silent.address() as { port: number }

  const starting = Date.now()
  const { app, audit } = await buildTestApp(t, { env: { REDIS_URL: `redis://127.0.0.1:${port}` } })
  t.ok(Date.now() - starting < 3500, `started in ${Date.now() - starting} ms, within the 3 s wait`)
  t.equal(app.stateStore.mode(), 'degraded')
  const asking = Date.now()
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200)
  t.ok(Date.now() - asking < 1000, 'answered from memory at once')
  t.equal(audit.events('state_store_degraded').length, 1)
})

t.test('commands timing out on an open connection degrade the store; a PING brings it back, and listeners hear both', async t => {
  const redis = await startRedis(t)
  const { app, audit } = await buildTestApp(t, { env: { REDIS_URL: redis.url } })
  const changes: HealthChange[] = []
  app.stateStore.onHealthChange(change => { changes.push(change) })
  t.equal(app.stateStore.mode(), 'redis')
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200)

  // Redis holds every client's commands for 1.5 s: each one times out after half a second.
  const admin = new Redis(redis.url)
  t.teardown(() => { admin.disconnect() })
  await admin.client('PAUSE', 1500, 'ALL')
  const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  t.equal(res.statusCode, 200, 'the request is answered from memory, not failed')
  t.equal(app.stateStore.mode(), 'degraded')
  await waitFor(() => app.stateStore.mode() === 'redis', 'the store to come back', 10_000)
  t.match(changes, [{ healthy: false, reason: String }, { healthy: true, reason: null, downForMs: Number }])
  t.equal(audit.events('state_store_degraded').length, 1)
  t.equal(audit.events('state_store_recovered').length, 1)
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200)
  t.ok((await admin.keys('aegis:rate:*')).length > 0, 'counting in Redis again')
})
