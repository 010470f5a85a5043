import t, { type Test } from 'tap'
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { startFakeGitea } from '../fake-gitea/server.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

/** A raw client connection, and a promise that settles when the server ends it. */
async function rawConnection (t: Test, port: number): Promise<{ socket: Socket, ended: Promise<void> }> {
  const socket = connect(port, '127.0.0.1')
  t.teardown(() => { socket.destroy() })
  socket.on('error', () => {}) // a reset from the server is what some of these tests expect
  const ended = new Promise<void>(resolve => socket.once('close', () => { resolve() }))
  await new Promise<void>(resolve => socket.once('connect', () => { resolve() }))
  return { socket, ended }
}

/** One keep-alive GET /mcp/tools on `socket`; resolves with the status line once the whole answer is in. */
async function keepAliveRequest (socket: Socket): Promise<string> {
  let text = ''
  const answered = new Promise<string>(resolve => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString()
      const length = /content-length: (\d+)/i.exec(text)?.[1]
      const bodyStart = text.indexOf('\r\n\r\n')
      if (length !== undefined && bodyStart >= 0 && Buffer.byteLength(text.slice(bodyStart + 4)) >= Number(length)) {
        socket.off('data', onData)
        resolve(text.split('\r\n')[0] ?? '')
      }
    }
    socket.on('data', onData)
  })
  socket.write(`GET /mcp/tools HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer(KEY_ONE).authorization}\r\nConnection: keep-alive\r\n\r\n`)
  return await answered
}

/** Resolves true when `promise` settles first, false when a generous 5 s pass first (a hang, not a speed target). */
async function settlesInTime (promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>(resolve => { timer = setTimeout(() => { resolve(false) }, 5000) })
  const result = await Promise.race([promise.then(() => true), late])
  clearTimeout(timer)
  return result
}

t.test('close ends keep-alive connections, used or never used, so shutdown does not wait for clients', async t => {
  const { app } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }

  const used = await rawConnection(t, port)
  t.equal(await keepAliveRequest(used.socket), 'HTTP/1.1 200 OK', 'a keep-alive request answered')
  // HTTP clients open spare connections under load; Node counts one that never sent a byte as active, not idle.
  const neverUsed = await rawConnection(t, port)

  t.ok(await settlesInTime(app.close()), 'app.close() finishes without waiting for the clients to hang up')
  t.ok(await settlesInTime(Promise.all([used.ended, neverUsed.ended])), 'both connections were closed by the server')
})

/**
 * The app, listening, with a proxy in front of Gitea that holds each call
 * until `release()`: a tool call is in flight when close begins.
 * `inGitea` settles once a call has reached the proxy.
 */
async function appBehindHeldGitea (t: Test): Promise<{ app: FastifyInstance, port: number, release: () => void, inGitea: Promise<void> }> {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  let release = (): void => {}
  const held = new Promise<void>(resolve => { release = resolve })
  let reached = (): void => {}
  const inGitea = new Promise<void>(resolve => { reached = resolve })
  const proxy = createServer((req, res) => {
    reached()
    held.then(() => {
      const upstream = httpRequest(`${gitea.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      req.pipe(upstream)
    })
  })
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { proxy.closeAllConnections(); proxy.close() })
  const { app } = await buildTestApp(t, { env: { GITEA_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, GITEA_TOKEN: gitea.token } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  return { app, port, release, inGitea }
}

t.test('a request in flight at close still gets its whole answer, then its connection closes', async t => {
  const { app, port, release, inGitea } = await appBehindHeldGitea(t)
  const busy = await rawConnection(t, port)

  let text = ''
  busy.socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
  const body = JSON.stringify({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } })
  busy.socket.write(`POST /mcp/tool/call HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${bearer(KEY_ONE).authorization}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  await inGitea
  const closed = app.close()
  release()

  t.ok(await settlesInTime(closed), 'close finishes once the answer is sent')
  t.ok(await settlesInTime(busy.ended), 'then the connection is closed')
  t.match(text, /^HTTP\/1\.1 200 OK/, 'the request in flight was answered')
  t.match(text, /"full_name":"acme\/website"/, 'with its whole body')
})

interface AgentAnswer { status?: number, headers?: IncomingHttpHeaders, body?: string, reusedSocket: boolean, errorCode?: string }

/** One request through `agent`; settles with the answer or the error code, and whether a pooled connection carried it. */
async function throughAgent (agent: Agent, port: number, method: string, path: string, body?: string): Promise<AgentAnswer> {
  return await new Promise(resolve => {
    const headers: Record<string, string> = { ...bearer(KEY_ONE), 'content-type': 'application/json' }
    const request = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, response => {
      let text = ''
      response.on('data', (chunk: Buffer) => { text += chunk.toString() })
      response.on('end', () => { resolve({ status: response.statusCode, headers: response.headers, body: text, reusedSocket: request.reusedSocket }) })
    })
    request.on('error', (error: NodeJS.ErrnoException) => { resolve({ reusedSocket: request.reusedSocket, errorCode: error.code }) })
    request.end(body)
  })
}

t.test('an answer sent during shutdown says Connection: close, so a keep-alive client does not reuse the connection', async t => {
  const { app, port, release, inGitea } = await appBehindHeldGitea(t)
  // One connection, kept alive between requests: as HTTP clients and proxies do.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => { agent.destroy() })

  const first = await throughAgent(agent, port, 'GET', '/mcp/tools')
  t.equal(first.status, 200)
  t.not(first.headers?.connection, 'close', 'before shutdown the connection is kept alive')

  const inFlight = throughAgent(agent, port, 'POST', '/mcp/tool/call', JSON.stringify({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } }))
  await inGitea
  const closed = app.close()
  release()
  const answer = await inFlight
  t.equal(answer.reusedSocket, true, 'the request in flight rode the kept-alive connection')
  t.equal(answer.status, 200, 'and was answered in full')
  t.match(answer.body, /"full_name":"acme\/website"/)
  t.equal(answer.headers?.connection, 'close', 'its answer says the connection closes')

  const next = await throughAgent(agent, port, 'GET', '/mcp/tools')
  t.equal(next.reusedSocket, false, 'the next request opens a new connection')
  t.not(next.errorCode, 'ECONNRESET', 'it is not reset on a connection the server closed')
  t.equal(next.errorCode, 'ECONNREFUSED', 'the server, gone, refuses it: a client retries elsewhere')
  t.ok(await settlesInTime(closed), 'close finishes')
})
