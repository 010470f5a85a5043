// MCP_TOOLSETS over real HTTP: what tools/list (the MCP SDK client, and the
// raw body an authenticated client gets), GET /mcp/tools and tools/call see.
import t from 'tap'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'
import { connectClient, listenLocal } from '../../helpers/mcp-client.js'
import { TOOLS } from '../../../lib/tools/registry.js'
import { DEFAULT_TOOLSETS, TOOLSET_NAMES } from '../../../lib/tools/toolsets.js'

/** The size budget of the default tools/list answer (issue 13). */
const LIST_BUDGET_BYTES = 24 * 1024

const LIST_REQUEST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} })

/** The body of an authenticated tools/list, as an MCP client receives it. */
async function rawList (base: string): Promise<{ status: number, bytes: number, names: string[] }> {
  const response = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { ...bearer(KEY_ONE), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: LIST_REQUEST
  })
  const body = Buffer.from(await response.arrayBuffer())
  const json = body.toString('utf8').replace(/^(event: message\n)?data: /, '')
  const names = (JSON.parse(json) as { result: { tools: Array<{ name: string }> } }).result.tools.map(tool => tool.name)
  return { status: response.status, bytes: body.length, names }
}

function namesOf (toolsets: readonly string[]): string[] {
  return TOOLS.filter(tool => tool.toolset === 'core' || toolsets.includes(tool.toolset)).map(tool => tool.name)
}

t.test('the default tools/list fits 24 KB and lists the default toolsets\' tools; all lists every tool', async t => {
  for (const [label, env] of [['default', {}], ['all', { MCP_TOOLSETS: 'all' }]] as const) {
    const { app } = await buildTestApp(t, { env })
    const base = await listenLocal(app)
    const list = await rawList(base)
    t.equal(list.status, 200, label)
    // The budget is the default's; `all` (with the opt-in toolsets) is a deliberate choice to pay more.
    if (label === 'default') t.ok(list.bytes <= LIST_BUDGET_BYTES, `${label}: the tools/list answer is ${list.bytes} bytes, at most ${LIST_BUDGET_BYTES}`)
    const expected = label === 'all' ? TOOLS.map(tool => tool.name) : namesOf(DEFAULT_TOOLSETS)
    t.same(list.names, expected, `${label}: its tools, in order`)
  }
})

t.test('a toolset selection lists only its tools (plus search and fetch) and refuses the others like unknown tools', async t => {
  for (const selection of [['issues'], ['repos', 'pulls'], ['code', 'history', 'releases']]) {
    const label = selection.join(',')
    const { app, audit } = await buildTestApp(t, { env: { MCP_TOOLSETS: label } })
    const base = await listenLocal(app)
    const expected = namesOf(selection)
    const client = await connectClient(t, base, KEY_ONE, 'toolsets-test')

    const { tools } = await client.listTools()
    t.same(tools.map(tool => tool.name), expected, `${label}: tools/list over the SDK client`)

    const rest = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer(KEY_ONE) })
    t.equal(rest.statusCode, 200)
    const catalog = rest.json() as { tools: Array<{ name: string }>, toolsets: Array<{ name: string, enabled: boolean, tools: string[], bytes: number }> }
    t.same(catalog.tools.map(tool => tool.name), expected, `${label}: GET /mcp/tools`)
    t.same(catalog.toolsets.map(toolset => toolset.name), TOOLSET_NAMES, 'every toolset is shown')
    for (const toolset of catalog.toolsets) {
      t.equal(toolset.enabled, toolset.name === 'core' || selection.includes(toolset.name), `${label}: ${toolset.name} enabled or not`)
      t.ok(toolset.bytes > 0 && toolset.tools.length > 0, `${toolset.name} has tools and a size`)
    }

    const outside = TOOLS.find(tool => !expected.includes(tool.name))
    if (outside === undefined) throw new Error('every tool is enabled')
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} })
    const refused = await client.callTool({ name: outside.name, arguments: { owner: 'acme', repo: 'platform' } })
    t.equal(refused.isError, true, `${label}: ${outside.name} is refused`)
    const error = (result: unknown): { error: string, message: string } =>
      JSON.parse((result as { content: Array<{ text: string }> }).content[0]?.text ?? '') as { error: string, message: string }
    t.equal(error(refused).error, 'unknown_tool')
    t.same(error(refused).message.replace(outside.name, 'X'), error(unknown).message.replace('no_such_tool', 'X'), 'the same refusal as an unknown tool')
    t.notMatch(error(refused).message, new RegExp(`Available tools:.*\\b${outside.name}\\b`), 'the refusal does not offer the disabled tool')

    const plain = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: outside.name, arguments: { owner: 'acme', repo: 'platform' } } })
    t.equal(plain.statusCode, 404, `${label}: POST /mcp/tool/call refuses ${outside.name}`)
    t.match(plain.json(), { error: 'unknown_tool' })

    const allowed = await client.callTool({ name: 'search', arguments: { query: 'platform' } })
    t.notOk(allowed.isError, 'search is always on')
    t.ok(audit.events('tool_call').some(event => event.tool === outside.name && event.error_code === 'unknown_tool'), 'the refusal is audited as an unknown tool')
  }
})

t.test('tools/list from the list serialised once matches what the SDK answers in a batch', async t => {
  const { app } = await buildTestApp(t, { env: { MCP_TOOLSETS: 'history' } })
  const headers = { ...bearer(KEY_ONE), 'content-type': 'application/json', accept: 'application/json' }
  const single = await app.inject({ method: 'POST', url: '/mcp', headers, payload: { jsonrpc: '2.0', id: 'a', method: 'tools/list' } })
  t.equal(single.statusCode, 200)
  t.match(single.headers['content-type'], /^application\/json/)
  t.equal(single.headers['cache-control'], 'no-store', 'the /mcp scope\'s headers are kept')
  t.ok(single.headers['x-request-id'], 'the request id is sent')
  const body = single.json() as { jsonrpc: string, id: string, result: { tools: Array<{ name: string }> } }
  t.equal(body.jsonrpc, '2.0')
  t.equal(body.id, 'a')
  t.same(body.result.tools.map(tool => tool.name), namesOf(['history']))

  // A batch still goes through the SDK's own tools/list handler: both must agree.
  const batch = await app.inject({ method: 'POST', url: '/mcp', headers, payload: [{ jsonrpc: '2.0', id: 'b', method: 'tools/list' }] })
  t.equal(batch.statusCode, 200)
  // (The SDK answers a batch of one with the one answer.)
  const answer = batch.json() as { id: string, result: { tools: unknown[] } }
  t.equal(answer.id, 'b')
  t.same(answer.result, body.result, 'the same list')

  const version = await app.inject({ method: 'POST', url: '/mcp', headers: { ...headers, 'mcp-protocol-version': '1999-01-01' }, payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' } })
  t.equal(version.statusCode, 400, 'an unsupported MCP-Protocol-Version is still refused (by the SDK)')
})
