import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import t from 'tap'
import { AuditChain, GENESIS_HASH } from '../../lib/audit-chain.js'
import { auditJson, createAuditLog, NO_REQUEST, type AuditRequest, type Severity } from '../../lib/audit-log.js'
import { LineCollector } from '../helpers/lines.js'

const TIME = new Date('2026-12-05T12:34:56.789Z')

/** The pino logger the audit log formatted its records with until issue 13's third round: the reference. */
function pinoReference (): { record: (severity: Severity, object: Record<string, unknown>) => string } {
  const out = new LineCollector()
  const logger = pino<Severity>({
    base: null,
    customLevels: { info: 30, medium: 40, high: 50 },
    useOnlyCustomLevels: true,
    level: 'info',
    timestamp: () => `,"timestamp":"${TIME.toISOString()}"`,
    formatters: { level: (label: string) => ({ severity: label }) },
    redact: { paths: ['authorization', 'headers.authorization', 'token', 'key', '*.authorization', '*.token', '*.key'], censor: '[REDACTED]' }
  }, out)
  return {
    record (severity, object) {
      logger[severity](object)
      return `${out.lines.at(-1) ?? ''}\n`
    }
  }
}

const request: AuditRequest = { request_id: 'req-1', client_ip: '203.0.113.7', user_agent: 'agent "quoted" \\ \u0001 é 😀', method: 'POST', path: '/mcp' }

t.test('an audit line is byte for byte what pino wrote with the audit options, redaction included', async t => {
  const reference = pinoReference()
  const records: Array<[Severity, Record<string, unknown>]> = [
    ['info', { event: 'auth_success', ...request, key_id: 'abcdef012345' }],
    ['medium', { event: 'auth_failure', ...request, reason: 'invalid_key', key_hint: 'agm_abcd...wxyz' }],
    ['info', { event: 'server_start', ...NO_REQUEST, version: '1.0.0', auth_enabled: true, key_count: 2, gitea_host: 'gitea:3000' }],
    ['info', {
      event: 'tool_call',
      ...request,
      tool: 'get_file_contents',
      arguments: { owner: 'acme', repo: 'x', path: 'a\nb', start_line: 3, recursive: false, ref: null, key: 'secret-arg', token: 'tok', nested: '[object]' },
      outcome: 'ok',
      error_code: null,
      duration_ms: 12,
      key_id: 'abcdef012345'
    }],
    // What must never reach the file even if it slips in, at the top level and one level down.
    ['high', { event: 'auth_lockout', ...request, authorization: 'Bearer secret', token: 'secret', key: 'secret', headers: { authorization: 'Bearer secret', host: 'x' }, failures: 5, window_seconds: 300 }],
    // What pino leaves out or turns to null.
    ['info', { event: 'keys_reloaded', ...request, gone: undefined, fn: () => 1, infinite: Infinity, nan: Number.NaN, list: [1, 'two', { key: 'deep' }], empty: {}, deeper: { a: { token: 'two levels down' } } }],
    ['medium', { event: 'auth_failure', ...request, token: null, arguments: { key: undefined, authorization: null } }]
  ]
  for (const [severity, record] of records) {
    t.equal(auditJson(severity, TIME, record), reference.record(severity, record), `${String(record.event)} (${severity})`)
  }
  const line = auditJson('high', TIME, records[4]?.[1] ?? {})
  t.notMatch(line, /secret/, 'no secret in the line')
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
  t.equal(first, chain.seal(auditJson('info', TIME, { event: 'auth_success', ...request, key_id: 'abcdef012345' })), 'the line is the record, sealed from the genesis hash')
  audit.record('tool_call', 'medium', request, { tool: 'x', outcome: 'error' })
  t.equal(readFileSync(path, 'utf8'), first + chain.seal(auditJson('medium', TIME, { event: 'tool_call', ...request, tool: 'x', outcome: 'error' })), 'the next line chains to the first')
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
  chain.seal(auditJson('info', TIME, { event: 'server_start', ...NO_REQUEST }))
  const second = createAuditLog({ path, now: () => TIME })
  second.record('server_stop', 'info', NO_REQUEST, {})
  t.equal(readFileSync(path, 'utf8'), written + chain.seal(auditJson('info', TIME, { event: 'server_stop', ...NO_REQUEST })))
})
