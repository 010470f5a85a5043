import t, { type Test } from 'tap'
import { connect, type Socket } from 'node:net'
import { buildTestApp, KEY_ONE } from './helpers/app.js'

/** A client that writes `head` at once, then `trickle` one byte every 200 ms (nothing when empty), until the server ends the connection. */
async function trickle (t: Test, port: number, head: string, trickle: string): Promise<{ answer: string, elapsedMs: number }> {
  const socket: Socket = connect(port, '127.0.0.1')
  t.teardown(() => { socket.destroy() })
  socket.on('error', () => {}) // a reset is one way a server may end it
  await new Promise<void>(resolve => socket.once('connect', () => { resolve() }))
  const started = Date.now()
  let answer = ''
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  socket.write(head)
  let sent = 0
  const timer = setInterval(() => {
    if (trickle === '' || socket.destroyed || !socket.writable) return
    socket.write(trickle[sent % trickle.length] ?? '')
    sent++
  }, 200)
  // A generous bound, far past the 1 s under test: a server that never cuts the client fails here, not by hanging.
  const guard = setTimeout(() => { socket.destroy(new Error('the server did not end the connection in 8 s')) }, 8000)
  await new Promise<void>(resolve => socket.once('close', () => { resolve() }))
  clearInterval(timer)
  clearTimeout(guard)
  return { answer, elapsedMs: Date.now() - started }
}

async function listeningApp (t: Test): Promise<number> {
  const { app } = await buildTestApp(t, { env: { CLIENT_REQUEST_TIMEOUT_SECONDS: '1' } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return (app.server.address() as { port: number }).port
}

t.test('a body sent one byte at a time is cut at CLIENT_REQUEST_TIMEOUT_SECONDS with a 408', async t => {
  const port = await listeningApp(t)
  // Authenticated, so the route waits for the body (bodies are read only after authentication).
  const head = `POST /mcp/tool/call HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY_ONE}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`
  const { answer, elapsedMs } = await trickle(t, port, head, '{"name":"x"')
  t.match(answer, /^HTTP\/1\.1 408 Request Timeout/, 'the client is told why')
  t.match(answer, /\r\nconnection: close\r\n/i, 'and that the connection closes')
  t.match(answer, /\r\nx-request-id: [0-9a-f-]{36}\r\n/i, 'with a request id like every response')
  t.match(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { error: 'request_timeout', message: /CLIENT_REQUEST_TIMEOUT_SECONDS/ })
  t.ok(elapsedMs >= 900, `not before the timeout (${elapsedMs} ms)`)
  t.ok(elapsedMs < 4000, `soon after it: the check runs often enough (${elapsedMs} ms)`)
})

t.test('headers sent one byte at a time are cut at CLIENT_REQUEST_TIMEOUT_SECONDS too', async t => {
  const port = await listeningApp(t)
  const { answer, elapsedMs } = await trickle(t, port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaa')
  t.match(answer, /^HTTP\/1\.1 408 Request Timeout/)
  t.ok(elapsedMs >= 900, `not before the timeout (${elapsedMs} ms)`)
  t.ok(elapsedMs < 4000, `soon after it (${elapsedMs} ms)`)
})

t.test('a connection opened and never used is closed at the same timeout', async t => {
  const port = await listeningApp(t)
  const { answer, elapsedMs } = await trickle(t, port, '', '')
  t.equal(answer.startsWith('HTTP/1.1 408') || answer === '', true, 'a 408 or a plain close')
  t.ok(elapsedMs >= 900, `not before the timeout (${elapsedMs} ms)`)
  t.ok(elapsedMs < 4000, `soon after it (${elapsedMs} ms)`)
})

t.test('the server timeouts are set deliberately from the configuration', async t => {
  const { app } = await buildTestApp(t, { env: { CLIENT_REQUEST_TIMEOUT_SECONDS: '30' } })
  const server = app.server
  t.equal(server.requestTimeout, 30_000, 'the whole request: CLIENT_REQUEST_TIMEOUT_SECONDS')
  t.equal(server.headersTimeout, 30_000, 'headers within the same time (Node requires <= requestTimeout)')
  t.ok(server.keepAliveTimeout > 90_000, `idle keep-alive outlives Traefik's 90 s idle timeout (${server.keepAliveTimeout} ms)`)
  t.ok(server.timeout >= 120_000, `a silent connection is cut only well past any legitimate silence (${server.timeout} ms)`)
})
