import t from 'tap'
import { toolsListAnswer } from '../../../lib/mcp/tools-list.js'

const LIST = '{"tools":[{"name":"search"}]}'
const JSON_HEADERS = { 'content-type': 'application/json' }

t.test('a plain tools/list is answered from the serialised list', async t => {
  for (const [message, id] of [
    [{ jsonrpc: '2.0', id: 7, method: 'tools/list' }, 7],
    [{ jsonrpc: '2.0', id: 'x"y', method: 'tools/list', params: {} }, 'x"y'],
    [{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 'c', _meta: { progressToken: 1 } } }, 1]
  ] as const) {
    const answer = toolsListAnswer(message, JSON_HEADERS, LIST)
    const expected = { jsonrpc: '2.0', id, result: { tools: [{ name: 'search' }] } }
    t.same(JSON.parse(answer?.body(true).toString() ?? 'null'), expected)
    t.equal(answer?.contentType(true), 'application/json')
    t.equal(answer?.contentType(false), 'text/event-stream', 'SSE for a client that accepts it, as the SDK answers')
    t.same(JSON.parse(/^event: message\ndata: (.*)\n\n$/.exec(answer?.body(false).toString() ?? '')?.[1] ?? 'null'), expected)
  }
  t.ok(toolsListAnswer({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'content-type': 'Application/JSON; charset=utf-8', 'mcp-protocol-version': '2025-06-18' }, LIST))
})

t.test('anything else goes to the SDK', async t => {
  const cases: Array<[string, unknown, Record<string, string>]> = [
    ['another method', { jsonrpc: '2.0', id: 1, method: 'tools/call' }, JSON_HEADERS],
    ['a notification', { jsonrpc: '2.0', method: 'tools/list' }, JSON_HEADERS],
    ['a fractional id', { jsonrpc: '2.0', id: 1.5, method: 'tools/list' }, JSON_HEADERS],
    ['an unsafe integer id (the SDK refuses it)', { jsonrpc: '2.0', id: 2 ** 60, method: 'tools/list' }, JSON_HEADERS],
    ['an extra top-level key (the SDK schema is strict: 400)', { jsonrpc: '2.0', id: 1, method: 'tools/list', extra: true }, JSON_HEADERS],
    ['no jsonrpc', { id: 1, method: 'tools/list' }, JSON_HEADERS],
    ['a batch', [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], JSON_HEADERS],
    ['a bad cursor', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 5 } }, JSON_HEADERS],
    ['unknown params', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { filter: 'x' } }, JSON_HEADERS],
    ['text/plain', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'content-type': 'text/plain' }],
    ['an unsupported protocol version', { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { ...JSON_HEADERS, 'mcp-protocol-version': '1999-01-01' }]
  ]
  for (const [label, body, headers] of cases) t.equal(toolsListAnswer(body, headers, LIST), null, label)
})
