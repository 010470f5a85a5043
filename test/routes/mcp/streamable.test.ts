import t from 'tap'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'
import { selectTools } from '../../../lib/tools/catalog.js'
import { listTools } from '../../../lib/tools/registry.js'
import { DEFAULT_TOOLSETS } from '../../../lib/tools/toolsets.js'

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'inject-test', version: '1.0.0' } }
}
const LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }

function post (accept: string | undefined, payload: unknown): { method: 'POST', url: string, headers: Record<string, string>, payload: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...bearer(KEY_ONE) }
  if (accept !== undefined) headers.accept = accept
  return { method: 'POST', url: '/mcp', headers, payload: JSON.stringify(payload) }
}

t.test('initialize answers JSON to clients that accept only JSON, */* or nothing', async t => {
  const { app } = await buildTestApp(t)
  for (const accept of ['application/json', '*/*', undefined]) {
    const res = await app.inject(post(accept, INITIALIZE))
    t.equal(res.statusCode, 200, `Accept: ${accept}`)
    t.match(res.headers['content-type'], /application\/json/)
    t.match(res.json(), { jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'aegis-gitea-mcp' }, capabilities: { tools: {} } } })
    t.equal(res.headers['mcp-session-id'], undefined, 'stateless: no session id')
    t.match(res.headers['x-request-id'], /.+/, 'request id survives the hijack')
    t.equal(res.headers['x-content-type-options'], 'nosniff', 'security headers survive the hijack')
    t.equal(res.headers['cache-control'], 'no-store')
  }
})

t.test('clients that accept SSE get SSE', async t => {
  const { app } = await buildTestApp(t)
  const res = await app.inject(post('application/json, text/event-stream', LIST))
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/event-stream/)
  const data = res.body.split('\n').find(line => line.startsWith('data: '))
  t.ok(data, 'one data line')
  const message = JSON.parse((data ?? '').slice(6)) as { result: { tools: Array<{ name: string }> } }
  t.ok(message.result.tools.some(tool => tool.name === 'search'))
})

t.test('tools/list works without initialize and carries the six tools with schemas and annotations', async t => {
  const { app } = await buildTestApp(t)
  const res = await app.inject(post('application/json', LIST))
  const tools = (res.json() as { result: { tools: Array<Record<string, any>> } }).result.tools
  t.same(tools.map(tool => tool.name).sort(), listTools(selectTools(['core', ...DEFAULT_TOOLSETS])).map(tool => tool.name).sort(),
    'every tool of the default toolsets (names pinned by tool-snapshots.test.ts)')
  for (const tool of tools) {
    t.match(tool, {
      title: String,
      description: String,
      inputSchema: { type: 'object', additionalProperties: false },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
    }, tool.name)
    // The output schema is listed only where ChatGPT documents the shape (search, fetch).
    if (['search', 'fetch'].includes(tool.name)) t.match(tool.outputSchema, { type: 'object' }, `${tool.name} lists its output schema`)
  }
})

