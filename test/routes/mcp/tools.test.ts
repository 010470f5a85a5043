import t from 'tap'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'

t.test('GET /mcp/tools lists what MCP clients get', async t => {
  const { app } = await buildTestApp(t)
  const rest = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
  t.equal(rest.statusCode, 200)
  const mcp = await app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer(KEY_ONE) },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }
  })
  t.same(rest.json().tools, mcp.json().result.tools)
})

t.test('POST /mcp/tool/call answers a CallToolResult', async t => {
  const { app, audit } = await buildTestApp(t)
  const res = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { content: [{ type: 'text', text: String }], structuredContent: { default_branch: 'main' } })
  t.equal(audit.events('tool_call')[0]?.tool, 'get_repository_info')

  const missing = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'get_repository_info', arguments: { owner: 'globex', repo: 'secret-plans' } } })
  t.equal(missing.statusCode, 200)
  t.match(missing.json(), { isError: true, content: [{ text: /not found/i }] })
})

t.test('POST /mcp/tool/call rejects bad bodies and unknown tools with JSON 4xx', async t => {
  const { app } = await buildTestApp(t)
  const unknown = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'drop_tables' } })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: 'unknown_tool' })
  for (const payload of [{}, { name: 1 }, { name: 'search', arguments: 'x' }, { name: 'search', extra: 1 }]) {
    const res = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.json(), { error: 'bad_request', message: String, request_id: String })
  }
})
