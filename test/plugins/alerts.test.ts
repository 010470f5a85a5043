import t, { type Test } from 'tap'
import type { AddressInfo } from 'node:net'
import { keyHint } from '../../lib/api-keys.js'
import { bearer, buildTestApp, KEY_ONE, KEY_TWO } from '../helpers/app.js'
import { startReceiver, WEBHOOK_PATH, type Receiver, type ReceiverMode } from '../helpers/webhook-receiver.js'

// A recognisable fake key: no message may carry it, nor its hint.
const FAKE_KEY = 'agm_FAKEKEYxRECOGNISABLEx0123456789abcdefghij'
const START = Date.parse('2026-01-01T00:00:00Z')

async function start (t: Test, mode: ReceiverMode = 'ok', env: Record<string, string> = {}, timeoutMs?: number): Promise<{
  base: string
  receiver: Receiver
  clock: { now: number }
  app: Awaited<ReturnType<typeof buildTestApp>>['app']
  logs: Awaited<ReturnType<typeof buildTestApp>>['logs']
  gitea: Awaited<ReturnType<typeof buildTestApp>>['gitea']
  config: Awaited<ReturnType<typeof buildTestApp>>['config']
}> {
  const receiver = await startReceiver(t, mode)
  const clock = { now: START }
  const built = await buildTestApp(t, {
    env: { ALERT_WEBHOOK_URL: receiver.url, TRUST_PROXY: '127.0.0.1', MAX_AUTH_FAILURES: '4', ...env },
    alerts: { clock: () => clock.now, ...(timeoutMs === undefined ? {} : { timeoutMs }) }
  })
  await built.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...built, base: `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`, receiver, clock }
}

async function failAuth (base: string, ip: string): Promise<number> {
  const response = await fetch(`${base}/mcp/tools`, { headers: { ...bearer(FAKE_KEY), 'x-forwarded-for': ip } })
  await response.arrayBuffer()
  return response.status
}

function assertNoSecrets (t: Test, texts: string[], config: { gitea: { token: string } }): void {
  const all = texts.join('\n')
  for (const secret of [FAKE_KEY, keyHint(FAKE_KEY), FAKE_KEY.slice(0, 12), KEY_ONE, KEY_TWO, config.gitea.token, WEBHOOK_PATH, 'XsecretXquery']) {
    t.notOk(all.includes(secret), `no ${secret.slice(0, 10)}… in a message`)
  }
}

t.test('a flood of 200 failed authentications from 50 addresses sends a handful of messages, with counts', async t => {
  const { base, receiver, clock, app, config, logs } = await start(t)
  const ips = Array.from({ length: 50 }, (_, i) => `198.51.100.${i + 1}`)
  // 4 failures each (MAX_AUTH_FAILURES=4): 200 failures, 50 lockouts; ten addresses at a time.
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < ips.length; i += 10) {
      const statuses = await Promise.all(ips.slice(i, i + 10).map(async ip => await failAuth(base, ip)))
      t.same(new Set(statuses), new Set([401]))
    }
  }
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 2, 'one burst alert and one lockout alert, not 250 messages')
  const first = receiver.bodies.map(body => body.text).join('\n')
  t.match(first, /20 failed authentications within \d+ s from \d+ addresses/)
  t.match(first, /Client 198\.51\.100\.\d+ is locked out after 4 failed authentications \(for up to 300 s\)/)
  t.match(first, /^\[aegis-gitea-mcp /m, 'each message says which server speaks')

  // The period has not ended: nothing more is sent.
  clock.now += 60_000
  app.alerts.flushDue()
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 2)

  // The period ends: one summary per kind, with the count of what was held back.
  clock.now = START + 5 * 60_000 + 1
  app.alerts.flushDue()
  await receiver.received(4)
  await app.alerts.settled()
  const texts = receiver.bodies.map(body => body.text)
  t.equal(texts.length, 4, 'a handful in all')
  t.ok(texts.some(text => text.includes('180 more failed authentications in the last 5 minutes')), texts.join('\n'))
  t.ok(texts.some(text => text.includes('49 more lockouts in the last 5 minutes')), texts.join('\n'))

  // Nothing more to tell: later flushes are quiet.
  clock.now += 10 * 60_000
  app.alerts.flushDue()
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 4)
  assertNoSecrets(t, texts, config)
  t.notOk(logs.text().includes(WEBHOOK_PATH), 'the webhook path is never logged')
})

