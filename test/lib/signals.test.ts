import t from 'tap'
import { createAuditLog, NO_REQUEST } from '../../lib/audit-log.js'
import { createSignals, tapAudit, type AuditSignal } from '../../lib/signals.js'
import { CodeSearchCache, type CodeIndex } from '../../lib/tools/code-search-cache.js'
import { LineCollector } from '../helpers/lines.js'

t.test('a listener that throws is reported and skipped; the others and the emitter go on', async t => {
  const failures: Array<[unknown, string]> = []
  const signals = createSignals((error, kind) => { failures.push([error, kind]) })
  const seen: string[] = []
  signals.on('codeCache', () => { throw new Error('broken listener') })
  const stop = signals.on('codeCache', lookup => { seen.push(lookup) })
  signals.emit('codeCache', 'hit')
  stop()
  signals.emit('codeCache', 'miss')
  t.same(seen, ['hit'], 'a stopped listener hears nothing more')
  t.equal(failures.length, 2)
  t.equal(failures[0]?.[1], 'codeCache')
})

t.test('store health is remembered per store', async t => {
  const signals = createSignals()
  t.same(signals.storeHealth(), [])
  signals.emit('storeHealth', { store: 'memory', up: true })
  signals.emit('storeHealth', { store: 'redis', up: true })
  signals.emit('storeHealth', { store: 'redis', up: false })
  t.same(signals.storeHealth(), [{ store: 'memory', up: true }, { store: 'redis', up: false }])
})

t.test('a tapped audit log writes each record, then emits it as written', async t => {
  const lines = new LineCollector()
  const audit = createAuditLog({ path: '-', stream: lines })
  const signals = createSignals()
  const seen: AuditSignal[] = []
  signals.on('audit', signal => {
    t.equal(lines.lines.length, seen.length + 1, 'the line is written before observers hear of it')
    seen.push(signal)
  })
  tapAudit(audit, signals)
  audit.record('auth_lockout', 'high', { ...NO_REQUEST, client_ip: '192.0.2.1' }, { failures: 5, window_seconds: 300 })
  audit.record('server_stop', 'info', NO_REQUEST)
  t.same(seen.map(s => s.event), ['auth_lockout', 'server_stop'])
  t.same(seen[0], { event: 'auth_lockout', severity: 'high', request: { ...NO_REQUEST, client_ip: '192.0.2.1' }, fields: { failures: 5, window_seconds: 300 } })
  t.same(lines.events('auth_lockout').length, 1)
})

t.test('the search_code cache tells each lookup: a build is a miss; a kept or shared index is a hit', async t => {
  const lookups: string[] = []
  const cache = new CodeSearchCache(8, 1024, lookup => { lookups.push(lookup) })
  const index: CodeIndex = { commit: 'c', scope: '', files: [], bytes: 10, skipped: [], complete: true, treeTruncated: false, unread: [] }
  let release = (): void => {}
  const gate = new Promise<void>(resolve => { release = resolve })
  const build = async (): Promise<CodeIndex> => { await gate; return index }
  const first = cache.getOrBuild('k', build)
  const second = cache.getOrBuild('k', build)
  release()
  await Promise.all([first, second])
  await cache.getOrBuild('k', build)
  cache.noteHit()
  t.same(lookups, ['miss', 'hit', 'hit', 'hit'])
})
