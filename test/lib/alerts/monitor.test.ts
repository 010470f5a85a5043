import t from 'tap'
import { ALERT_PERIOD_MS, BURST_FAILURES, BURST_WINDOW_MS, createAlertMonitor, GITEA_DOWN_AFTER_MS } from '../../../lib/alerts/monitor.js'
import { createAlertThrottle } from '../../../lib/alerts/throttle.js'
import { scrub } from '../../../lib/alerts/webhook.js'
import { NO_REQUEST } from '../../../lib/audit-log.js'
import type { AuditSignal } from '../../../lib/signals.js'

function setup (): { sent: Array<{ kind: string, text: string }>, clock: { now: number }, monitor: ReturnType<typeof createAlertMonitor> } {
  const sent: Array<{ kind: string, text: string }> = []
  const clock = { now: 1_000_000 }
  const monitor = createAlertMonitor({ clock: () => clock.now, send: (kind, text) => { sent.push({ kind, text }) } })
  return { sent, clock, monitor }
}

function failure (ip: string, reason = 'invalid_key'): AuditSignal {
  return { event: 'auth_failure', severity: 'medium', request: { ...NO_REQUEST, client_ip: ip }, fields: { reason, key_hint: 'agm_abcd...wxyz' } }
}

t.test('the throttle sends the first occurrence, holds the rest for the period, then reports their count once', async t => {
  const throttle = createAlertThrottle(1000)
  t.equal(throttle.admit('a', 0), 0)
  t.equal(throttle.admit('a', 10), null)
  t.equal(throttle.admit('a', 20), null)
  t.equal(throttle.admit('b', 20), 0, 'kinds are limited separately')
  t.same(throttle.due(999), [])
  t.same(throttle.due(1000), [{ kind: 'a', count: 2 }])
  t.same(throttle.due(5000), [], 'reported once')
  t.equal(throttle.admit('a', 5000), 0)
  t.equal(throttle.admit('a', 5001), null)
  t.equal(throttle.admit('a', 6001), 1, 'held occurrences not yet reported ride along with the next message')
})

t.test('a burst is BURST_FAILURES failures within a minute, all clients together; missing headers do not count', async t => {
  const { sent, clock, monitor } = setup()
  for (let i = 0; i < BURST_FAILURES - 1; i++) monitor.audit(failure(`192.0.2.${i % 3}`))
  for (let i = 0; i < 50; i++) monitor.audit(failure('192.0.2.9', 'missing_header'))
  t.equal(sent.length, 0)
  clock.now += BURST_WINDOW_MS + 1
  monitor.audit(failure('192.0.2.1'))
  t.equal(sent.length, 0, 'spread over more than a minute is no burst')
  for (let i = 0; i < BURST_FAILURES - 1; i++) monitor.audit(failure('192.0.2.7'))
  t.equal(sent.length, 1)
  t.match(sent[0]?.text, /20 failed authentications within \d+ s from 2 addresses \(most: 192\.0\.2\.7 ×19, 192\.0\.2\.1 ×1\)/)
  t.notOk(sent[0]?.text.includes('agm_abcd'), 'never a key hint')
})

t.test('Gitea: an outage is told after a minute of failures, once, and its end once', async t => {
  const { sent, clock, monitor } = setup()
  monitor.gitea({ durationMs: 5, outcome: 'gitea_unreachable' })
  clock.now += GITEA_DOWN_AFTER_MS
  monitor.gitea({ durationMs: 5, outcome: 'not_found' })
  t.equal(sent.length, 0, 'a 404 is an answer: the streak ends')
  monitor.gitea({ durationMs: 5, outcome: 'gitea_timeout' })
  clock.now += GITEA_DOWN_AFTER_MS
  monitor.gitea({ durationMs: 5, outcome: 'aborted' })
  t.equal(sent.length, 0, 'a caller giving up says nothing about Gitea')
  monitor.gitea({ durationMs: 5, outcome: 'gitea_error' })
  monitor.gitea({ durationMs: 5, outcome: 'gitea_unreachable' })
  t.same(sent.map(s => s.kind), ['gitea_unreachable'])
  t.match(sent[0]?.text, /Gitea has not answered for 60 s: 2 requests failed/)
  clock.now += 1000
  monitor.gitea({ durationMs: 5, outcome: 'ok' })
  monitor.gitea({ durationMs: 5, outcome: 'ok' })
  t.same(sent.map(s => s.kind), ['gitea_unreachable', 'gitea_recovered'])
  t.match(sent[1]?.text, /Gitea answers again, after 61 s and 3 failed requests/)
})

t.test('state store: down and back are told on change only; summaries come when the period ends', async t => {
  const { sent, clock, monitor } = setup()
  monitor.storeHealth({ store: 'memory', up: true })
  t.equal(sent.length, 0, 'a store coming up for the first time is no news')
  monitor.storeHealth({ store: 'redis', up: false })
  monitor.storeHealth({ store: 'redis', up: false })
  monitor.storeHealth({ store: 'redis', up: true })
  t.same(sent.map(s => s.kind), ['state_store_down', 'state_store_up'])
  monitor.storeHealth({ store: 'redis', up: false })
  t.equal(sent.length, 2, 'flapping within the period is held back')
  clock.now += ALERT_PERIOD_MS
  monitor.flushDue()
  t.match(sent[2]?.text, /^1 more state store failures in the last 5 minutes\.$/)
  monitor.notify('my_kind', 'hello')
  monitor.notify('my_kind', 'hello again')
  clock.now += ALERT_PERIOD_MS
  monitor.flushDue()
  t.equal(sent.at(-1)?.text, '1 more "my_kind" alerts in the last 5 minutes.')
})

t.test('scrub blanks secrets, key-shaped strings, query strings and the webhook itself', async t => {
  const webhook = 'https://hooks.example/services/T/B/secretpath'
  const out = scrub(`a agm_${'x'.repeat(40)} b tok3n-value-123 c https://git.example/x?token=abc#frag d ${webhook}`, ['tok3n-value-123'], webhook)
  t.equal(out, 'a [redacted key] b [redacted] c https://git.example/x d [redacted]')
  t.equal(scrub('y'.repeat(5000), []).length, 1501, 'bounded')
})
