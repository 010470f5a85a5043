import t, { type Test } from 'tap'
import type { AddressInfo } from 'node:net'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'
import { parseExposition, sampleValue } from '../helpers/prometheus.js'

const WRONG_KEY = 'agm_wrong_key_999999999999999999999999999999999'

interface Running {
  base: string
  metricsUrl: string
  close: () => Promise<void>
  gitea: { close: () => Promise<void> }
}

/** The app on a real loopback port, and its metrics listener on another. */
async function start (t: Test, env: Record<string, string> = {}): Promise<Running> {
  const { app, gitea } = await buildTestApp(t, { env: { METRICS_PORT: '9464', TRUST_PROXY: '127.0.0.1', ...env } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const main = app.server.address() as AddressInfo
  if (app.metrics === null) throw new Error('metrics are off')
  const metrics = await app.metrics.listen({ host: '127.0.0.1', port: 0 })
  return { base: `http://127.0.0.1:${main.port}`, metricsUrl: `http://127.0.0.1:${metrics.port}/metrics`, close: async () => { await app.close() }, gitea }
}

async function scrape (url: string): Promise<string> {
  const response = await fetch(url)
  if (response.status !== 200) throw new Error(`scrape answered ${response.status}`)
  return await response.text()
}

async function callTool (base: string, name: string, args: Record<string, unknown>, headers: Record<string, string> = bearer(KEY_ONE)): Promise<Response> {
  return await fetch(`${base}/mcp/tool/call`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name, arguments: args }) })
}

