import t from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js'
import { LOOPBACK_CALLBACK, signInAndAllow, startOAuthApp } from '../../helpers/oauth.js'

/** The MCP SDK's OAuth client support, with the "browser" played by fetch: the person signs in and allows. */
class TestOAuthProvider implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined
  saved: OAuthTokens | undefined
  verifier = ''
  code: string | null = null
  authorizationUrl: URL | null = null

  constructor (readonly base: string) {}

  get redirectUrl (): string { return LOOPBACK_CALLBACK }
  get clientMetadata (): OAuthClientMetadata {
    return { client_name: 'MCP SDK client', redirect_uris: [LOOPBACK_CALLBACK], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' }
  }

  clientInformation (): OAuthClientInformationMixed | undefined { return this.client }
  saveClientInformation (info: OAuthClientInformationMixed): void { this.client = info }
  tokens (): OAuthTokens | undefined { return this.saved }
  saveTokens (tokens: OAuthTokens): void { this.saved = tokens }
  saveCodeVerifier (verifier: string): void { this.verifier = verifier }
  codeVerifier (): string { return this.verifier }
  async redirectToAuthorization (url: URL): Promise<void> {
    this.authorizationUrl = url
    const callback = await signInAndAllow(this.base, url.href)
    this.code = callback.searchParams.get('code')
  }
}

t.test('the MCP SDK client\'s own OAuth support: discovery, DCR, PKCE, resource, finishAuth, then tools', async t => {
  const { base, audit } = await startOAuthApp(t)
  const provider = new TestOAuthProvider(base)
  const first = new Client({ name: 'sdk-oauth', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), { authProvider: provider })
  await t.rejects(first.connect(transport), { message: /Unauthorized/ }, 'the first connect sends the person to sign in')
  t.ok(provider.code, 'the person signed in and allowed')
  t.equal(provider.authorizationUrl?.searchParams.get('resource'), `${base}/mcp`, 'the SDK names the resource (RFC 8707)')
  t.equal(provider.authorizationUrl?.searchParams.get('code_challenge_method'), 'S256')
  t.equal(provider.authorizationUrl?.searchParams.get('scope'), 'mcp', 'the scope from the metadata')

  await transport.finishAuth(provider.code ?? '')
  t.match(provider.saved, { token_type: 'Bearer', access_token: String, refresh_token: String })

  const client = new Client({ name: 'sdk-oauth', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { authProvider: provider }))
  t.teardown(async () => { await client.close() })
  const { tools } = await client.listTools()
  t.ok(tools.some(tool => tool.name === 'list_repositories'))
  const result = await client.callTool({ name: 'list_repositories', arguments: { limit: 5 } })
  t.notOk(result.isError)
  t.match(audit.events('tool_call').at(-1), { tool: 'list_repositories', client_id: (provider.client as { client_id: string }).client_id })
})
