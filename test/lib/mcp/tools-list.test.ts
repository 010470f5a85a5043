import t from 'tap'
import { ANSWERS_KEPT, toolsListAnswer } from '../../../lib/mcp/tools-list.js'

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

t.test('answers with the same id share their bytes; other ids, framings and lists never do, and only a few are kept', async t => {
  const list = '{"tools":[{"name":"kept"}]}'
  const ask = (id: string | number, listJson = list): Buffer | undefined => toolsListAnswer({ jsonrpc: '2.0', id, method: 'tools/list' }, JSON_HEADERS, listJson)?.body(true)
  const first = ask(1)
  t.equal(ask(1), first, 'the same id: the same bytes, not a copy')
  t.equal(first?.toString(), `{"jsonrpc":"2.0","id":1,"result":${list}}`)
  t.equal(ask('1')?.toString(), `{"jsonrpc":"2.0","id":"1","result":${list}}`, 'the string id "1" is another answer')
  t.equal(ask(1, LIST)?.toString(), `{"jsonrpc":"2.0","id":1,"result":${LIST}}`, 'another list is another answer')
  const sse = toolsListAnswer({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, JSON_HEADERS, list)?.body(false)
  t.equal(sse?.toString(), `event: message\ndata: {"jsonrpc":"2.0","id":1,"result":${list}}\n\n`, 'SSE framing is its own answer')
  // Many other ids push the first one out; it is then built again, the same bytes.
  for (let id = 100; id < 100 + ANSWERS_KEPT; id++) t.equal(ask(id)?.toString(), `{"jsonrpc":"2.0","id":${id},"result":${list}}`)
  const again = ask(1)
  t.not(again, first, 'no longer kept: built again')
  t.equal(again?.toString(), first?.toString(), 'the same bytes')
})
