import t, { type Test } from 'tap'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { isLoopbackAddress, isOwnOrigin, parseHost } from '../../plugins/host-origin.js'
import { buildTestApp, KEY_ONE, type TestApp } from '../helpers/app.js'

// Host and Origin are checked at the HTTP level, so these tests talk to a
// listening server with node:http (fetch cannot set Host).

interface Answer { status: number, body: { error?: string } }

async function listen (t: Test, env: Record<string, string> = {}): Promise<TestApp & { port: number }> {
  const built = await buildTestApp(t, { env })
  await built.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...built, port: (built.app.server.address() as AddressInfo).port }
}

async function get (app: FastifyInstance, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const { port } = app.server.address() as AddressInfo
  return await new Promise((resolve, reject) => {
    // authorization '' leaves the header out.
    const all = Object.fromEntries(Object.entries({ authorization: `Bearer ${KEY_ONE}`, ...headers }).filter(([, value]) => value !== ''))
    const req = httpRequest({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers: all }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { text += chunk })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: parseBody(text) }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

// JSON, or the one JSON-RPC message of an SSE answer.
function parseBody (text: string): Answer['body'] {
  const data = /^data: (.*)$/m.exec(text)?.[1]
  return JSON.parse(data ?? text) as Answer['body']
}

t.test('bound to loopback: the server\'s own origin is accepted, by either loopback name', async t => {
  const { app, port } = await listen(t)
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).status, 200, 'Origin http://127.0.0.1:PORT on Host 127.0.0.1:PORT')
  t.equal((await get(app, '/mcp/tools', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status, 200, 'localhost')
  t.equal((await get(app, '/mcp/tools', { host: `[::1]:${port}`, origin: `http://[::1]:${port}` })).status, 200, '[::1]')
  t.equal((await get(app, '/mcp/tools', { host: `LocalHost:${port}`, origin: `http://localhost:${port}/` })).status, 200, 'case and a trailing slash do not matter')
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}` })).status, 200, 'no Origin (a server-to-server client)')
})

t.test('an Origin that is not the request\'s own host and port, nor listed, gets 403', async t => {
  const { app, port, audit } = await listen(t)
  const foreign = await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin: 'https://evil.example' })
  t.equal(foreign.status, 403)
  t.equal(foreign.body.error, 'origin_not_allowed')
  t.match(audit.events('origin_rejected'), [{ severity: 'medium', origin: 'https://evil.example', path: '/mcp/tools' }])
  for (const origin of [`http://127.0.0.1:${port + 1}`, `http://localhost:${port}`, 'null', `http://127.0.0.1:${port}.evil.example`, 'not a url']) {
    t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin })).status, 403, origin)
  }
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin: `https://127.0.0.1:${port}` })).status, 200, 'the scheme does not matter (TLS may end at a proxy)')
})

t.test('bound to loopback: a Host the server does not answer to gets 403 (DNS rebinding), even with a matching Origin', async t => {
  const { app, port, audit } = await listen(t)
  const evil = await get(app, '/mcp/tools', { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })
  t.equal(evil.status, 403)
  t.equal(evil.body.error, 'host_not_allowed')
  t.match(audit.events('host_rejected'), [{ severity: 'medium', host: `evil.example:${port}`, path: '/mcp/tools' }])
  t.equal(audit.events('auth_success').length, 0, 'refused before authentication')
  const noKey = await get(app, '/mcp', { host: 'evil.example', authorization: '' })
  t.equal(noKey.status, 403, 'without a key too, and not counted as an auth failure')
  t.equal(audit.events('auth_failure').length, 0)
})

t.test('public routes answer whatever the Host and Origin', async t => {
  const { app } = await listen(t)
  for (const path of ['/', '/health']) {
    t.equal((await get(app, path, { host: 'evil.example', origin: 'https://evil.example' })).status, 200, path)
  }
})

