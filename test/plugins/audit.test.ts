import t from 'tap'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

const COMMON = ['timestamp', 'event', 'severity', 'request_id', 'client_ip', 'user_agent', 'method', 'path']

t.test('every record carries the contract fields, timestamp first', async t => {
  const { app, audit } = await buildTestApp(t)
  await app.inject({ method: 'GET', url: '/mcp/tools?x=1', headers: { 'user-agent': 'audit-test/1.0', ...bearer(KEY_ONE) } })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('nope') })
  await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website', nested: { a: 1 } } } })
  const records = audit.records()
  t.ok(records.length >= 4)
  for (const record of records) {
    t.same(Object.keys(record).slice(0, 3), ['severity', 'timestamp', 'event'], 'severity, timestamp and event lead')
    for (const field of COMMON) t.ok(field in record, `${String(record.event)} has ${field}`)
    t.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'UTC ISO 8601 with milliseconds')
    t.match(record.severity, /^(info|medium|high)$/)
  }
  t.match(records[0], { event: 'auth_success', user_agent: 'audit-test/1.0', method: 'GET', path: '/mcp/tools', client_ip: '127.0.0.1' })
  t.equal(records.some(r => String(r.path).includes('?')), false, 'paths carry no query string')
  const call = audit.events('tool_call')[0]
  t.match(call, { tool: 'get_repository_info', outcome: 'error', error_code: 'invalid_arguments' })
  t.same(call?.arguments, { owner: 'acme', repo: 'website', nested: '[object]' }, 'arguments: names and scalar values only')
})

t.test('the audit file is created with its directory, and start and stop are recorded', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'))
  const path = join(dir, 'nested', 'deeper', 'audit.log')
  const { app } = await buildTestApp(t, { env: { AUDIT_LOG_PATH: path }, auditStream: undefined })
  await app.listen({ host: '127.0.0.1', port: 0 })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  await app.close()
  const lines = readFileSync(path, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>)
  t.same(lines.map(l => l.event), ['server_start', 'auth_success', 'server_stop'])
  t.match(lines[0], { path: null, request_id: null, auth_enabled: true, key_count: 2, gitea_host: /^127\.0\.0\.1:\d+$/, version: String })
})

t.test('AUTH_ENABLED=false is audited loudly at start-up', async t => {
  const { app, audit } = await buildTestApp(t, { env: { AUTH_ENABLED: 'false', MCP_API_KEYS: '' } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.match(audit.events('auth_disabled')[0], { severity: 'high', path: null })
  t.match(audit.events('server_start')[0], { auth_enabled: false, key_count: 0 })
})
