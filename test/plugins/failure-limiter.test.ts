import t from 'tap'
import type { Test } from 'tap'
import { createMemoryFailureStore } from '../../lib/stores/memory-failure-store.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

const WRONG_KEY = 'agm_wrong_key_9999999999999999999999999999999999'
const PROXY = { env: { TRUST_PROXY: '127.0.0.1', MAX_AUTH_FAILURES: '2' } }

t.test('a locked IP stays locked however many other addresses fail after it', async t => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  const failureStore = createMemoryFailureStore({ maxCounters: 10, clock: () => now })
  const { app } = await buildTestApp(t, { env: { MAX_AUTH_FAILURES: '2' }, failureStore, clock: () => now })
  const fail = async (remoteAddress: string): Promise<number> =>
    (await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY), remoteAddress })).statusCode
  await fail('10.0.0.1')
  await fail('10.0.0.1')
  for (let i = 0; i < 50; i++) await fail(`10.1.0.${i}`)
  const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE), remoteAddress: '10.0.0.1' })
  t.equal(res.statusCode, 429, 'still locked after failures from 5 times the store\'s counter cap')
  const other = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE), remoteAddress: '10.2.0.1' })
  t.equal(other.statusCode, 200, 'an address that never failed is let in')
})

async function lockAndProbe (t: Test, locked: string, probes: Record<string, number>): Promise<void> {
  const { app, audit } = await buildTestApp(t, PROXY)
  for (let i = 0; i < 2; i++) {
    await app.inject({ method: 'GET', url: '/mcp/tools', headers: { ...bearer(WRONG_KEY), 'x-forwarded-for': locked } })
  }
  t.equal(audit.events('auth_lockout').length, 1, `${locked} is locked`)
  for (const [forwarded, status] of Object.entries(probes)) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { ...bearer(KEY_ONE), 'x-forwarded-for': forwarded } })
    t.equal(res.statusCode, status, `${forwarded} after ${locked} was locked`)
  }
}

t.test('an IPv4 address stays locked in each IPv4-mapped IPv6 spelling', async t => {
  await lockAndProbe(t, '9.9.9.9', {
    '9.9.9.9': 429,
    '::ffff:9.9.9.9': 429,
    '::FFFF:9.9.9.9': 429,
    '::ffff:909:909': 429,
    '0:0:0:0:0:ffff:909:909': 429,
    '9.9.9.8': 200
  })
})

t.test('an IPv6 address stays locked in any spelling and across its /64', async t => {
  await lockAndProbe(t, '2001:db8::1', {
    '2001:DB8::1': 429,
    '2001:0db8:0000:0000:0000:0000:0000:0001': 429,
    '2001:db8::2': 429,
    '2001:db8::ffff:1234:5678': 429,
    '2001:db8:0:1::1': 200
  })
})

t.test('a forwarded value that is not an address is ignored: the proxy address is the client', async t => {
  const { app, audit } = await buildTestApp(t, PROXY)
  for (const forwarded of ['garbage', '1.2.3.4, not-an-ip']) {
    await app.inject({ method: 'GET', url: '/mcp/tools', headers: { ...bearer(WRONG_KEY), 'x-forwarded-for': forwarded } })
  }
  t.same(audit.events('auth_failure').map(record => record.client_ip), ['127.0.0.1', '127.0.0.1'], 'audited as the proxy')
  t.equal(audit.events('auth_lockout')[0]?.client_ip, '127.0.0.1', 'the lockout counted against the proxy')
  const viaProxy = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { ...bearer(KEY_ONE), 'x-forwarded-for': 'other-garbage' } })
  t.equal(viaProxy.statusCode, 429, 'more garbage is still the locked proxy')
  const real = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { ...bearer(KEY_ONE), 'x-forwarded-for': '5.5.5.5' } })
  t.equal(real.statusCode, 200, 'a real forwarded address is its own client')
  t.equal(audit.events('auth_success')[0]?.client_ip, '5.5.5.5')
})

t.test('refusals of a locked-out IP are audited at most once a minute, with a count', async t => {
  let now = Date.parse('2026-01-01T00:00:00Z')
  const { app, audit } = await buildTestApp(t, { env: { MAX_AUTH_FAILURES: '1', AUTH_FAILURE_WINDOW: '300' }, clock: () => now })
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })
  for (let i = 0; i < 1000; i++) {
    const res = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(WRONG_KEY) })
    if (res.statusCode !== 429) t.fail(`request ${i} answered ${res.statusCode}`)
    now += 50
  }
  t.equal(audit.events('auth_failure').length, 1, 'one auth_failure per checked attempt; refusals are not checked')
  t.equal(audit.events('auth_blocked').length, 1, '1,000 refusals in 50 s: one line')
  t.match(audit.events('auth_blocked')[0], { count: 1, retry_after_seconds: 300 })

  now += 10_000
  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  const lines = audit.events('auth_blocked')
  t.equal(lines.length, 2, 'the next refusal after the minute writes the next line')
  t.match(lines[1], { count: 1000, retry_after_seconds: 240 }, 'counting every refusal since the first line')

  await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE), remoteAddress: '10.3.3.3' })
  t.equal(audit.events('auth_blocked').length, 2, 'an address that is not locked is not refused')
})

t.test('with auth off, the per-client rate limit counts spellings of one address together', async t => {
  const { app } = await buildTestApp(t, { env: { AUTH_ENABLED: 'false', MCP_API_KEYS: '', TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '2' } })
  const statuses = []
  for (const forwarded of ['9.9.9.9', '::ffff:9.9.9.9', '::FFFF:909:909']) {
    statuses.push((await app.inject({ method: 'GET', url: '/mcp/tools', headers: { 'x-forwarded-for': forwarded } })).statusCode)
  }
  t.same(statuses, [200, 200, 429], 'the third spelling is the third request of one client')
  const other = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { 'x-forwarded-for': '9.9.9.8' } })
  t.equal(other.statusCode, 200, 'another client has its own budget')
})