t.test('the metrics listener counts tool calls, auth outcomes, lockouts, rate limits, Gitea errors and cache lookups', async t => {
  const running = await start(t, { MAX_AUTH_FAILURES: '2', RATE_LIMIT_PER_MINUTE: '6' })
  const { base, metricsUrl } = running

  const scraped = await fetch(metricsUrl)
  t.equal(scraped.status, 200)
  t.match(scraped.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const before = await scraped.text()
  t.ok(sampleValue(before, 'process_cpu_user_seconds_total') > 0, 'default process metrics are there')
  t.equal(sampleValue(before, 'aegis_state_store_up', { store: 'memory' }), 1, 'the memory store is up')

  // An authenticated tool call that succeeds, and search_code twice on one commit (a miss, then a hit).
  t.equal((await callTool(base, 'list_repositories', {})).status, 200)
  t.equal((await callTool(base, 'search_code', { owner: 'acme', repo: 'platform', query: 'VATRATE' })).status, 200)
  t.equal((await callTool(base, 'search_code', { owner: 'acme', repo: 'platform', query: 'rounded' })).status, 200)
  // A tool error Gitea answered (404), and an unknown tool name (never a label of its own).
  t.equal((await callTool(base, 'get_repository_info', { owner: 'acme', repo: 'nothing-here' })).status, 200)
  t.equal((await callTool(base, 'no_such_tool_x1', {})).status, 404)

  // Two wrong keys from one address: two failures and a lockout; then a refusal while locked.
  const attacker = { 'x-forwarded-for': '203.0.113.9' }
  for (let i = 0; i < 2; i++) t.equal((await fetch(`${base}/mcp/tools`, { headers: { ...bearer(WRONG_KEY), ...attacker } })).status, 401)
  t.equal((await fetch(`${base}/mcp/tools`, { headers: { ...bearer(KEY_ONE), ...attacker } })).status, 429)
  t.equal((await fetch(`${base}/mcp/tools`)).status, 401, 'no header: a failure of reason missing_header')

  // The key's 6 requests a minute are spent (5 calls so far): one more passes, the next is refused.
  await fetch(`${base}/mcp/tools`, { headers: bearer(KEY_ONE) })
  t.equal((await fetch(`${base}/mcp/tools`, { headers: bearer(KEY_ONE) })).status, 429)

  const after = await scrape(metricsUrl)
  t.equal(sampleValue(after, 'aegis_tool_calls_total', { tool: 'list_repositories', outcome: 'ok' }), 1)
  t.equal(sampleValue(after, 'aegis_tool_calls_total', { tool: 'get_repository_info', outcome: 'error' }), 1)
  t.equal(sampleValue(after, 'aegis_tool_calls_total', { tool: 'unknown' }), 1, 'an unknown tool name is counted as unknown')
  t.notOk(after.includes('no_such_tool_x1'), 'a caller-chosen name never becomes a label')
  t.equal(sampleValue(after, 'aegis_tool_call_duration_seconds_count', { tool: 'search_code' }), 2)
  t.equal(sampleValue(after, 'aegis_code_search_cache_lookups_total', { result: 'miss' }), 1)
  t.equal(sampleValue(after, 'aegis_code_search_cache_lookups_total', { result: 'hit' }), 1)
  t.equal(sampleValue(after, 'aegis_auth_attempts_total', { outcome: 'success' }), 7)
  t.equal(sampleValue(after, 'aegis_auth_attempts_total', { outcome: 'failure', reason: 'invalid_key' }), 2)
  t.equal(sampleValue(after, 'aegis_auth_attempts_total', { outcome: 'failure', reason: 'missing_header' }), 1)
  t.equal(sampleValue(after, 'aegis_auth_lockouts_total'), 1)
  t.equal(sampleValue(after, 'aegis_auth_blocked_requests_total'), 1)
  t.equal(sampleValue(after, 'aegis_rate_limited_requests_total'), 1)
  t.equal(sampleValue(after, 'aegis_gitea_request_errors_total', { code: 'not_found' }), 1)
  t.ok(sampleValue(after, 'aegis_gitea_request_duration_seconds_count', { outcome: 'ok' }) >= 3, 'Gitea latency observed')
  t.equal(sampleValue(after, 'aegis_http_requests_total', { method: 'POST', route: '/mcp/tool/call', status: '200' }), 4)
  t.equal(sampleValue(after, 'aegis_http_requests_total', { method: 'POST', route: '/mcp/tool/call', status: '404' }), 1)
  t.equal(sampleValue(after, 'aegis_http_requests_total', { method: 'GET', route: '/mcp/tools', status: '429' }), 2)
  t.equal(sampleValue(after, 'aegis_http_requests_total', { method: 'GET', route: '/mcp/tools', status: '401' }), 3)
  t.ok(sampleValue(after, 'aegis_http_request_duration_seconds_count', { route: '/mcp/tool/call' }) >= 5)

  // Gitea gone: the failure is counted by its code.
  await running.gitea.close()
  await fetch(`${base}/ready`)
  const down = await scrape(metricsUrl)
  t.equal(sampleValue(down, 'aegis_gitea_request_errors_total', { code: 'gitea_unreachable' }), 1)
})

t.test('routes are labelled by pattern, never by the URL the client sent', async t => {
  const { base, metricsUrl } = await start(t)
  await fetch(`${base}/no/such/path-secret-looking?api_key=abc`)
  await fetch(`${base}/health?x=1`)
  const text = await scrape(metricsUrl)
  t.equal(sampleValue(text, 'aegis_http_requests_total', { route: 'unmatched', status: '404' }), 1)
  t.equal(sampleValue(text, 'aegis_http_requests_total', { route: '/health', status: '200' }), 1)
  t.notOk(text.includes('path-secret-looking'))
  t.notOk(text.includes('api_key'))
  for (const sample of parseExposition(text).filter(s => s.name === 'aegis_http_requests_total')) {
    t.notOk(sample.labels.route?.includes('?'), `route label ${sample.labels.route ?? ''}`)
  }
})

t.test('/metrics is not on the public port, and the metrics listener serves nothing else', async t => {
  const { base, metricsUrl } = await start(t)
  t.equal((await fetch(`${base}/metrics`)).status, 404)
  t.equal((await fetch(`${base}/mcp/metrics`, { headers: bearer(KEY_ONE) })).status, 404)
  t.equal((await fetch(metricsUrl.replace('/metrics', '/'))).status, 404)
  t.equal((await fetch(metricsUrl, { method: 'POST' })).status, 404)
  t.equal((await fetch(metricsUrl.replace('/metrics', '/mcp'))).status, 404)
})

t.test('the metrics listener closes with the app', async t => {
  const { metricsUrl, close } = await start(t)
  t.equal((await fetch(metricsUrl)).status, 200)
  await close()
  await t.rejects(fetch(metricsUrl), 'nothing listens any more')
})

t.test('without METRICS_PORT there are no metrics and nothing to start', async t => {
  const { app } = await buildTestApp(t)
  t.equal(app.metrics, null)
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.equal((await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`)).status, 404)
})

t.test('each app has its own registry', async t => {
  const one = await start(t)
  const two = await start(t)
  await fetch(`${one.base}/health`)
  t.equal(sampleValue(await scrape(one.metricsUrl), 'aegis_http_requests_total', { route: '/health' }), 1)
  t.equal(sampleValue(await scrape(two.metricsUrl), 'aegis_http_requests_total', { route: '/health' }), 0)
})
