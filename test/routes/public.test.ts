import t from 'tap'
import { buildApp } from '../../app.js'
import { loadConfig } from '../../lib/config.js'
import { startFakeGitea } from '../fake-gitea/server.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'
import { LineCollector } from '../helpers/lines.js'

t.test('GET / says what this is and where the MCP endpoint is', async t => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { name: 'aegis-gitea-mcp', version: /^\d+\.\d+\.\d+/, mcp: { endpoint: '/mcp' } })
})

t.test('every response carries security headers and a request id', async t => {
  const { app } = await buildTestApp(t)
  for (const url of ['/', '/health', '/nope', '/mcp/tools']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url} nosniff`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${url} frame denied`)
    t.match(res.headers['content-security-policy'], /default-src 'none'/, `${url} CSP`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url} referrer policy`)
    t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/, `${url} request id`)
  }
})

t.test('X-Request-Id: a safe caller id is kept, anything else replaced', async t => {
  const { app } = await buildTestApp(t)
  const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-1.2:abc_DEF' } })
  t.equal(kept.headers['x-request-id'], 'trace-1.2:abc_DEF')
  for (const bad of ['has space', 'a'.repeat(129), 'semi;colon', '<script>']) {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': bad } })
    t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/, `replaced: ${bad.slice(0, 12)}`)
  }
  const error = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { 'x-request-id': 'req-42' } })
  t.equal(error.json().request_id, 'req-42', 'error bodies name the same id')
})

t.test('GET /health answers without calling Gitea', async t => {
  const { app, gitea } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/health' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { status: 'ok', uptime_seconds: Number })
  t.equal(gitea.requests.length, 0)
})

t.test('GET /ready proves the token works, and says why not', async t => {
  const good = await buildTestApp(t)
  const ready = await good.app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'ready', reason: null, state_store: 'memory', gitea_version: '1.26.3' })
  await good.app.inject({ method: 'GET', url: '/ready' })
  t.equal(good.gitea.requests.filter(r => r.path === '/api/v1/user').length, 1, 'cached for a few seconds')

  const badToken = await buildTestApp(t, { env: { GITEA_TOKEN: 'ffffffffffffffffffffffffffffffffffffffff' } })
  const notReady = await badToken.app.inject({ method: 'GET', url: '/ready' })
  t.equal(notReady.statusCode, 503)
  t.match(notReady.json(), { status: 'unavailable', reason: /GITEA_TOKEN/, state_store: 'memory', gitea_version: null })
  t.notMatch(notReady.body, /ffffffffffffffff/, 'the token is not in the reason')

  const unreachable = await buildTestApp(t, { env: { GITEA_URL: 'http://127.0.0.1:1' } })
  const down = await unreachable.app.inject({ method: 'GET', url: '/ready' })
  t.equal(down.statusCode, 503)
  t.match(down.json().reason, /127\.0\.0\.1:1|GITEA_URL|reach/i)
})

t.test('unknown public paths are JSON 404s', async t => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/nope?x=1' })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { error: 'not_found', message: String, request_id: String })
})

t.test('the public scope holds no tool runner and no Gitea client: only a readiness probe', async t => {
  const { app } = await buildTestApp(t)
  for (const name of ['runTool', 'gitea', 'toolView']) t.notOk(app.hasDecorator(name), `the root has no ${name}`)
  t.ok(app.hasDecorator('checkReady'), 'the root has the readiness probe')
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200, '/mcp still lists the tools')
  const called = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'list_repositories', arguments: {} } })
  t.equal(called.statusCode, 200, '/mcp still runs a tool')
})

t.test('a scope beside the public routes sees no tool runner either', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const app = await buildApp({ config: loadConfig({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: KEY_ONE, AUDIT_LOG_PATH: '-' }), logger: false, auditStream: new LineCollector() })
  t.teardown(async () => { await app.close() })
  const seen: Record<string, boolean> = {}
  await app.register(async (publicScope) => {
    for (const name of ['runTool', 'gitea', 'toolView', 'checkReady']) seen[name] = publicScope.hasDecorator(name)
  })
  await app.ready()
  t.same(seen, { runTool: false, gitea: false, toolView: false, checkReady: true })
})
