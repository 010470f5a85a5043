// Limits on /mcp over real HTTP: JSON-RPC batches against the per-key rate
// limit, argument depth, legacy SSE streams per key, and what an internal
// error leaves in the application log.
import t, { type Test } from 'tap'
import type { GiteaClient } from '../../lib/gitea/types.js'
import { MAX_SESSIONS_PER_KEY } from '../../routes/mcp/sse.js'
import { buildTestApp, KEY_ONE, KEY_TWO } from '../helpers/app.js'
import { listenLocal } from '../helpers/mcp-client.js'

function toolCall (id: number, name = 'get_repository_info', args: unknown = { owner: 'acme', repo: 'platform' }): object {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }
}

async function postMcp (base: string, body: string, key = KEY_ONE): Promise<Response> {
  return await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
    body
  })
}

function batchOf (count: number, first = 1): string {
  return JSON.stringify(Array.from({ length: count }, (_, i) => toolCall(first + i)))
}

/** `{"x":{"x":...1...}}` nested `levels` deep, built as text: JSON.stringify itself overflows on it. */
function nested (levels: number): string {
  return '{"x":'.repeat(levels) + '1' + '}'.repeat(levels)
}

t.test('a batch counts every request in it against the key: too many → 429 and nothing reaches Gitea', async t => {
  const { app, gitea } = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '5' } })
  const base = await listenLocal(app)
  const seen = gitea.requests.length
  const res = await postMcp(base, batchOf(10))
  t.equal(res.status, 429)
  t.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After in whole seconds')
  t.match(await res.json(), { error: 'rate_limited', message: /10 requests/, request_id: String })
  t.equal(gitea.requests.length, seen, 'Gitea saw no request')
})

t.test('a batch of 3 uses 3 of the key\'s requests', async t => {
  const { app, gitea } = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '5' } })
  const base = await listenLocal(app)
  const batch = await postMcp(base, batchOf(3))
  t.equal(batch.status, 200)
  t.equal(batch.headers.get('x-ratelimit-remaining'), '2', 'the headers say what is left after the batch')
  const answers = await batch.json() as Array<{ id: number, result: { isError?: boolean } }>
  t.same(answers.map(a => a.id).sort(), [1, 2, 3], 'every request answered')
  t.ok(answers.every(a => a.result.isError !== true), 'every call ran')
  t.equal((await postMcp(base, JSON.stringify(toolCall(4)))).status, 200, 'fourth request')
  t.equal((await postMcp(base, JSON.stringify(toolCall(5)))).status, 200, 'fifth request')
  const seen = gitea.requests.length
  const sixth = await postMcp(base, JSON.stringify(toolCall(6)))
  t.equal(sixth.status, 429, 'the sixth is over the limit')
  t.ok(Number(sixth.headers.get('retry-after')) >= 1)
  t.equal(gitea.requests.length, seen)
  t.equal((await postMcp(base, JSON.stringify(toolCall(7)), KEY_TWO)).status, 200, 'another key has its own allowance')
})

t.test('notifications in a batch cost nothing extra; a batch of one request costs one', async t => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '2' } })
  const base = await listenLocal(app)
  const notification = { jsonrpc: '2.0', method: 'notifications/initialized' }
  const res = await postMcp(base, JSON.stringify([notification, toolCall(1), notification]))
  t.equal(res.status, 200)
  t.equal((await postMcp(base, JSON.stringify(toolCall(2)))).status, 200, 'one request left after the batch')
  t.equal((await postMcp(base, JSON.stringify(toolCall(3)))).status, 429)
})

t.test('a batch over the cap is refused with 400 before anything runs, with or without a rate limit', async t => {
  for (const limit of ['120', '0']) {
    const { app, gitea, audit } = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: limit } })
    const base = await listenLocal(app)
    const seen = gitea.requests.length
    const res = await postMcp(base, batchOf(21))
    t.equal(res.status, 400, `RATE_LIMIT_PER_MINUTE=${limit}`)
    t.match(await res.json(), { jsonrpc: '2.0', id: null, error: { code: -32600, message: /at most 20/, data: { request_id: String } } })
    t.equal(gitea.requests.length, seen, 'Gitea saw no request')
    t.equal(audit.events('tool_call').length, 0, 'no tool ran')
    t.equal((await postMcp(base, batchOf(20))).status, 200, 'a batch of 20 is accepted')
  }
})

