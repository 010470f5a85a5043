import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { AuditChain, GENESIS_HASH } from '../../lib/audit-chain.js'
import { createAuditLog, NO_REQUEST, withoutSecrets, type AuditRequest, type Severity } from '../../lib/audit-log.js'
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

t.test('a record written soon waits for the next turn, stamped with the time it was made, and never after a later record', async t => {
  const out = new LineCollector()
  let clock = TIME
  const audit = createAuditLog({ path: '-', stream: out, now: () => clock })
  audit.recordSoon('auth_success', 'info', request, { key_id: 'k1' })
  t.equal(out.lines.length, 0, 'not written at once')
  clock = new Date(TIME.getTime() + 5)
  await new Promise(resolve => setImmediate(resolve))
  t.equal(out.lines.length, 1, 'written on the next turn of the event loop')
  t.equal(JSON.parse(out.lines[0] ?? '').timestamp, TIME.toISOString(), 'with the time it was recorded, not written')

  audit.recordSoon('auth_success', 'info', request, { key_id: 'k2' })
  audit.record('tool_call', 'info', request, { tool: 'x' })
  t.same(out.records().map(record => [record.event, record.key_id]), [['auth_success', 'k1'], ['auth_success', 'k2'], ['tool_call', undefined]], 'a later record writes it first')
  t.match(JSON.parse(out.lines[2] ?? ''), { timestamp: clock.toISOString() }, 'a record written now is stamped now')

  audit.recordSoon('auth_success', 'info', request, { key_id: 'k3' })
  audit.writePending()
  audit.recordSoon('auth_success', 'info', request, { key_id: 'k4' })
  audit.flush()
  t.same(out.records().map(record => record.key_id).slice(3), ['k3', 'k4'], 'writePending() and flush() write what waits')
  await new Promise(resolve => setImmediate(resolve))
  t.equal(out.lines.length, 5, 'each record is written once')
  const chain = new AuditChain(GENESIS_HASH)
  t.same(out.lines.map(line => chain.seal(`${line.replace(/,"prev_hash":.*$/, '')}}\n`)), out.lines.map(line => `${line}\n`), 'one chain, in the order written')
})

t.test('a record without secrets is written as it is, and one with them is copied, never changed', async t => {
  const clean = { event: 'tool_call', arguments: { owner: 'acme' }, list: [{ key: 'k' }] }
  t.equal(withoutSecrets(clean), clean, 'nothing to hide: the same object')
  const dirty = { event: 'x', nested: { token: 't', other: 1 } }
  t.same(withoutSecrets(dirty), { event: 'x', nested: { token: '[REDACTED]', other: 1 } })
  t.same(dirty, { event: 'x', nested: { token: 't', other: 1 } }, 'the caller\'s record is left as it was')
})

t.test('a record written soon that fails to write stays queued, and the next write tries it again', async t => {
  const out = new LineCollector()
  let failures = 1
  const flaky = { write: (chunk: string): boolean => { if (failures-- > 0) throw new Error('EIO'); return out.write(chunk) } }
  const audit = createAuditLog({ path: '-', stream: flaky, now: () => TIME })
  audit.recordSoon('auth_success', 'info', request, { key_id: 'k1' })
  await new Promise(resolve => setImmediate(resolve))
  t.equal(out.lines.length, 0, 'the failed write threw nowhere (no request to fail on its own turn), and wrote nothing')
  audit.record('tool_call', 'info', request, { tool: 'x' })
  t.same(out.records().map(record => record.event), ['auth_success', 'tool_call'], 'written first by the next record')
})
