import t from 'tap'
import { buildTestApp, KEY_ONE } from './helpers/app.js'

// Clients configured the old way put their key in the query string; the request log
// line, the not-found handling and every other app log line must never carry it.
t.test('no query string value reaches the application log, on /mcp or on an unknown public path', async t => {
  const { app, logs } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`
  const key = encodeURIComponent(KEY_ONE)
  const urls = [
    `/mcp/tools?api_key=${key}`,
    `/mcp/tools?key=${key}&page=2`,
    `/mcp?token=${key}`,
    `/mcp/tool/call?access_token=${key}`,
    `/no-such-page?api_key=${key}`,
    `/health?token=${key}`,
    `/mcp/unknown?${key}`
  ]
  for (const url of urls) {
    const answer = await fetch(`${base}${url}`, { headers: { 'x-api-key': KEY_ONE, cookie: `session=${KEY_ONE}`, 'proxy-authorization': `Bearer ${KEY_ONE}` } })
    await answer.arrayBuffer()
  }
  await app.close()

  t.ok(logs.lines.length > urls.length, `the requests were logged (${logs.lines.length} lines)`)
  t.notOk(logs.text().includes(KEY_ONE), 'no line holds the key')
  t.notOk(logs.text().includes(key), 'nor its URL-encoded form')
  t.notOk(logs.text().includes('agm_test'), 'nor any part of it')
  const incoming = logs.records().filter(record => record.msg === 'incoming request').map(record => (record.req as { url: string }).url)
  t.same(incoming, ['/mcp/tools', '/mcp/tools', '/mcp', '/mcp/tool/call', '/no-such-page', '/health', '/mcp/unknown'], 'each request is logged with its path only')
})

t.test('a header that may hold a secret is redacted wherever a line logs headers', async t => {
  const { app, logs } = await buildTestApp(t)
  const headers = { authorization: `Bearer ${KEY_ONE}`, 'x-api-key': KEY_ONE, cookie: `s=${KEY_ONE}`, 'proxy-authorization': `Basic ${KEY_ONE}`, 'x-auth-token': KEY_ONE, 'user-agent': 'kept' }
  app.log.info({ headers }, 'headers seen')
  app.log.info({ request: { headers }, upstream: { headers } }, 'nested headers seen')
  t.match(logs.text(), /headers seen[\s\S]*nested headers seen/)
  t.match(logs.text(), /"user-agent":"kept"/, 'harmless headers stay')
  t.notOk(logs.text().includes(KEY_ONE), 'no header value holds the key')
})

t.test('a URL with a query in a message or an error is logged without its query', async t => {
  const { app, logs } = await buildTestApp(t)
  app.log.warn(`Reply was already sent, did you forget to "return reply" in the "/mcp/tools?api_key=${KEY_ONE}" (GET) route?`)
  app.log.error({ err: new Error(`fetch http://gitea.local/api/v1/repos?token=${KEY_ONE} failed`) }, 'upstream failed')
  const warning = logs.records().find(record => record.level === 40)
  t.match(warning?.msg, /in the "\/mcp\/tools\?\[query removed\]" \(GET\) route\?$/, 'the path stays, the query goes')
  t.match(logs.text(), /repos\?\[query removed\] failed/, 'in an error message and its stack too')
  t.notOk(logs.text().includes(KEY_ONE), 'no line holds the key')
})
