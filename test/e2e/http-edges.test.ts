import t from 'tap'
import { connect } from 'node:net'
import { buildTestApp, KEY_ONE } from '../helpers/app.js'

async function rawRequest (port: number, text: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    let answer = ''
    socket.on('data', chunk => { answer += chunk.toString() })
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

t.test('oversized and malformed requests over real HTTP get a 4xx, and the server lives on', async t => {
  const { app } = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port

  const huge = await fetch(`http://127.0.0.1:${port}/mcp/tools`, { headers: { authorization: `Bearer ${'x'.repeat(20_000)}` } })
  t.equal(huge.status, 431, 'headers over 16 KiB: 431')

  const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400/, 'a malformed request line: 400')

  const badHeader = await rawRequest(port, 'GET /mcp/tools HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0001b\r\n\r\n')
  t.match(badHeader, /^HTTP\/1\.1 4\d\d/, 'a control character in a header: 4xx')

  const ok = await fetch(`http://127.0.0.1:${port}/mcp/tools`, { headers: { authorization: `Bearer ${KEY_ONE}` } })
  t.equal(ok.status, 200, 'still serving')
})
