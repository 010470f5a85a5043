import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyIdOf, sha256 } from '../../lib/api-keys.js'
import { bearer, buildTestApp, KEY_ONE, KEY_TWO } from '../helpers/app.js'

const CHALLENGE = 'Bearer realm="aegis-gitea-mcp"'
const INVALID = 'Bearer realm="aegis-gitea-mcp", error="invalid_token"'
const WRONG_KEY = 'agm_wrong_key_abcdefghijklmnopqrstuvwxyz0123'

t.test('no Authorization header: 401 with the plain challenge, not counted', async t => {
  const { app, audit } = await buildTestApp(t, { env: { MAX_AUTH_FAILURES: '2' } })
  for (let i = 0; i < 4; i++) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools' })
    t.equal(res.statusCode, 401)
    t.equal(res.headers['www-authenticate'], CHALLENGE)
    t.match(res.json(), { error: 'unauthorized', message: /Bearer/, request_id: res.headers['x-request-id'] })
  }
  t.equal(audit.events('auth_failure').length, 4)
  t.match(audit.events('auth_failure')[0], { reason: 'missing_header', key_hint: '(0 chars)', severity: 'medium', method: 'GET', path: '/mcp/tools' })
  t.equal(audit.events('auth_lockout').length, 0, 'probes without credentials never lock an IP out')
})

t.test('an empty Authorization header was sent: malformed, plain challenge, counted', async t => {
  const { app, audit } = await buildTestApp(t, { env: { MAX_AUTH_FAILURES: '2' } })
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { authorization: '' } })
    statuses.push(res.statusCode)
    if (res.statusCode === 401) {
      t.equal(res.headers['www-authenticate'], CHALLENGE)
      t.match(res.json(), { error: 'unauthorized', message: /must be Bearer <key>/ })
    }
  }
  t.same(statuses, [401, 401, 429], 'the second failure locks the address out')
  t.same(audit.events('auth_failure').map(f => [f.reason, f.key_hint]), [['malformed_header', '(0 chars)'], ['malformed_header', '(0 chars)']])
  t.equal(audit.events('auth_lockout').length, 1)
})

t.test('another scheme, or Bearer without a token: 401 malformed, counted', async t => {
  const { app, audit } = await buildTestApp(t)
  for (const authorization of ['Basic dXNlcjpwYXNzd29yZA==', 'Bearer', 'Bearer    ', 'Token abc', KEY_ONE]) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization.slice(0, 10))
    t.equal(res.headers['www-authenticate'], CHALLENGE)
  }
  const failures = audit.events('auth_failure')
  t.same(failures.map(f => f.reason), Array(5).fill('malformed_header'))
  t.equal(failures[0]?.key_hint, '(20 chars)', 'a Basic credential is never partly logged')
  t.equal(failures[4]?.key_hint, `(${KEY_ONE.length} chars)`, 'a key sent without the scheme is not partly logged either')
})

t.test('a wrong key: 401 invalid_token with a key hint', async t => {
  const { app, audit } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['www-authenticate'], INVALID)
  t.match(res.json(), { error: 'invalid_token' })
  t.match(audit.events('auth_failure')[0], { reason: 'invalid_key', key_hint: 'agm_wron...0123' })
  const short = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('short') })
  t.equal(short.statusCode, 401)
  t.equal(audit.events('auth_failure')[1]?.key_hint, '(5 chars)')
})

t.test('every configured key works, the scheme is case-insensitive, success is audited with the key id', async t => {
  const { app, audit } = await buildTestApp(t)
  for (const authorization of [`Bearer ${KEY_ONE}`, `bearer ${KEY_TWO}`, `BEARER ${KEY_ONE}`]) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { authorization } })
    t.equal(res.statusCode, 200, authorization.slice(0, 8))
  }
  t.same(audit.events('auth_success').map(e => e.key_id), [keyIdOf(KEY_ONE), keyIdOf(KEY_TWO), keyIdOf(KEY_ONE)])
})

