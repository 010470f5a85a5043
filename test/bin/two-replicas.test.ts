// Two real server processes sharing one real Redis (issue 12): a lockout, a key's rate
// limit and OAuth (clients, codes, tokens, refresh-token replay, signing keys) are shared; with Redis stopped under load they fall back to each replica's memory,
// loudly and once; with Redis back they are shared again. Everything starts once and the
// cases run in order, each building on the state the one before left.
import t from 'tap'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeGitea } from '../fake-gitea/server.js'
import { KEY_ONE } from '../helpers/app.js'
import { authorizeUrl, freePort, LOOPBACK_CALLBACK, pkcePair, registerClient, signInAndAllow, tokenRequest } from '../helpers/oauth.js'
import { startRedis } from '../helpers/redis.js'
import { listeningUrl, startServer, waitFor, type ServerProcess } from '../helpers/server-process.js'

// Two servers loading the TypeScript sources, and a Redis stopped and started: give a busy CI room.
t.setTimeout(180_000)

const WRONG_KEY = 'agm_wrong_key_9999999999999999999999999999999999'
const RATE_KEY = 'agm_rate_limit_key_0000000000000000000000000000'
const BATCH_KEY = 'agm_batch_limit_key_000000000000000000000000000'
// Load spreads over many keys so that no key reaches RATE_LIMIT_PER_MINUTE: the load shows
// that Redis being lost fails no request, not the rate limit.
const LOAD_KEYS = Array.from({ length: 40 }, (_, i) => `agm_load_key_${String(i).padStart(2, '0')}_00000000000000000000000000000`)
const MAX_LOAD_REQUESTS = 150

interface Replica { name: string, server: ServerProcess, url: string, cwd: string }

const started = Date.now()
const redis = await startRedis(t)
const gitea = await startFakeGitea()
t.teardown(async () => { await gitea.close() })

// Both replicas are one issuer, as behind a load balancer: PUBLIC_URL names A's address for
// both (the OAuth routes pin their URLs to PUBLIC_URL whatever Host a request came with).
const portA = await freePort()
const PUBLIC_URL = `http://127.0.0.1:${portA}`

function launch (name: string, port: number): { name: string, server: ServerProcess, cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), `aegis-replica-${name}-`))
  const server = startServer({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: [KEY_ONE, RATE_KEY, BATCH_KEY, ...LOAD_KEYS].join(','),
    MCP_PORT: String(port),
    REDIS_URL: redis.url,
    OAUTH_ENABLED: 'true',
    PUBLIC_URL,
    // The test is every client: X-Forwarded-For from loopback names the client of each request.
    TRUST_PROXY: '127.0.0.1',
    MAX_AUTH_FAILURES: '3',
    AUTH_FAILURE_WINDOW: '60',
    RATE_LIMIT_PER_MINUTE: '5',
    AUDIT_LOG_PATH: 'audit.log'
  }, cwd)
  t.teardown(() => { server.child.kill('SIGKILL') })
  return { name, server, cwd }
}

const launched = [launch('A', portA), launch('B', 0)]
const [a, b] = await Promise.all(launched.map(async (replica): Promise<Replica> => ({ ...replica, url: await listeningUrl(replica.server) })))
if (a === undefined || b === undefined) throw new Error('two replicas')
t.comment(`Redis and two replicas up in ${Date.now() - started} ms`)

async function status (replica: Replica, key: string, client: string): Promise<Response> {
  return await fetch(`${replica.url}/mcp/tools`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client } })
}

function auditEvents (replica: Replica, event: string): Array<Record<string, unknown>> {
  return readFileSync(join(replica.cwd, 'audit.log'), 'utf8').trim().split('\n')
    .map(line => JSON.parse(line) as Record<string, unknown>)
    .filter(record => record.event === event)
}

function loudLines (replica: Replica): number {
  return replica.server.output().split('\n').filter(line => line.includes('STATE STORE DEGRADED')).length
}

async function ready (replica: Replica): Promise<{ status: number, body: Record<string, unknown> }> {
  const res = await fetch(`${replica.url}/ready`)
  return { status: res.status, body: await res.json() as Record<string, unknown> }
}

/** Fails MAX_AUTH_FAILURES times on `on`, then asks `probe` with a valid key from the same client. */
async function lockOutAndProbe (on: Replica, probe: Replica, client: string): Promise<Response> {
  for (let i = 0; i < 3; i++) await status(on, WRONG_KEY, client)
  return await status(probe, KEY_ONE, client)
}

t.test('both replicas start on Redis, and say so on /ready', async t => {
  for (const replica of [a, b]) {
    t.same(await ready(replica), { status: 200, body: { status: 'ready', reason: null, checked_at: String((await ready(replica)).body.checked_at), state_store: 'redis', gitea_version: '1.26.3' } }, replica.name)
    t.match(replica.server.output(), /state store: Redis at 127\.0\.0\.1:\d+/)
  }
})

