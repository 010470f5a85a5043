import helmet from '@fastify/helmet'
import Fastify, { type FastifyInstance } from 'fastify'
import { connect } from 'node:net'
import t from 'tap'
import helmetPlugin, { HELMET_OPTIONS, helmetHeaders } from '../../plugins/external/helmet.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

// The headers are worked out once by @fastify/helmet (plugins/external/helmet.ts);
// these tests hold them to what @fastify/helmet registered globally sends, on the wire.

/** One request over a bare socket; the answer's header lines exactly as sent (case and order), without Date. */
async function rawHeaderLines (port: number, request: string): Promise<string[]> {
  const socket = connect(port, '127.0.0.1')
  socket.end(request)
  let text = ''
  for await (const chunk of socket) {
    text += (chunk as Buffer).toString('latin1')
    if (text.includes('\r\n\r\n')) break
  }
  socket.destroy()
  return text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n').slice(1).filter(line => !/^date:/i.test(line))
}

const get = (path: string, headers = ''): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`

/** The same routes on a bare Fastify: every way an answer leaves (send, error, 404, hijack, a route's own CSP). */
async function serverWith (register: (app: FastifyInstance) => Promise<void>): Promise<{ port: number, close: () => Promise<void> }> {
  const app = Fastify()
  await register(app)
  app.get('/ok', async () => ({ ok: true }))
  app.get('/error', async () => { throw new Error('no') })
  app.get('/own-csp', async (_request, reply) => await reply.header('content-security-policy', "default-src 'self'").send('page'))
  app.get('/hijack', async (_request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.end('data: x\n\n')
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { port: address.port, close: async () => { await app.close() } }
}

t.test('every kind of answer carries the very header lines @fastify/helmet registered globally sends', async t => {
  const reference = await serverWith(async app => { await app.register(helmet, HELMET_OPTIONS) })
  t.teardown(reference.close)
  const ours = await serverWith(async app => { await app.register(helmetPlugin) })
  t.teardown(ours.close)
  for (const path of ['/ok', '/error', '/nope', '/own-csp', '/hijack']) {
    const expected = await rawHeaderLines(reference.port, get(path))
    t.ok(expected.some(line => line.startsWith('X-Frame-Options: DENY')), `${path}: the reference has helmet's headers`)
    t.same(await rawHeaderLines(ours.port, get(path)), expected, `${path}: same lines, same case, same order`)
  }
})

t.test('helmetHeaders is what @fastify/helmet sets for the options, and does not depend on them being ours', async t => {
  const headers = await helmetHeaders(HELMET_OPTIONS)
  const byName = new Map(headers.map(([name, value]) => [name.toLowerCase(), value]))
  t.equal(byName.get('content-security-policy'), "default-src 'none';base-uri 'none';font-src 'self' https: data:;form-action 'none';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests")
  t.equal(byName.get('x-frame-options'), 'DENY')
  t.equal(byName.get('strict-transport-security'), 'max-age=31536000; includeSubDomains')
  const defaults = new Map((await helmetHeaders({ global: true })).map(([name, value]) => [name.toLowerCase(), value]))
  t.equal(defaults.get('x-frame-options'), 'SAMEORIGIN', 'other options give other headers: they come from @fastify/helmet')
})

t.test('the app: public routes, refusals, the tools/list fast path and the SDK path all carry helmet\'s lines, in order', async t => {
  const reference = await serverWith(async app => { await app.register(helmet, HELMET_OPTIONS) })
  t.teardown(reference.close)
  const nameOf = (line: string): string => line.slice(0, line.indexOf(':')).toLowerCase()
  // helmet's names (the first test holds helmetHeaders to the reference); the lines themselves from the reference.
  const helmetNames = new Set((await helmetHeaders(HELMET_OPTIONS)).map(([name]) => name.toLowerCase()))
  const helmetLines = (await rawHeaderLines(reference.port, get('/ok'))).filter(line => helmetNames.has(nameOf(line)))
  t.equal(helmetLines.length, helmetNames.size)
  const { app } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const post = (body: string, headers: Record<string, string>): string => {
    const lines = Object.entries({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`).join('')
    return `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  }
  const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} })
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })
  const requests: Record<string, string> = {
    'GET /': get('/'),
    'GET /health': get('/health'),
    'GET /nope (404)': get('/nope'),
    'POST /mcp without a key (401)': post(list, {}),
    'POST /mcp tools/list (fast path)': post(list, bearer(KEY_ONE)),
    'POST /mcp initialize (SDK, hijacked)': post(initialize, bearer(KEY_ONE)),
    'GET /mcp (405)': get('/mcp', `Authorization: Bearer ${KEY_ONE}\r\n`)
  }
  for (const [name, request] of Object.entries(requests)) {
    const lines = await rawHeaderLines(address.port, request)
    const sent = lines.filter(line => helmetNames.has(nameOf(line)))
    // A hijacked answer has every header set again from reply.getHeaders(), whose names are lower-case
    // (routes/mcp/hijack.ts): it was so before the headers were worked out once, too.
    if (name.includes('hijacked')) t.same(sent, helmetLines.map(line => `${nameOf(line)}${line.slice(line.indexOf(':'))}`), name)
    else t.same(sent, helmetLines, name)
  }
})
