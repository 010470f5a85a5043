import t from 'tap'
import { createHash } from 'node:crypto'
import { appendFileSync, chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, statSync, truncateSync, writeFileSync } from 'node:fs'
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

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(3, '0')

t.test('the audit file is created 0600 and its directories 0700, whatever the umask', async t => {
  // Each tap file runs in its own process: this umask is this file's alone, and is put back.
  const umask = process.umask(0o000)
  t.teardown(() => { process.umask(umask) })
  const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'))
  const path = join(dir, 'logs', 'nested', 'audit.log')
  const { app, logs } = await buildTestApp(t, { env: { AUDIT_LOG_PATH: path }, auditStream: undefined })
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.equal(modeOf(path), '600', 'the file: owner read and write only')
  t.equal(modeOf(join(dir, 'logs', 'nested')), '700', 'its directory: owner only')
  t.equal(modeOf(join(dir, 'logs')), '700', 'and each directory created for it')
  t.notMatch(logs.text(), /audit log .* readable by others/, 'nothing to warn about')

  // A umask stricter than the owner's own rights must not leave a file the server cannot reopen.
  process.umask(0o277)
  const strict = join(dir, 'strict', 'audit.log')
  const second = await buildTestApp(t, { env: { AUDIT_LOG_PATH: strict }, auditStream: undefined })
  await second.app.listen({ host: '127.0.0.1', port: 0 })
  t.equal(modeOf(strict), '600')
  t.equal(modeOf(join(dir, 'strict')), '700')
})

t.test('an existing audit file or directory that others can read is kept, with one warning line each', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'))
  const logsDir = join(dir, 'logs')
  const path = join(logsDir, 'audit.log')
  mkdirSync(logsDir)
  writeFileSync(path, '')
  chmodSync(logsDir, 0o755)
  chmodSync(path, 0o644)
  const { app, logs } = await buildTestApp(t, { env: { AUDIT_LOG_PATH: path }, auditStream: undefined })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const warnings = logs.records().filter(record => record.level === 40 && /audit log/.test(String(record.msg)))
  t.equal(warnings.length, 2, 'one line for the file, one for its directory')
  t.match(warnings.find(w => w.path === path), { mode: '644', msg: /readable by others.*chmod 600/ })
  t.match(warnings.find(w => w.path === logsDir), { mode: '755', msg: /readable by others.*chmod 700/ })
  t.equal(modeOf(path), '644', 'the operator\'s file is not changed behind their back')
  t.match(readFileSync(path, 'utf8'), /server_start/, 'and it is written to')
})

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex')
const CHAIN_TAIL = /,"prev_hash":"([0-9a-f]{64})","hash":"([0-9a-f]{64})"\}$/

t.test('each line carries prev_hash and hash, last: a chain from the genesis value, in the test stream too', async t => {
  const { app, audit } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('nope') })
  t.ok(audit.lines.length >= 3)
  let previous = '0'.repeat(64)
  for (const line of audit.lines) {
    const [, prevHash, hash] = CHAIN_TAIL.exec(line) ?? []
    t.equal(prevHash, previous, 'prev_hash: the SHA-256 of the line before, exactly as written')
    t.equal(hash, sha256Hex(line.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}')), 'hash: the SHA-256 of the line without its hash field')
    t.same(Object.keys(JSON.parse(line) as object).slice(-2), ['prev_hash', 'hash'])
    previous = sha256Hex(line)
  }
})

t.test('after a crash cut the last line short, the server starts a new line and chains from the cut one', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'))
  const path = join(dir, 'audit.log')
  const cut = '{"severity":"info","timestamp":"2026-01-01T00:00:00.000Z","event":"auth_suc'
  writeFileSync(path, cut, { mode: 0o600 })
  const { app, logs } = await buildTestApp(t, { env: { AUDIT_LOG_PATH: path }, auditStream: undefined })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const lines = readFileSync(path, 'utf8').split('\n')
  t.equal(lines[0], cut, 'the cut line is kept as it is (verify-audit reports it)')
  t.match(lines[1], /"event":"server_start"/, 'the next record starts on a line of its own')
  t.equal(CHAIN_TAIL.exec(lines[1] ?? '')?.[1], sha256Hex(cut))
  t.match(logs.text(), /audit log .* ends in a cut-short line/, 'the application log says so')
})

t.test('on start only the end of the file is read: a 1 GiB log starts at once', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'))
  const path = join(dir, 'audit.log')
  // A sparse gigabyte (no disk used) with one line at its end: loading the file whole would fail.
  writeFileSync(path, '', { mode: 0o600 })
  truncateSync(path, 1024 ** 3)
  const last = '{"severity":"info","event":"server_stop"}'
  appendFileSync(path, `\n${last}\n`)
  const { app } = await buildTestApp(t, { env: { AUDIT_LOG_PATH: path }, auditStream: undefined })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const fd = openSync(path, 'r')
  t.teardown(() => { closeSync(fd) })
  const tail = Buffer.alloc(4096)
  const read = readSync(fd, tail, 0, tail.length, 1024 ** 3 + last.length + 2)
  const started = tail.subarray(0, read).toString('utf8').split('\n')[0] ?? ''
  t.match(started, /"event":"server_start"/)
  t.equal(CHAIN_TAIL.exec(started)?.[1], sha256Hex(last), 'the chain continues from the last line')
})