t.test('tools/call runs a tool and audits it', async t => {
  const { app, audit } = await buildTestApp(t)
  const res = await app.inject(post('application/json', { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_repositories', arguments: { limit: 2 } } }))
  t.equal(res.statusCode, 200)
  const result = (res.json() as { result: { content: Array<{ type: string, text: string }>, structuredContent: { repositories: unknown[] }, isError?: boolean } }).result
  t.notOk(result.isError)
  t.equal(result.content.length, 1)
  t.same(JSON.parse(result.content[0]?.text ?? ''), result.structuredContent, 'the text block mirrors structuredContent')
  t.equal(result.structuredContent.repositories.length, 2)
  t.match(audit.events('tool_call')[0], { tool: 'list_repositories', arguments: { limit: 2 }, outcome: 'ok', error_code: null, duration_ms: Number, key_id: String, severity: 'info' })
})

t.test('bad JSON-RPC and bad arguments get 4xx or isError, never 5xx', async t => {
  const { app, audit } = await buildTestApp(t)
  const cases: Array<[string, unknown]> = [
    ['not a request', { hello: 'world' }],
    ['wrong jsonrpc version', { jsonrpc: '1.0', id: 1, method: 'tools/list' }],
    ['array batch of junk', [1, 2, 3]],
    ['unknown method', { jsonrpc: '2.0', id: 1, method: 'nope/nope' }],
    ['params of the wrong type', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: 'x' }]
  ]
  for (const [label, payload] of cases) {
    const res = await app.inject(post('application/json', payload))
    t.ok(res.statusCode < 500, `${label}: ${res.statusCode}`)
  }
  const toolCases: Array<[string, Record<string, unknown>]> = [
    ['unknown tool', { name: 'delete_everything', arguments: {} }],
    ['wrong argument type', { name: 'list_repositories', arguments: { limit: 'many' } }],
    ['extra argument', { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform', admin: true } }],
    ['path traversal', { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: '../../etc/passwd' } }],
    ['absolute path', { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: '/etc/passwd' } }],
    ['encoded traversal', { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'src/%2e%2e/%2e%2e/etc/passwd' } }],
    ['huge limit', { name: 'list_repositories', arguments: { limit: 500 } }]
  ]
  for (const [label, params] of toolCases) {
    const res = await app.inject(post('application/json', { jsonrpc: '2.0', id: 9, method: 'tools/call', params }))
    t.equal(res.statusCode, 200, label)
    const body = res.json() as { result?: { isError?: boolean }, error?: unknown }
    t.ok(body.result?.isError === true || body.error !== undefined, `${label}: isError or JSON-RPC error`)
  }
  t.ok(audit.events('tool_call').every(e => e.outcome === 'error'), 'failed calls are audited as errors')
  const malformed = await app.inject({ method: 'POST', url: '/mcp', headers: { 'content-type': 'application/json', ...bearer(KEY_ONE) }, payload: '{"jsonrpc": "2.0", ' })
  t.equal(malformed.statusCode, 400)
  const empty = await app.inject({ method: 'POST', url: '/mcp', headers: bearer(KEY_ONE) })
  t.ok(empty.statusCode >= 400 && empty.statusCode < 500, `no body: ${empty.statusCode}`)
  const text = await app.inject({ method: 'POST', url: '/mcp', headers: { 'content-type': 'text/plain', ...bearer(KEY_ONE) }, payload: 'hello' })
  t.equal(text.statusCode, 415)
})

t.test('GET, DELETE, PUT, PATCH and OPTIONS /mcp: 405 with Allow: POST, behind auth', async t => {
  const { app } = await buildTestApp(t)
  for (const method of ['GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'] as const) {
    const res = await app.inject({ method, url: '/mcp', headers: bearer(KEY_ONE) })
    t.equal(res.statusCode, 405, method)
    t.equal(res.headers.allow, 'POST')
    t.match(res.json(), { error: 'method_not_allowed', request_id: String })
    t.equal((await app.inject({ method, url: '/mcp' })).statusCode, 401, `${method} without a key`)
  }
  // A browser's CORS preflight carries no key: it gets 401 (there is no CORS support), never a 2xx.
  const preflight = await app.inject({ method: 'OPTIONS', url: '/mcp', headers: { 'access-control-request-method': 'POST' } })
  t.equal(preflight.statusCode, 401)
  t.equal(preflight.headers['access-control-allow-origin'], undefined)
})

t.test('huge and malformed headers never cause a 5xx', async t => {
  const { app } = await buildTestApp(t)
  const long = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { authorization: 'Bearer ' + 'x'.repeat(10_000) } })
  t.equal(long.statusCode, 401)
  const weird = await app.inject({ method: 'GET', url: '/mcp/tools', headers: { authorization: 'Bearer \u00e9\u00e8\u00ea-not-ascii-but-long-enough-to-hint' } })
  t.equal(weird.statusCode, 401)
})
