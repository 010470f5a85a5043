// Issue 8 item 10: what a client sees of a Gitea failure (a tool result, the
// /ready reason) never names Gitea's internal address or where it redirected
// to; the application log holds that detail, under the request id.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** A misbehaving "Gitea" on 127.0.0.1, closed with its connections at teardown. */
async function fakeServer (t: Test, handler: Handler): Promise<{ server: Server, hostPort: string }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { server, hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** A port nothing listens on (a server bound, then closed). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

interface Seen {
  tool: string
  ready: string
  logs: string
  requestId: string
}

/** Calls list_repositories and /ready over real HTTP against the app wired to `giteaUrl`. */
async function observe (t: Test, giteaUrl: string): Promise<Seen> {
  const { app, logs } = await buildTestApp(t, { env: { GITEA_URL: giteaUrl, REQUEST_TIMEOUT_SECONDS: '1' } })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const requestId = 'req-internal-address'
  const call = await fetch(`${base}/mcp/tool/call`, {
    method: 'POST',
    headers: { ...bearer(KEY_ONE), 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ name: 'list_repositories', arguments: {} })
  })
  t.equal(call.status, 200)
  const tool = await call.text()
  t.equal(JSON.parse(tool).isError, true, 'the call failed')
  const ready = await fetch(`${base}/ready`)
  t.equal(ready.status, 503)
  return { tool, ready: await ready.text(), logs: logs.text(), requestId }
}

function hidden (t: Test, seen: Seen, secrets: string[]): void {
  for (const secret of secrets) {
    t.notOk(seen.tool.includes(secret), `the tool result does not name ${secret}: ${seen.tool}`)
    t.notOk(seen.ready.includes(secret), `the /ready body does not name ${secret}: ${seen.ready}`)
  }
  t.match(JSON.parse(JSON.parse(seen.tool).content[0].text).message, seen.requestId, 'the tool result gives the request id')
}

function logged (t: Test, seen: Seen, detail: string): void {
  t.ok(seen.logs.includes(detail), `the application log holds ${detail}`)
  const line = seen.logs.split('\n').find((l) => l.includes(detail) && l.includes(seen.requestId))
  t.ok(line, 'with the request id of the tool call')
}

t.test('a redirect elsewhere: neither Gitea nor the target is named', async (t) => {
  const target = await fakeServer(t, (_req, res) => res.end('{}'))
  const gitea = await fakeServer(t, (_req, res) => {
    res.writeHead(302, { location: `http://${target.hostPort}/steal` }).end()
  })
  const seen = await observe(t, `http://${gitea.hostPort}`)
  hidden(t, seen, [gitea.hostPort, target.hostPort])
  t.match(seen.tool, /redirected/)
  t.match(seen.ready, /redirected/)
  logged(t, seen, target.hostPort)
})

t.test('connection refused: Gitea unreachable, address only in the log', async (t) => {
  const hostPort = `127.0.0.1:${await closedPort()}`
  const seen = await observe(t, `http://${hostPort}`)
  hidden(t, seen, [hostPort])
  t.match(seen.tool, /gitea_unreachable/)
  t.match(seen.ready, /connection refused/)
  logged(t, seen, hostPort)
})

t.test('a timeout: timed out, address only in the log', async (t) => {
  const gitea = await fakeServer(t, () => {})
  const seen = await observe(t, `http://${gitea.hostPort}`)
  hidden(t, seen, [gitea.hostPort])
  t.match(seen.tool, /gitea_timeout/)
  t.match(seen.ready, /did not answer within 1 s/)
  logged(t, seen, gitea.hostPort)
})

t.test('a TLS failure (https:// to a plain HTTP port): address only in the log', async (t) => {
  const gitea = await fakeServer(t, (_req, res) => res.end('{}'))
  const seen = await observe(t, `https://${gitea.hostPort}`)
  hidden(t, seen, [gitea.hostPort])
  t.match(seen.tool, /gitea_unreachable/)
  t.match(seen.ready, /TLS/)
  logged(t, seen, gitea.hostPort)
})

t.test('an answer that is not JSON, and a 5xx whose message names the address', async (t) => {
  const html = await fakeServer(t, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'))
  const seen = await observe(t, `http://${html.hostPort}`)
  hidden(t, seen, [html.hostPort])
  t.match(seen.tool, /not JSON/)
  logged(t, seen, html.hostPort)

  let hostPort = ''
  const failing = await fakeServer(t, (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `dial tcp http://${hostPort}/db: refused` }))
  })
  hostPort = failing.hostPort
  const broken = await observe(t, `http://${hostPort}`)
  hidden(t, broken, [hostPort])
  t.match(broken.tool, /failed with 500/)
})
