import t from 'tap'
import { plainToolCall, toolCallAnswer } from '../../../lib/mcp/tools-call.js'
import { callTool, resultJson, type ToolCallResult } from '../../../lib/tools/registry.js'
import type { AnyTool, ToolContext } from '../../../lib/tools/types.js'
import { Type } from 'typebox'
import { READ_ONLY } from '../../../lib/tools/types.js'

const JSON_HEADERS = { 'content-type': 'application/json' }
const call = (params: unknown, extra: Record<string, unknown> = {}): unknown => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params, ...extra })

t.test('a plain tools/call is taken, with its id, name and arguments', async t => {
  t.same(plainToolCall(call({ name: 'search', arguments: { query: 'x' } }), JSON_HEADERS), { id: 1, name: 'search', arguments: { query: 'x' } })
  t.same(plainToolCall({ jsonrpc: '2.0', id: 'a"b', method: 'tools/call', params: { name: 'list_repositories' } }, JSON_HEADERS), { id: 'a"b', name: 'list_repositories', arguments: {} })
  t.ok(plainToolCall(call({ name: 'search', arguments: {}, _meta: { progressToken: 'p' } }), JSON_HEADERS), 'a progress token is fine: no tool sends progress')
  t.ok(plainToolCall(call({ name: 'search' }), { 'content-type': 'application/json; charset=utf-8', 'mcp-protocol-version': '2025-06-18' }))
})

t.test('anything the SDK refuses or treats specially goes to the SDK', async t => {
  const cases: Array<[string, unknown, Record<string, string>]> = [
    ['no params', call(undefined), JSON_HEADERS],
    ['a name that is not a string', call({ name: 3 }), JSON_HEADERS],
    ['arguments that are an array', call({ name: 'search', arguments: [] }), JSON_HEADERS],
    ['arguments that are null', call({ name: 'search', arguments: null }), JSON_HEADERS],
    ['a task-augmented call', call({ name: 'search', task: { ttl: 1000 } }), JSON_HEADERS],
    ['an unknown params key', call({ name: 'search', extra: 1 }), JSON_HEADERS],
    ['a related-task _meta', call({ name: 'search', _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } }), JSON_HEADERS],
    ['a bad progress token', call({ name: 'search', _meta: { progressToken: 1.5 } }), JSON_HEADERS],
    ['an extra top-level key (the SDK schema is strict)', call({ name: 'search' }, { extra: true }), JSON_HEADERS],
    ['a notification', { jsonrpc: '2.0', method: 'tools/call', params: { name: 'search' } }, JSON_HEADERS],
    ['an unsafe integer id', call({ name: 'search' }, { id: 2 ** 60 }), JSON_HEADERS],
    ['a batch', [call({ name: 'search' })], JSON_HEADERS],
    ['another method', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, JSON_HEADERS],
    ['text/plain', call({ name: 'search' }), { 'content-type': 'text/plain' }],
    ['an unsupported protocol version', call({ name: 'search' }), { ...JSON_HEADERS, 'mcp-protocol-version': '1999-01-01' }]
  ]
  for (const [label, body, headers] of cases) t.equal(plainToolCall(body, headers), null, label)
})

t.test('the answer is the SDK\'s message (result, jsonrpc, id), as JSON or one SSE event', async t => {
  const result: ToolCallResult = { content: [{ type: 'text', text: '{"a":1}' }], isError: true }
  const json = toolCallAnswer('x"y', result, true)
  t.equal(json, '{"result":{"content":[{"type":"text","text":"{\\"a\\":1}"}],"isError":true},"jsonrpc":"2.0","id":"x\\"y"}')
  t.equal(json, JSON.stringify({ result, jsonrpc: '2.0', id: 'x"y' }))
  t.equal(toolCallAnswer('x"y', result, false), `event: message\ndata: ${json}\n\n`)
})

const echo: AnyTool = {
  name: 'echo',
  toolset: 'repos',
  title: 'Echo',
  description: 'Echoes',
  inputSchema: Type.Object({ text: Type.String() }, { additionalProperties: false }),
  outputSchema: Type.Object({ text: Type.String() }),
  annotations: READ_ONLY,
  async run (args: { text: string }) { return { text: args.text, nested: { list: [1, '\u2028', null] } } }
} as unknown as AnyTool

t.test('resultJson serialises a result the registry built once, and exactly as JSON.stringify does', async t => {
  const ctx = { gitea: {}, limits: { maxFileBytes: 1000, maxResponseBytes: 10_000 } } as unknown as ToolContext
  const ok = await callTool('echo', { text: 'a "quoted" line\n' }, ctx, [echo])
  t.equal(ok.outcome, 'ok')
  t.equal(resultJson(ok.result), JSON.stringify(ok.result))
  const failed = await callTool('echo', { text: 5 }, ctx, [echo])
  t.equal(resultJson(failed.result), JSON.stringify(failed.result))
  // A result changed after the registry built it is serialised whole.
  const changed = { ...ok.result, extra: 1 }
  t.equal(resultJson(changed), JSON.stringify(changed))
  const other: ToolCallResult = { content: [{ type: 'text', text: 'x' }], structuredContent: { y: 2 } }
  t.equal(resultJson(other), JSON.stringify(other))
})