t.test('lockout: the failure that reaches the limit gets 401, then 429 even with a valid key until the window ends', async t => {
  let now = Date.parse('2026-01-01T00:00:00Z')
  const { app, audit } = await buildTestApp(t, { env: { MAX_AUTH_FAILURES: '3', AUTH_FAILURE_WINDOW: '60' }, clock: () => now })
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })
    t.equal(res.statusCode, 401, `failure ${i + 1} is a 401`)
    now += 1000
  }
  const blocked = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  t.equal(blocked.statusCode, 429)
  t.equal(blocked.headers['retry-after'], '57', 'whole seconds left in the window that began 3 s ago')
  t.match(blocked.json(), { error: 'too_many_auth_failures', request_id: String })

  const lockouts = audit.events('auth_lockout')
  t.equal(lockouts.length, 1, 'audited once')
  t.match(lockouts[0], { severity: 'high', failures: 3, window_seconds: 60 })
  t.match(audit.events('auth_blocked')[0], { retry_after_seconds: 57 })

  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })
  t.equal(audit.events('auth_lockout').length, 1, 'still once')

  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'public routes are never locked')
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE), remoteAddress: '10.9.9.9' })).statusCode, 200, 'other IPs are not locked')

  now += 57_000
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200, 'unlocked when the window ends')
})

t.test('unknown /mcp paths: 401 without a key, 404 with one', async t => {
  const { app } = await buildTestApp(t)
  for (const url of ['/mcp/nope', '/mcp/admin/secret', '/mcp/tools/extra', '/mcp/.well-known/oauth-protected-resource']) {
    const anonymous = await app.inject({ method: 'GET', url })
    t.equal(anonymous.statusCode, 401, `${url} anonymous`)
    const known = await app.inject({ method: 'GET', url, headers: bearer(KEY_ONE) })
    t.equal(known.statusCode, 404, `${url} with a key`)
    t.match(known.json(), { error: 'not_found' })
  }
})

t.test('request bodies are not parsed before authentication', async t => {
  const { app } = await buildTestApp(t)
  const broken = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: { 'content-type': 'application/json' }, payload: '{not json' })
  t.equal(broken.statusCode, 401, 'malformed JSON without a key is a 401, not a 400')
  const huge = await app.inject({ method: 'POST', url: '/mcp', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'a'.repeat(2_000_000) }) })
  t.equal(huge.statusCode, 401, 'an oversized body without a key is a 401, not a 413')
  const parsed = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: { 'content-type': 'application/json', ...bearer(KEY_ONE) }, payload: '{not json' })
  t.equal(parsed.statusCode, 400, 'with a key the body is parsed and rejected')
  t.match(parsed.json(), { error: 'bad_request', request_id: String })
})

t.test('per-key rate limit', async t => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '2' } })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200)
  const limited = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  t.equal(limited.statusCode, 429)
  t.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After in seconds')
  t.match(limited.json(), { error: 'rate_limited', request_id: String })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_TWO) })).statusCode, 200, 'another key has its own budget')
})

t.test('client IP: the socket address, or the right-most untrusted X-Forwarded-For behind a trusted proxy', async t => {
  const direct = await buildTestApp(t)
  await direct.app.inject({ method: 'GET', url: '/mcp/tools', headers: { 'x-forwarded-for': '6.6.6.6' } })
  t.equal(direct.audit.events('auth_failure')[0]?.client_ip, '127.0.0.1', 'X-Forwarded-For ignored without TRUST_PROXY')

  const proxied = await buildTestApp(t, { env: { TRUST_PROXY: '127.0.0.1' } })
  await proxied.app.inject({ method: 'GET', url: '/mcp/tools', headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } })
  t.equal(proxied.audit.events('auth_failure')[0]?.client_ip, '203.0.113.7', 'a spoofed left-most entry is not believed')
})

t.test('AUTH_ENABLED=false lets requests in and audits each one', async t => {
  const { app, audit } = await buildTestApp(t, { env: { AUTH_ENABLED: 'false', MCP_API_KEYS: '' } })
  const res = await app.inject({ method: 'GET', url: '/mcp/tools' })
  t.equal(res.statusCode, 200)
  t.match(audit.events('auth_disabled')[0], { severity: 'high', path: '/mcp/tools' })
})

