import { request } from 'node:http'
import t from 'tap'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'
import { startFakeGitea } from '../../fake-gitea/server.js'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function listening (t: Parameters<typeof buildTestApp>[0], options: Parameters<typeof buildTestApp>[1] = {}): Promise<{ port: number } & Awaited<ReturnType<typeof buildTestApp>>> {
  const built = await buildTestApp(t, { ...options, env: { RATE_LIMIT_PER_MINUTE: '0', ...options.env } })
  await built.app.listen({ host: '127.0.0.1', port: 0 })
  const address = built.app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { ...built, port: address.port }
}

function post (port: number, body: unknown, accept: string | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...bearer(KEY_ONE) }
    if (accept !== undefined) headers.accept = accept
    const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { text += chunk })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }) })
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

const CALLS: Array<Record<string, unknown>> = [
  { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } },
  { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'README.md' } },
  { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'no-such-file.md' } },
  { name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'README.md', start_line: 'x' } },
  { name: 'no_such_tool', arguments: {} },
  { name: 'list_repositories' },
  { name: 'search', arguments: { query: 'billing' }, _meta: { progressToken: 5 } }
]

t.test('a plain tools/call is answered exactly as the SDK answers it: status, framing, body and audit', async t => {
  const { port, audit } = await listening(t)
  for (const accept of ['application/json, text/event-stream', 'application/json', '*/*', undefined]) {
    for (const params of CALLS) {
      for (const id of [7, 'id "quoted"']) {
        const label = `${String(accept)} ${String(params.name)} ${JSON.stringify(id)}`
        const before = audit.events('tool_call').length
        const direct = await post(port, { jsonrpc: '2.0', id, method: 'tools/call', params }, accept)
        // An unknown params key sends the same call through the SDK's server and transport (which drops the key).
        const viaSdk = await post(port, { jsonrpc: '2.0', id, method: 'tools/call', params: { ...params, via_sdk: true } }, accept)
        t.equal(direct.status, viaSdk.status, `${label}: status`)
        t.equal(direct.body, viaSdk.body, `${label}: body`)
        for (const header of ['content-type', 'cache-control', 'x-accel-buffering', 'x-content-type-options', 'content-security-policy']) {
          t.equal(direct.headers[header], viaSdk.headers[header], `${label}: ${header}`)
        }
        t.match(direct.headers['x-request-id'], /^[0-9a-f-]{36}$/)
        const [first, second] = audit.events('tool_call').slice(before)
        const { timestamp: _t1, request_id: _r1, duration_ms: _d1, prev_hash: _p1, hash: _h1, ...directAudit } = first ?? {}
        const { timestamp: _t2, request_id: _r2, duration_ms: _d2, prev_hash: _p2, hash: _h2, ...sdkAudit } = second ?? {}
        t.same(directAudit, sdkAudit, `${label}: the same tool_call audit line`)
        t.equal(audit.events('tool_call').length, before + 2, `${label}: one audit line per call`)
      }
    }
  }
  const sse = await post(port, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: CALLS[0] }, 'application/json, text/event-stream')
  t.equal(sse.headers['content-type'], 'text/event-stream')
  t.match(sse.body, /^event: message\ndata: \{"result":\{"content":\[\{"type":"text"/)
  const json = await post(port, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: CALLS[0] }, 'application/json')
  t.equal(json.headers['content-type'], 'application/json')
  t.equal(json.headers['cache-control'], 'no-store')
})

t.test('a client that goes away cancels its call, which is audited as cancelled', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  let started: () => void = () => {}
  const called = new Promise<void>(resolve => { started = resolve })
  const real = createGiteaClient({ baseUrl: gitea.url, token: gitea.token, timeoutMs: 5000 })
  // getRepo answers only when its call is aborted.
  const stalled: GiteaClient = {
    ...real,
    getRepo: async (_owner, _repo, call) => await new Promise((_resolve, reject) => {
      started()
      call?.signal?.addEventListener('abort', () => { reject(call.signal?.reason) })
    })
  }
  const { port, audit } = await listening(t, { gitea: stalled })
  const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer(KEY_ONE) } })
  req.on('error', () => {})
  req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } } }))
  await called
  req.destroy()
  while (audit.events('tool_call').length === 0) await new Promise(resolve => setImmediate(resolve))
  t.match(audit.events('tool_call')[0], { tool: 'get_repository_info', outcome: 'error', error_code: 'cancelled' })
})
