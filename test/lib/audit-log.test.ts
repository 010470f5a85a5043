import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { AuditChain, GENESIS_HASH } from '../../lib/audit-chain.js'
import { createAuditLog, NO_REQUEST, type AuditRequest, type Severity } from '../../lib/audit-log.js'
import { LineCollector } from '../helpers/lines.js'

const TIME = new Date('2026-12-05T12:34:56.789Z')

const request: AuditRequest = { request_id: 'req-1', client_ip: '203.0.113.7', user_agent: 'agent "quoted" \\ \u0001 é 😀', method: 'POST', path: '/mcp' }

/** What the audit log writes for a record: severity and timestamp first, then its fields in order. */
function expectedLine (severity: Severity, record: Record<string, unknown>): string {
  return `${JSON.stringify({ severity, timestamp: TIME.toISOString(), ...record })}\n`
}

t.test('secrets never reach an audit line, at the top level or one level down', async t => {
  const out = new LineCollector()
  const audit = createAuditLog({ path: '-', stream: out, now: () => TIME })
  audit.record('auth_lockout', 'high', request, { authorization: 'Bearer secret', token: 'secret', key: 'secret', headers: { authorization: 'Bearer secret', host: 'x' }, arguments: { key: 'secret', owner: 'acme' }, failures: 5 })
  const line = out.lines.at(-1) ?? ''
  t.notMatch(line, /secret/, 'no secret in the line')
  const parsed = JSON.parse(line) as Record<string, unknown>
  t.match(parsed, { severity: 'high', timestamp: TIME.toISOString(), event: 'auth_lockout', authorization: '[REDACTED]', token: '[REDACTED]', key: '[REDACTED]', headers: { authorization: '[REDACTED]', host: 'x' }, arguments: { key: '[REDACTED]', owner: 'acme' }, failures: 5 })
})

t.test('records are sealed into the chain and written one by one, synchronously, to the file', async t => {
  const directory = mkdtempSync(join(tmpdir(), 'audit-log-'))
  const path = join(directory, 'audit.log')
  const audit = createAuditLog({ path, now: () => TIME })
  audit.record('auth_success', 'info', request, { key_id: 'abcdef012345' })
  // Written before record() returned: a crash right after it loses nothing.
  const first = readFileSync(path, 'utf8')
  t.equal(first.split('\n').length, 2, 'one line in the file as soon as record() returns')
  const chain = new AuditChain(GENESIS_HASH)
  t.equal(first, chain.seal(expectedLine('info', { event: 'auth_success', ...request, key_id: 'abcdef012345' })), 'the line is the record, sealed from the genesis hash')
  audit.record('tool_call', 'medium', request, { tool: 'x', outcome: 'error' })
  t.equal(readFileSync(path, 'utf8'), first + chain.seal(expectedLine('medium', { event: 'tool_call', ...request, tool: 'x', outcome: 'error' })), 'the next line chains to the first')
  audit.flush()
})

t.test('a restarted log continues the chain from the file\'s last line', async t => {
  const directory = mkdtempSync(join(tmpdir(), 'audit-log-'))
  const path = join(directory, 'audit.log')
  const first = createAuditLog({ path, now: () => TIME })
  first.record('server_start', 'info', NO_REQUEST, {})
  first.flush()
  const written = readFileSync(path, 'utf8')
  const chain = new AuditChain(GENESIS_HASH)
  chain.seal(expectedLine('info', { event: 'server_start', ...NO_REQUEST }))
  const second = createAuditLog({ path, now: () => TIME })
  second.record('server_stop', 'info', NO_REQUEST, {})
  t.equal(readFileSync(path, 'utf8'), written + chain.seal(expectedLine('info', { event: 'server_stop', ...NO_REQUEST })))
})