t.test('MCP_DOMAIN and MCP_ALLOWED_HOSTS are names the server answers to, with their own origin', async t => {
  const { app, port } = await listen(t, { MCP_DOMAIN: 'MCP.example.com', MCP_ALLOWED_HOSTS: 'mcp.internal' })
  t.equal((await get(app, '/mcp/tools', { host: 'mcp.example.com', origin: 'https://mcp.example.com' })).status, 200, 'MCP_DOMAIN, behind TLS on 443')
  t.equal((await get(app, '/mcp/tools', { host: 'mcp.example.com:443', origin: 'https://mcp.example.com' })).status, 200, 'an explicit default port')
  t.equal((await get(app, '/mcp/tools', { host: 'mcp.internal:8443', origin: 'https://mcp.internal:8443' })).status, 200, 'MCP_ALLOWED_HOSTS, any port')
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}` })).status, 200, 'still loopback: bound to 127.0.0.1')
  t.equal((await get(app, '/mcp/tools', { host: 'mcp.example.com', origin: 'https://mcp.internal' })).status, 403, 'another allowed host is still another origin')
  t.equal((await get(app, '/mcp/tools', { host: 'other.example.com' })).status, 403)
})

t.test('MCP_ALLOWED_ORIGINS lists origins besides the server\'s own', async t => {
  const { app, port } = await listen(t, { MCP_ALLOWED_ORIGINS: 'https://chatgpt.com' })
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin: 'https://chatgpt.com' })).status, 200)
  t.equal((await get(app, '/mcp/tools', { host: `127.0.0.1:${port}`, origin: 'https://chatgpt.com.evil.example' })).status, 403)
})

t.test('bound to every address with MCP_DOMAIN: only the configured names', async t => {
  const { app } = await listen(t, { MCP_HOST: '0.0.0.0', MCP_DOMAIN: 'mcp.example.com' })
  t.equal((await get(app, '/mcp/tools', { host: 'mcp.example.com' })).status, 200)
  t.equal((await get(app, '/mcp/tools', { host: 'localhost:8080' })).status, 403, 'loopback names only when bound to loopback')
})

t.test('bound to every address with no names configured: any Host, one warning at start, Origin still checked', async t => {
  const { app, logs } = await listen(t, { MCP_HOST: '0.0.0.0' })
  const warnings = logs.lines.filter(line => /MCP_DOMAIN/.test(line) && /MCP_ALLOWED_HOSTS/.test(line))
  t.equal(warnings.length, 1, 'one warning naming what to set')
  t.match(warnings[0] ?? '', /"level":40/)
  t.equal((await get(app, '/mcp/tools', { host: 'anything.example:8080' })).status, 200)
  t.equal((await get(app, '/mcp/tools', { host: 'anything.example:8080', origin: 'http://anything.example:8080' })).status, 200, 'its own origin')
  t.equal((await get(app, '/mcp/tools', { host: 'anything.example:8080', origin: 'https://evil.example' })).status, 403, 'a foreign origin')
})

t.test('the MCP conformance suite\'s DNS-rebinding scenario: initialize with Host and Origin both evil, then both the server\'s own', async t => {
  // What the scenario sends, to a server without authentication (it has no way to send a key).
  const { app, port } = await listen(t, { AUTH_ENABLED: 'false' })
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'conformance-dns-rebinding-test', version: '1.0.0' } } })
  const headers = (host: string): Record<string, string> => ({ host, origin: `http://${host}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' })
  const evil = await get(app, '/mcp', headers('evil.example.com'), initialize)
  t.equal(evil.status, 403, 'rejected with a 4xx')
  const own = await get(app, '/mcp', headers(`127.0.0.1:${port}`), initialize)
  t.equal(own.status, 200, 'accepted')
  t.match(own.body, { result: { serverInfo: { name: 'aegis-gitea-mcp' } } })
})

t.test('Host parsing, loopback binding and own-origin comparison', async t => {
  t.same(parseHost('MCP.Example.com.:8443'), { name: 'mcp.example.com', port: '8443' })
  t.same(parseHost('[::1]:80'), { name: '::1', port: '80' })
  t.same(parseHost('localhost'), { name: 'localhost', port: '' })
  for (const bad of [undefined, '', 'a b', 'host:port', 'evil.example/x', '::1']) t.equal(parseHost(bad), null, String(bad))
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) t.ok(isLoopbackAddress(address), address)
  for (const address of ['0.0.0.0', '::', '192.168.1.5', 'mcp.example.com']) t.notOk(isLoopbackAddress(address), address)
  t.ok(isOwnOrigin('https://mcp.example.com', { name: 'mcp.example.com', port: '' }))
  t.ok(isOwnOrigin('http://[::1]:8080', { name: '::1', port: '8080' }))
  t.notOk(isOwnOrigin('http://mcp.example.com', { name: 'mcp.example.com', port: '8080' }), 'default port against another')
  t.notOk(isOwnOrigin('http://mcp.example.com/path', { name: 'mcp.example.com', port: '' }), 'an Origin has no path')
  t.notOk(isOwnOrigin('ftp://mcp.example.com', { name: 'mcp.example.com', port: '' }))
})
