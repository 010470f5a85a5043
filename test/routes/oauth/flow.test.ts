import t from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createServer } from 'node:http'
import { KEY_ONE } from '../../helpers/app.js'
import { authorizeUrl, Browser, LOOPBACK_CALLBACK, pkcePair, registerClient, signInAndAllow, startOAuthApp, tokenRequest } from '../../helpers/oauth.js'

async function mcpPost (base: string, token: string, body: unknown): Promise<{ status: number, json: Record<string, any> }> {
  const response = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: response.status, json: await response.json() as Record<string, any> }
}

t.test('ChatGPT\'s path with plain HTTP: register, authorize, sign in, allow, exchange, use, refresh, revoke; no secret in any log', async t => {
  const { base, audit, logs, config } = await startOAuthApp(t)
  const keyId = config.auth.keys[0]?.keyId

  const registered = await registerClient(base, { client_name: 'ChatGPT' })
  t.equal(registered.status, 201, 'open DCR')
  t.match(registered.body, { client_name: 'ChatGPT', token_endpoint_auth_method: 'none', redirect_uris: [LOOPBACK_CALLBACK] })
  t.notOk('client_secret' in registered.body, 'a public client: no secret')
  t.notOk('registration_access_token' in registered.body)
  const clientId = String(registered.body.client_id)

  const { verifier, challenge } = pkcePair()
  const browser = new Browser()
  const start = await browser.get(authorizeUrl(base, { clientId, challenge, state: 'xyz-state' }))
  t.equal(start.status, 303)
  const signInUrl = new URL(start.headers.get('location') ?? '', base).href
  t.match(signInUrl, new RegExp(`^${base}/oauth/interaction/[A-Za-z0-9_-]+$`))
  const signIn = await browser.get(signInUrl)
  const signInHtml = await signIn.text()
  t.equal(signIn.status, 200)
  t.match(signIn.headers.get('content-type'), /text\/html/)
  t.match(signInHtml, /<label for="api-key">API key<\/label>/, 'the password input is labelled API key')
  t.match(signInHtml, /<input type="password" id="api-key"/)
  t.match(signInHtml, /<strong>ChatGPT<\/strong>/, 'names the client')
  t.equal(signIn.headers.get('cache-control'), 'no-store')

  const callback = await signInAndAllow(base, authorizeUrl(base, { clientId, challenge, state: 'xyz-state' }), KEY_ONE, browser)
  t.equal(callback.origin + callback.pathname, LOOPBACK_CALLBACK, 'back at the client\'s callback')
  t.equal(callback.searchParams.get('state'), 'xyz-state')
  t.equal(callback.searchParams.get('iss'), base, 'RFC 9207 issuer in the response')
  const code = callback.searchParams.get('code') ?? ''
  t.ok(code.length > 20, 'a code')

  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  t.equal(tokens.status, 200)
  t.match(tokens.body, { token_type: 'Bearer', expires_in: 3600, scope: 'mcp', access_token: String, refresh_token: String })
  const accessToken = String(tokens.body.access_token)
  const refreshToken = String(tokens.body.refresh_token)

  const list = await mcpPost(base, accessToken, { jsonrpc: '2.0', id: 1, method: 'tools/list' })
  t.equal(list.status, 200)
  t.ok(list.json.result.tools.some((tool: { name: string }) => tool.name === 'list_repositories'))
  const call = await mcpPost(base, accessToken, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } } })
  t.equal(call.status, 200)
  t.notOk(call.json.result.isError)
  t.match(call.json.result.structuredContent, { full_name: 'acme/platform' })

  // The MCP SDK client, with the token as a plain bearer header.
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { Authorization: `Bearer ${accessToken}` } } }))
  t.ok((await client.listTools()).tools.length > 5)
  await client.close()

  t.match(audit.events('auth_success').at(-1), { key_id: keyId, client_id: clientId })
  const toolCall = audit.events('tool_call').find(event => event.tool === 'get_repository_info')
  t.match(toolCall, { key_id: keyId, client_id: clientId, outcome: 'ok' }, 'tool calls made with a token name key and client')

  // Refresh: rotated, and the new access token works.
  const refreshed = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId })
  t.equal(refreshed.status, 200)
  t.not(refreshed.body.refresh_token, refreshToken, 'the refresh token is rotated')
  const secondAccess = String(refreshed.body.access_token)
  t.equal((await mcpPost(base, secondAccess, { jsonrpc: '2.0', id: 3, method: 'tools/list' })).status, 200)
  const asBearer = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${String(refreshed.body.refresh_token)}` } })
  t.equal(asBearer.status, 401, 'a refresh token is no access token')

  // Revoke (RFC 7009): the token stops at once.
  const revoke = await fetch(`${base}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: secondAccess, client_id: clientId }).toString() })
  t.equal(revoke.status, 200)
  const after = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${secondAccess}` } })
  t.equal(after.status, 401)
  t.match(after.headers.get('www-authenticate'), /error="invalid_token"/)

  t.match(audit.events('oauth_client_registered')[0], { client_id: clientId, client_name: 'ChatGPT', redirect_hosts: ['127.0.0.1:7777'], via: 'dcr' })
  t.match(audit.events('oauth_sign_in')[0], { outcome: 'success', key_id: keyId })
  t.match(audit.events('oauth_consent')[0], { outcome: 'allowed', client_id: clientId, key_id: keyId, redirect_host: '127.0.0.1:7777' })
  t.same(audit.events('oauth_token').map(event => event.action), ['issued', 'refreshed', 'revoked'])
  t.match(audit.events('oauth_token')[0], { client_id: clientId, key_id: keyId, grant_type: 'authorization_code' })

  // No secret of the whole flow in either log.
  const logged = `${audit.text()}\n${logs.text()}`
  for (const [name, secret] of Object.entries({ KEY_ONE, accessToken, refreshToken, secondAccess, code, verifier, refreshed: String(refreshed.body.refresh_token) })) {
    t.notOk(logged.includes(secret), `${name} is in no log`)
  }
})

t.test('a client id metadata document (CIMD) served on loopback, read through the injected fetch', async t => {
  // The document is served over plain HTTP on loopback; the https client id URL is mapped onto it
  // (production keeps oidc-provider's own fetch, which refuses loopback and private addresses).
  let documentUrl = ''
  const metadata = createServer((request, response) => {
    if (request.url !== '/client.json') { response.writeHead(404).end(); return }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ client_id: documentUrl, client_name: 'CIMD Connector', redirect_uris: [LOOPBACK_CALLBACK], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }))
  })
  await new Promise<void>(resolve => metadata.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { metadata.close() })
  const address = metadata.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  documentUrl = 'https://connector.example.com/client.json'
  const fetched: string[] = []
  const oauthFetch: typeof fetch = async (url, init) => {
    fetched.push(String(url))
    const target = new URL(String(url))
    const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown }
    return await fetch(`http://127.0.0.1:${port}${target.pathname}`, rest)
  }
  const { base, audit } = await startOAuthApp(t, { oauth: { fetch: oauthFetch } })

  const { verifier, challenge } = pkcePair()
  const callback = await signInAndAllow(base, authorizeUrl(base, { clientId: documentUrl, challenge }))
  const code = callback.searchParams.get('code') ?? ''
  t.ok(code)
  t.same(fetched, [documentUrl], 'the document was fetched by its https client id')
  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK_CALLBACK, client_id: documentUrl, code_verifier: verifier })
  t.equal(tokens.status, 200)
  const tools = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${String(tokens.body.access_token)}` } })
  t.equal(tools.status, 200)
  t.match(audit.events('oauth_client_registered')[0], { client_id: documentUrl, client_name: 'CIMD Connector', via: 'cimd', redirect_hosts: ['127.0.0.1:7777'] })
  t.match(audit.events('oauth_consent')[0], { outcome: 'allowed', client_id: documentUrl })

  // A document sending people anywhere else is refused, as a registration would be.
  const evil = 'https://evil.example.com/client.json'
  const evilFetch: typeof fetch = async () => new Response(JSON.stringify({ client_id: evil, client_name: 'Evil', redirect_uris: ['https://evil.example.com/cb'], token_endpoint_auth_method: 'none' }), { headers: { 'content-type': 'application/json' } })
  const second = await startOAuthApp(t, { oauth: { fetch: evilFetch } })
  const refused = await fetch(authorizeUrl(second.base, { clientId: evil, challenge, redirectUri: 'https://evil.example.com/cb' }), { redirect: 'manual' })
  t.equal(refused.status, 400)
  t.match(await refused.text(), /invalid_(redirect_uri|client)/)
})
