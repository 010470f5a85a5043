import t from 'tap'
import { bearer, buildTestApp } from '../../helpers/app.js'
import { startOAuthApp } from '../../helpers/oauth.js'

t.test('protected resource metadata (RFC 9728) at both paths, authorization server metadata (RFC 8414)', async t => {
  const { base } = await startOAuthApp(t)
  for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
    const response = await fetch(`${base}${path}`)
    t.equal(response.status, 200, path)
    t.same(await response.json(), {
      resource: `${base}/mcp`,
      authorization_servers: [base],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp'],
      resource_name: 'aegis-gitea-mcp'
    }, path)
  }

  const response = await fetch(`${base}/.well-known/oauth-authorization-server`)
  t.equal(response.status, 200)
  const metadata = await response.json() as Record<string, unknown>
  t.match(metadata, {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    registration_endpoint: `${base}/oauth/register`,
    revocation_endpoint: `${base}/oauth/revoke`,
    jwks_uri: `${base}/oauth/jwks`,
    client_id_metadata_document_supported: true,
    scopes_supported: ['mcp'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code']
  })
  t.same(metadata.code_challenge_methods_supported, ['S256'], 'S256 only')
  t.ok((metadata.token_endpoint_auth_methods_supported as string[]).includes('none'))

  // oidc-provider's own OpenID discovery names the same endpoints.
  const openid = await fetch(`${base}/.well-known/openid-configuration`)
  t.equal(openid.status, 200)
  t.match(await openid.json(), { issuer: base, token_endpoint: `${base}/oauth/token`, registration_endpoint: `${base}/oauth/register`, code_challenge_methods_supported: ['S256'] })

  const jwks = await fetch(`${base}/oauth/jwks`)
  const keys = (await jwks.json() as { keys: Array<Record<string, unknown>> }).keys
  t.equal(keys.length, 1)
  t.notOk('d' in (keys[0] ?? {}), 'only the public part of the signing key')
})

t.test('the URLs the server names are PUBLIC_URL\'s, whatever Host or X-Forwarded-* a client sends', async t => {
  const { base } = await startOAuthApp(t)
  const response = await fetch(`${base}/.well-known/openid-configuration`, { headers: { 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'https' } })
  t.match(await response.json(), { token_endpoint: `${base}/oauth/token` })
})

t.test('401 from /mcp points to the metadata when OAuth is on', async t => {
  const { app, base } = await startOAuthApp(t)
  const challenge = `Bearer realm="aegis-gitea-mcp", resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`
  const missing = await app.inject({ method: 'POST', url: '/mcp' })
  t.equal(missing.statusCode, 401)
  t.equal(missing.headers['www-authenticate'], challenge)
  const wrong = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('agm_wrong_key_00000000000000000000000000000000') })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.headers['www-authenticate'], `Bearer realm="aegis-gitea-mcp", error="invalid_token", resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`)
})

t.test('OAuth off: no metadata (404 like any unknown route) and exactly the old challenge', async t => {
  const { app } = await buildTestApp(t)
  for (const url of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource', '/.well-known/oauth-authorization-server', '/.well-known/openid-configuration', '/oauth/authorize', '/oauth/register']) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 404, url)
    t.equal(response.json().error, 'not_found', url)
  }
  const missing = await app.inject({ method: 'POST', url: '/mcp' })
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="aegis-gitea-mcp"')
  const wrong = await app.inject({ method: 'GET', url: '/mcp/tools', headers: bearer('agm_wrong_key_00000000000000000000000000000000') })
  t.equal(wrong.headers['www-authenticate'], 'Bearer realm="aegis-gitea-mcp", error="invalid_token"')
})