t.test('no key or token ever reaches a log', async t => {
  const { app, audit, logs, gitea } = await buildTestApp(t)
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_TWO.slice(0, -1) + 'X') })
  await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'list_repositories', arguments: {} } })
  await app.inject({ method: 'GET', url: '/ready' })
  t.ok(logs.lines.length > 0, 'the app log was written')
  for (const secret of [KEY_ONE, KEY_TWO.slice(0, -1), gitea.token]) {
    t.notOk(logs.text().includes(secret), 'app log free of secrets')
    t.notOk(audit.text().includes(secret), 'audit log free of secrets')
  }
})

t.test('a hashed key (sha256:<hex> in MCP_API_KEYS) is accepted; the server holds only its digest', async t => {
  const digest = sha256(KEY_TWO).toString('hex')
  const { app, audit, config } = await buildTestApp(t, { env: { MCP_API_KEYS: `sha256:${digest}` } })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_TWO) })).statusCode, 200)
  t.equal(audit.events('auth_success')[0]?.key_id, keyIdOf(KEY_TWO))
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(digest) })).statusCode, 401, 'the digest is not a key')
  t.notOk(JSON.stringify(config).includes(KEY_TWO), 'the configuration holds no key')
})

t.test('an expired entry of the keys file: 401 invalid_token, audited as expired_key with its key id, counted', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-auth-'))
  const entry = (key: string, expiresAt: string): string => {
    const digest = sha256(key).toString('hex')
    return JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'test', created_at: '2026-01-01T00:00:00Z', expires_at: expiresAt })
  }
  writeFileSync(join(dir, 'keys.jsonl'), `${entry(KEY_TWO, '2020-01-01T00:00:00Z')}\n${entry(WRONG_KEY, '2999-01-01T00:00:00Z')}\n`)
  const { app, audit } = await buildTestApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: join(dir, 'keys.jsonl'), MAX_AUTH_FAILURES: '2' } })
  const expired = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_TWO) })
  t.equal(expired.statusCode, 401)
  t.equal(expired.headers['www-authenticate'], INVALID)
  t.match(expired.json(), { error: 'invalid_token', message: /expired/ })
  t.match(audit.events('auth_failure')[0], { reason: 'expired_key', key_hint: 'agm_test...1111', key_id: keyIdOf(KEY_TWO), severity: 'medium' })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })).statusCode, 200, 'an entry not yet expired works')
  t.equal((await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })).statusCode, 200, 'MCP_API_KEYS works beside the file')
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_TWO) })
  t.equal(audit.events('auth_lockout').length, 1, 'expired keys count towards the lockout')
  t.notOk(audit.text().includes(KEY_TWO), 'never the key in the audit log')
})

t.test('a success is audited before the answer leaves, whether Fastify or the MCP SDK writes it, and before the tool call', async t => {
  const { app, audit } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  // Ahead of Fastify's own listener: notes which audit lines exist when each answer's head is written.
  const seenAtAnswer: string[][] = []
  app.server.prependListener('request', (_request, response: ServerResponse) => {
    const writeHead = response.writeHead
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      seenAtAnswer.push(audit.records().map(record => String(record.event)))
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
    } as typeof response.writeHead
  })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`
  const post = (body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { ...bearer(KEY_ONE), 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(body) })

  const listed = await fetch(`${url}/tools`, { headers: bearer(KEY_ONE) })
  t.equal(listed.status, 200, 'answered by Fastify')
  const initialized = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })
  t.equal(initialized.status, 200, 'answered by the SDK, on a hijacked reply')
  await initialized.text()
  const called = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'no_such_tool', arguments: {} } })
  t.equal(called.status, 200)
  await called.text()

  t.same(seenAtAnswer.map(events => events.filter(event => event === 'auth_success').length), [1, 2, 3], 'each answer found its success line written')
  t.same(audit.records().map(record => record.event), ['server_start', 'auth_success', 'auth_success', 'auth_success', 'tool_call'], 'a success line comes before the call it let in')
})