t.test('a receiver that hangs, then answers 500, slows and breaks no request; the failure is logged once, by host', async t => {
  const { base, receiver, app, logs } = await start(t, 'hang')
  // Four failures lock 203.0.113.5 out (an alert is sent and hangs); requests go on meanwhile.
  for (let i = 0; i < 4; i++) t.equal(await failAuth(base, '203.0.113.5'), 401)
  t.equal(await failAuth(base, '203.0.113.5'), 429)
  await receiver.received(1)
  const ok = await fetch(`${base}/mcp/tool/call`, { method: 'POST', headers: { ...bearer(KEY_ONE), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'list_repositories', arguments: {} }) })
  t.equal(ok.status, 200, 'a tool call is answered while the alert is still unanswered')
  t.equal(receiver.held, 1, 'the alert was still waiting when every request had been answered')
  app.alerts.notify('test_kind', 'a second alert while the receiver fails')
  await receiver.received(2)
  receiver.mode = 'fail'
  receiver.release()
  await app.alerts.settled()
  app.alerts.notify('other_kind', 'a third alert, answered 500')
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 3)
  const warnings = logs.records().filter(line => line.msg === 'alert webhook failed; further failures are not logged until one succeeds')
  t.equal(warnings.length, 1, 'logged once, not per message')
  t.equal(warnings[0]?.webhook_host, new URL(receiver.url).host)
  t.notOk(logs.text().includes(WEBHOOK_PATH))
  t.notOk(logs.text().includes('XsecretXquery'))

  receiver.mode = 'ok'
  app.alerts.notify('third_kind', 'the receiver works again')
  await app.alerts.settled()
  t.equal(logs.records().filter(line => line.msg === 'alert webhook delivers again').length, 1)
})

t.test('a receiver that never answers is given up on after the timeout', async t => {
  const { receiver, app, logs } = await start(t, 'hang', {}, 200)
  app.alerts.notify('slow', 'nobody answers this one')
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 1)
  const warning = logs.records().find(line => line.msg === 'alert webhook failed; further failures are not logged until one succeeds')
  t.equal(warning?.reason, 'no answer within 200 ms')
})

t.test('Gitea failing for a minute is one alert; a lost state store is one alert; notify() is scrubbed', async t => {
  const { base, receiver, clock, app, gitea, config } = await start(t)
  await gitea.close()
  const call = async (): Promise<void> => {
    const response = await fetch(`${base}/mcp/tool/call`, { method: 'POST', headers: { ...bearer(KEY_ONE), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'list_repositories', arguments: {} }) })
    t.equal(response.status, 200, 'a Gitea failure is a tool result')
    await response.arrayBuffer()
  }
  await call()
  clock.now += 30_000
  await call()
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 0, 'not after 30 s')
  clock.now += 31_000
  await call()
  await call()
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 1)
  t.match(receiver.bodies[0]?.text, /Gitea has not answered for 61 s: 3 requests failed/)
  t.notOk(receiver.bodies[0]?.text.includes(new URL(config.gitea.url).port), 'nor Gitea\'s address')

  app.signals.emit('storeHealth', { store: 'redis', up: false })
  app.signals.emit('storeHealth', { store: 'redis', up: false })
  await app.alerts.settled()
  t.equal(receiver.bodies.length, 2, 'the store going down is told once')
  t.match(receiver.bodies[1]?.text, /The redis state store is unreachable/)

  app.alerts.notify('custom', `key ${FAKE_KEY} token ${config.gitea.token} at https://gitea.example/api?token=${config.gitea.token}&x=1 and ${receiver.url}`)
  await app.alerts.settled()
  const custom = receiver.bodies[2]?.text ?? ''
  t.match(custom, /https:\/\/gitea\.example\/api(?!\?)/)
  assertNoSecrets(t, [custom], config)
})

t.test('without ALERT_WEBHOOK_URL, alerts are off and notify() does nothing', async t => {
  const { app, config, logs } = await buildTestApp(t, { env: { METRICS_PORT: '9464' } })
  t.equal(config.alerts, null)
  if (app.metrics === null) throw new Error('metrics are off')
  app.alerts.notify('anything', 'nobody hears this')
  app.alerts.flushDue()
  await app.alerts.settled()
  // With a webhook, the same calls count a delivery (the next test).
  t.notMatch(await app.metrics.registry.metrics(), /aegis_alert_deliveries_total\{[^}]*\} [1-9]/, 'nothing delivered or attempted')
  t.notMatch(logs.text(), /alert webhook/, 'nothing logged about a webhook')
})

t.test('deliveries are counted in the metrics, delivered or failed', async t => {
  const { receiver, app } = await start(t, 'ok', { METRICS_PORT: '9464' })
  if (app.metrics === null) throw new Error('metrics are off')
  app.alerts.notify('one', 'delivered')
  await app.alerts.settled()
  receiver.mode = 'fail'
  app.alerts.notify('two', 'refused with 500')
  await app.alerts.settled()
  const text = await app.metrics.registry.metrics()
  t.match(text, /aegis_alert_deliveries_total\{result="delivered"\} 1/)
  t.match(text, /aegis_alert_deliveries_total\{result="failed"\} 1/)
})