t.test('very deep arguments are invalid_arguments on every path, and log no error', async t => {
  const { app, audit, logs, gitea } = await buildTestApp(t)
  const base = await listenLocal(app)
  const seen = gitea.requests.length
  const deepArgs = `{"owner":"acme","repo":"platform","x":${nested(5000)}}`
  const invalid = { isError: true, content: [{ type: 'text', text: /"error":"invalid_arguments".*nested/ }] }

  const mcp = await postMcp(base, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_repository_info","arguments":${deepArgs}}}`)
  t.equal(mcp.status, 200)
  t.match(await mcp.json(), { id: 1, result: invalid }, 'POST /mcp')

  const plain = await fetch(`${base}/mcp/tool/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: `{"name":"get_repository_info","arguments":${deepArgs}}`
  })
  t.equal(plain.status, 200)
  t.match(await plain.json(), invalid, 'POST /mcp/tool/call')

  const sse = await openSse(t, base, KEY_ONE)
  const posted = await fetch(`${base}${sse.endpoint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_repository_info","arguments":${deepArgs}}}`
  })
  t.equal(posted.status, 202)
  t.match(await sse.next(), { id: 7, result: invalid }, 'POST /mcp/messages')

  // 32 levels pass the depth check (and then fail the schema, as any nested value does here).
  const shallow = await fetch(`${base}/mcp/tool/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: `{"name":"get_repository_info","arguments":{"owner":"acme","repo":"platform","x":${nested(31)}}}`
  })
  t.match(await shallow.json(), { isError: true, content: [{ text: /unknown argument `x`/ }] })

  t.same(audit.events('tool_call').map(e => e.error_code), ['invalid_arguments', 'invalid_arguments', 'invalid_arguments', 'invalid_arguments'])
  t.equal(gitea.requests.length, seen, 'Gitea saw no request')
  t.same(logs.records().filter(r => Number(r.level) >= 50), [], 'no error in the application log')
})

/** A Gitea client whose every method throws a plain Error, as a bug would. */
function brokenGitea (): GiteaClient {
  return new Proxy({}, {
    get: (_target, property) => property === 'host'
      ? 'gitea.invalid'
      : async () => { throw new Error('simulated bug in the Gitea client') }
  }) as GiteaClient
}

t.test('an internal error in a tool logs one error line with the request id', async t => {
  const { app, logs } = await buildTestApp(t, { gitea: brokenGitea() })
  const base = await listenLocal(app)

  const plain = await fetch(`${base}/mcp/tool/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } })
  })
  t.match(await plain.json(), { isError: true, content: [{ text: /"error":"internal_error"/ }] })
  const plainId = plain.headers.get('x-request-id')

  const mcp = await postMcp(base, JSON.stringify(toolCall(1)))
  t.match(await mcp.json(), { result: { isError: true, content: [{ text: /"error":"internal_error"/ }] } })
  const mcpId = mcp.headers.get('x-request-id')

  const errors = logs.records().filter(r => Number(r.level) >= 50)
  t.equal(errors.length, 2, 'one error line per internal error')
  t.match(errors[0], { level: 50, reqId: plainId, tool: 'get_repository_info', err: { message: 'simulated bug in the Gitea client', stack: String } })
  t.match(errors[1], { level: 50, reqId: mcpId, tool: 'get_repository_info' })
  t.notMatch(logs.text(), KEY_ONE, 'no key in the log')
})

interface SseStream {
  status: number
  endpoint: string
  /** The next JSON-RPC message the stream carries. */
  next: () => Promise<unknown>
}

async function openSse (t: Test, base: string, key: string): Promise<SseStream> {
  const controller = new AbortController()
  t.teardown(() => { controller.abort() })
  const res = await fetch(`${base}/mcp/sse`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal })
  if (res.status !== 200 || res.body === null) {
    await res.body?.cancel()
    return { status: res.status, endpoint: '', next: async () => await res.json() }
  }
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const nextEvent = async (): Promise<{ event: string, data: string }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (data !== undefined) return { event, data }
        continue
      }
      const { value, done } = await reader.read()
      if (done) throw new Error('the SSE stream ended')
      buffer += decoder.decode(value, { stream: true })
    }
  }
  const first = await nextEvent()
  return { status: res.status, endpoint: first.data, next: async () => JSON.parse((await nextEvent()).data) as unknown }
}

t.test('one key cannot take every legacy SSE stream: it is capped per key, other keys still connect', async t => {
  const { app } = await buildTestApp(t)
  const base = await listenLocal(app)
  t.equal(MAX_SESSIONS_PER_KEY, 20, 'the documented cap')
  const streams = await Promise.all(Array.from({ length: MAX_SESSIONS_PER_KEY }, async () => await openSse(t, base, KEY_ONE)))
  t.ok(streams.every(s => s.status === 200 && s.endpoint.startsWith('/mcp/messages?sessionId=')), 'a key may hold 20 streams')

  const controller = new AbortController()
  t.teardown(() => { controller.abort() })
  const refused = await fetch(`${base}/mcp/sse`, { headers: { authorization: `Bearer ${KEY_ONE}` }, signal: controller.signal })
  t.equal(refused.status, 429, 'the 21st stream of the same key')
  t.ok(Number(refused.headers.get('retry-after')) >= 1, 'with Retry-After')
  t.match(await refused.json(), { error: 'too_many_streams', message: /20 .*streams.*POST \/mcp/, request_id: String })

  const other = await openSse(t, base, KEY_TWO)
  t.equal(other.status, 200, 'another key still connects')
  t.match(other.endpoint, /^\/mcp\/messages\?sessionId=/)

  const batch = await fetch(`${base}${other.endpoint}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_TWO}`, 'content-type': 'application/json' },
    body: batchOf(2)
  })
  t.equal(batch.status, 400, 'the legacy endpoint takes one message per POST')
  t.match(await batch.json(), { jsonrpc: '2.0', id: null, error: { code: -32600, message: /one JSON-RPC message per POST/, data: { request_id: String } } })
})