t.test('a lockout earned on A refuses on B', async t => {
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await status(a, WRONG_KEY, '203.0.113.10')).status)
  t.same(statuses, [401, 401, 401], 'three failures on A')
  const onB = await status(b, KEY_ONE, '203.0.113.10')
  t.equal(onB.status, 429, 'B refuses the locked client, even with a valid key')
  t.ok(Number(onB.headers.get('retry-after')) > 50, 'for the rest of the window A opened')
  t.equal((await status(b, KEY_ONE, '203.0.113.11')).status, 200, 'another client is let in')
  t.equal(auditEvents(a, 'auth_lockout').length, 1, 'A audits the lockout')
  t.match(auditEvents(b, 'auth_blocked'), [{ client_ip: '203.0.113.10' }], 'B audits the refusal')
})

t.test('a key\'s rate limit is shared: 3 on A and 3 on B, the sixth is refused', async t => {
  const statuses = []
  for (const replica of [a, a, a, b, b, b]) statuses.push((await status(replica, RATE_KEY, '198.51.100.1')).status)
  t.same(statuses, [200, 200, 200, 200, 200, 429])

  // A batch is charged per request through the same store: 3 on A, then 2 on B, and B refuses the next.
  const batch = await fetch(`${a.url}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BATCH_KEY}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify([1, 2, 3].map(id => ({ jsonrpc: '2.0', id, method: 'tools/list' })))
  })
  t.equal(batch.status, 200)
  t.equal(batch.headers.get('x-ratelimit-remaining'), '2', 'the batch of 3 used 3 of 5')
  const after = []
  for (let i = 0; i < 3; i++) after.push((await status(b, BATCH_KEY, '198.51.100.2')).status)
  t.same(after, [200, 200, 429], 'B sees what the batch on A used')
})

t.test('OAuth across replicas: registered on A, signed in on A, code redeemed on B, token used on B, replay caught on A', async t => {
  const registered = await registerClient(a.url)
  t.equal(registered.status, 201, 'a client registers on A')
  const clientId = String(registered.body.client_id)
  const { verifier, challenge } = pkcePair()
  const onB = await fetch(authorizeUrl(PUBLIC_URL, { clientId, challenge }).replace(PUBLIC_URL, b.url), { redirect: 'manual' })
  t.equal(onB.status, 303, 'B knows the client A registered: its authorize request goes on to sign-in')

  const callback = await signInAndAllow(a.url, authorizeUrl(a.url, { clientId, challenge }))
  const code = callback.searchParams.get('code') ?? ''
  const exchanged = await tokenRequest(b.url, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  t.equal(exchanged.status, 200, 'the code A issued is redeemed on B')
  const accessToken = String(exchanged.body.access_token)
  const firstRefresh = String(exchanged.body.refresh_token)
  t.equal((await status(a, accessToken, '198.51.100.40')).status, 200, 'the token B minted works at /mcp on A')
  t.equal((await status(b, accessToken, '198.51.100.40')).status, 200, 'and on B')

  const again = await registerClient(a.url)
  const other = pkcePair()
  const second = await signInAndAllow(a.url, authorizeUrl(a.url, { clientId: String(again.body.client_id), challenge: other.challenge }))
  const minted = await tokenRequest(a.url, { grant_type: 'authorization_code', code: second.searchParams.get('code') ?? '', redirect_uri: LOOPBACK_CALLBACK, client_id: String(again.body.client_id), code_verifier: other.verifier })
  t.equal(minted.status, 200)
  t.equal((await status(b, String(minted.body.access_token), '198.51.100.41')).status, 200, 'a token minted on A works at /mcp on B')

  const refreshed = await tokenRequest(b.url, { grant_type: 'refresh_token', refresh_token: firstRefresh, client_id: clientId })
  t.equal(refreshed.status, 200, 'a refresh on B')
  const rotated = String(refreshed.body.refresh_token)
  t.not(rotated, firstRefresh, 'rotates the refresh token')
  const replayed = await tokenRequest(a.url, { grant_type: 'refresh_token', refresh_token: firstRefresh, client_id: clientId })
  t.match(replayed, { status: 400, body: { error: 'invalid_grant' } }, 'the old refresh token replayed on A is caught')
  t.match(auditEvents(a, 'oauth_token').filter(record => record.action === 'revoked'), [{ severity: 'high', reason: 'refresh_token_reused', client_id: clientId }], 'A audits the replay')
  t.equal((await status(b, String(refreshed.body.access_token), '198.51.100.42')).status, 401, 'the whole grant stops: the new access token on B')
  t.equal((await status(a, accessToken, '198.51.100.43')).status, 401, 'the first access token on A')
  t.match(await tokenRequest(b.url, { grant_type: 'refresh_token', refresh_token: rotated, client_id: clientId }), { status: 400, body: { error: 'invalid_grant' } }, 'and the rotated refresh token on B')
  t.equal((await status(a, String(minted.body.access_token), '198.51.100.44')).status, 200, 'another grant is untouched')
})

t.test('Redis stopped under load: every valid request still succeeds, each replica says so once', async t => {
  const answers: Record<string, Array<number | string>> = { A: [], B: [] }
  const stop = new AbortController()
  const load = Promise.all([a, b].map(async replica => {
    const seen = answers[replica.name] ?? []
    for (let i = 0; !stop.signal.aborted && i < MAX_LOAD_REQUESTS; i++) {
      const key = LOAD_KEYS[i % LOAD_KEYS.length] ?? KEY_ONE
      seen.push(await status(replica, key, '192.0.2.1').then(res => res.status, (error: Error) => error.message))
    }
  }))
  await waitFor(() => (answers.A?.length ?? 0) >= 5 && (answers.B?.length ?? 0) >= 5, 'load on Redis')
  const stopping = Date.now()
  await redis.stop()
  await waitFor(() => auditEvents(a, 'state_store_degraded').length > 0 && auditEvents(b, 'state_store_degraded').length > 0, 'both replicas to notice')
  t.comment(`both replicas degraded ${Date.now() - stopping} ms after Redis stopped`)
  const atNotice = { A: answers.A?.length ?? 0, B: answers.B?.length ?? 0 }
  await waitFor(() => (answers.A?.length ?? 0) >= atNotice.A + 10 && (answers.B?.length ?? 0) >= atNotice.B + 10, 'load without Redis')

  // The fallback still locks out, per replica now.
  t.equal((await lockOutAndProbe(a, a, '203.0.113.20')).status, 429, 'a lockout on A holds on A (A\'s memory)')
  t.equal((await status(b, KEY_ONE, '203.0.113.20')).status, 200, 'but B does not know it: counts are per replica while Redis is lost')
  // OAuth state has no per-replica fallback: its endpoints and tokens wait for Redis; API keys do not.
  const oauthToken = await fetch(`${b.url}/mcp/tools`, { headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'x-forwarded-for': '203.0.113.21' } })
  t.equal(oauthToken.status, 503, 'an OAuth token at /mcp: 503, neither let in nor called invalid')
  t.equal(oauthToken.headers.get('retry-after'), '5')
  t.match(auditEvents(b, 'auth_failure').at(-1), { client_ip: '203.0.113.21', reason: 'invalid_key' }, 'and counted as a failure: it cannot be told from a wrong key, so lockout still guards the keys')
  const tokenEndpoint = await tokenRequest(a.url, { grant_type: 'refresh_token', refresh_token: 'whatever', client_id: 'whoever' })
  t.match(tokenEndpoint, { status: 503, body: { error: 'temporarily_unavailable' } }, 'the token endpoint: 503 temporarily_unavailable')
  t.equal((await registerClient(b.url)).status, 503, 'registration too')
  const readyA = await ready(a)
  t.match(readyA, { status: 200, body: { status: 'ready', state_store: 'degraded' } }, '/ready stays 200 and says degraded')
  stop.abort()
  await load

  for (const replica of [a, b]) {
    const seen = answers[replica.name] ?? []
    t.comment(`${replica.name}: ${seen.length} load requests`)
    t.ok(seen.length < MAX_LOAD_REQUESTS, `${replica.name}: the load ended by the test, not its cap (${seen.length})`)
    t.same([...new Set(seen)], [200], `${replica.name}: all ${seen.length} load requests succeeded`)
    t.match(auditEvents(replica, 'state_store_degraded'), [{ severity: 'high', store: 'redis', redis_host: `127.0.0.1:${redis.port}`, path: null }])
    t.equal(auditEvents(replica, 'state_store_degraded').length, 1, `${replica.name}: one audit record for the outage`)
    t.equal(loudLines(replica), 1, `${replica.name}: one loud log line for the outage, not one per request`)
  }
})

t.test('Redis back on the same port: the replicas use it again', async t => {
  const restarting = Date.now()
  await redis.restart()
  await waitFor(() => auditEvents(a, 'state_store_recovered').length > 0 && auditEvents(b, 'state_store_recovered').length > 0, 'both replicas to recover')
  t.comment(`both replicas back on Redis ${Date.now() - restarting} ms after it restarted`)
  for (const replica of [a, b]) {
    t.match(auditEvents(replica, 'state_store_recovered'), [{ severity: 'info', store: 'redis', down_seconds: Number }])
    t.match(await ready(replica), { status: 200, body: { state_store: 'redis' } })
    t.match(replica.server.output(), /state store recovered/)
  }
  t.equal((await lockOutAndProbe(a, b, '203.0.113.30')).status, 429, 'a lockout earned on A refuses on B again')
  t.equal((await status(b, KEY_ONE, '203.0.113.31')).status, 200)
  for (const replica of [a, b]) {
    t.equal(auditEvents(replica, 'state_store_degraded').length, 1, `${replica.name}: still one outage`)
    t.equal(loudLines(replica), 1)
  }
  t.comment(`whole file: ${Date.now() - started} ms`)
})
