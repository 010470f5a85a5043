import t from 'tap'
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256 } from '../../../lib/api-keys.js'
import { KEY_ONE } from '../../helpers/app.js'
import {
  authorizeUrl, fullGrant, locationOf, LOOPBACK_CALLBACK, pkcePair, registerClient, signInAndAllow, startOAuthApp, tempDataDir, tokenRequest
} from '../../helpers/oauth.js'

const KEY_THREE = 'agm_test_key_three_22222222222222222222222222'

async function toolsStatus (base: string, token: string): Promise<number> {
  return (await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${token}` } })).status
}

t.test('registration refuses redirect URIs outside the allowed set, and confidential clients', async t => {
  const { base } = await startOAuthApp(t, { env: { OAUTH_REDIRECT_URIS: 'https://ide.example.com/oauth/cb' } })
  const evil = await registerClient(base, { redirect_uris: ['https://evil.example.com/callback'] })
  t.equal(evil.status, 400)
  t.equal(evil.body.error, 'invalid_redirect_uri')
  t.match(evil.body.error_description, /evil\.example\.com is not an allowed redirect URI/)
  const mixed = await registerClient(base, { redirect_uris: [LOOPBACK_CALLBACK, 'http://192.168.1.5/cb'] })
  t.equal(mixed.body.error, 'invalid_redirect_uri', 'http only on loopback')
  const secret = await registerClient(base, { token_endpoint_auth_method: 'client_secret_basic' })
  t.equal(secret.status, 400)
  t.equal(secret.body.error, 'invalid_client_metadata', 'public clients only')
  for (const uri of ['https://chatgpt.com/connector_platform_oauth_redirect', 'https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback', 'https://platform.openai.com/apps-manage/oauth', 'http://localhost:33418/', 'http://[::1]:8080/cb', 'https://ide.example.com/oauth/cb']) {
    t.equal((await registerClient(base, { redirect_uris: [uri] })).status, 201, uri)
  }
  const garbage = await fetch(`${base}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris": ' })
  t.equal(garbage.status, 400, 'a malformed body is an OAuth error, not a 500')
  t.match(await garbage.json(), { error: 'invalid_request' })
  const notArray = await registerClient(base, { redirect_uris: 'http://127.0.0.1/cb' })
  t.equal(notArray.status, 400)
  t.match(notArray.body.error, /^invalid_(client_metadata|redirect_uri)$/)
})

t.test('authorize: an unregistered redirect URI, another resource, no PKCE or plain PKCE', async t => {
  const { base } = await startOAuthApp(t)
  const clientId = String((await registerClient(base)).body.client_id)
  const { challenge } = pkcePair()
  const unregistered = await fetch(authorizeUrl(base, { clientId, challenge, redirectUri: 'http://127.0.0.1:7777/other' }), { redirect: 'manual', headers: { accept: 'text/html' } })
  t.equal(unregistered.status, 400, 'never redirected to an unregistered URI')
  t.equal(unregistered.headers.get('location'), null)
  const page = await unregistered.text()
  t.match(page, /invalid_redirect_uri/)
  t.match(unregistered.headers.get('content-security-policy'), /default-src 'none'/)

  const other = await fetch(authorizeUrl(base, { clientId, challenge, resource: 'https://other.example.com/mcp' }), { redirect: 'manual' })
  const otherBack = new URL(locationOf(other, base))
  t.equal(otherBack.searchParams.get('error'), 'invalid_target', 'a token for another resource is refused')

  const noPkce = new URL(authorizeUrl(base, { clientId, challenge }))
  noPkce.searchParams.delete('code_challenge')
  noPkce.searchParams.delete('code_challenge_method')
  const missing = new URL(locationOf(await fetch(noPkce, { redirect: 'manual' }), base))
  t.equal(missing.searchParams.get('error'), 'invalid_request')
  t.match(missing.searchParams.get('error_description'), /PKCE/)

  const plain = new URL(authorizeUrl(base, { clientId, challenge }))
  plain.searchParams.set('code_challenge_method', 'plain')
  const plainBack = new URL(locationOf(await fetch(plain, { redirect: 'manual' }), base))
  t.equal(plainBack.searchParams.get('error'), 'invalid_request', 'S256 only')
})

t.test('the token endpoint: wrong PKCE verifier, replayed code, another resource', async t => {
  const { base, audit } = await startOAuthApp(t)
  const clientId = String((await registerClient(base)).body.client_id)
  const { verifier, challenge } = pkcePair()
  const code1 = (await signInAndAllow(base, authorizeUrl(base, { clientId, challenge }))).searchParams.get('code') ?? ''
  const wrongVerifier = await tokenRequest(base, { grant_type: 'authorization_code', code: code1, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: pkcePair().verifier })
  t.equal(wrongVerifier.status, 400)
  t.match(wrongVerifier.body, { error: 'invalid_grant' })

  const code2 = (await signInAndAllow(base, authorizeUrl(base, { clientId, challenge }))).searchParams.get('code') ?? ''
  const otherResource = await tokenRequest(base, { grant_type: 'authorization_code', code: code2, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier, resource: 'https://other.example.com/mcp' })
  t.equal(otherResource.status, 400)
  t.equal(otherResource.body.error, 'invalid_target')

  const code3 = (await signInAndAllow(base, authorizeUrl(base, { clientId, challenge }))).searchParams.get('code') ?? ''
  const first = await tokenRequest(base, { grant_type: 'authorization_code', code: code3, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  t.equal(first.status, 200)
  const replay = await tokenRequest(base, { grant_type: 'authorization_code', code: code3, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  t.equal(replay.status, 400)
  t.equal(replay.body.error, 'invalid_grant', 'a code works once')
  t.equal(await toolsStatus(base, String(first.body.access_token)), 401, 'and its replay revokes what the code gave')
  t.match(audit.events('oauth_token').find(event => event.action === 'revoked'), { severity: 'high', reason: 'code_reused', grant_type: 'authorization_code' })

  const unknownGrant = await tokenRequest(base, { grant_type: 'password', username: 'x', password: 'y', client_id: clientId })
  t.equal(unknownGrant.status, 400)
  t.match(unknownGrant.body.error, /unsupported_grant_type|invalid_request|unauthorized_client/)
})

t.test('a refresh token used twice: the second use fails and every token of the grant stops', async t => {
  const { base, audit } = await startOAuthApp(t)
  const grant = await fullGrant(base)
  const rotated = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId })
  t.equal(rotated.status, 200)
  const newAccess = String(rotated.body.access_token)
  t.equal(await toolsStatus(base, newAccess), 200)

  const replay = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId })
  t.equal(replay.status, 400)
  t.equal(replay.body.error, 'invalid_grant')
  t.equal(await toolsStatus(base, newAccess), 401, 'the access token issued after rotation stops')
  t.equal(await toolsStatus(base, grant.accessToken), 401, 'and the first one')
  const next = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: String(rotated.body.refresh_token), client_id: grant.clientId })
  t.equal(next.body.error, 'invalid_grant', 'and the rotated refresh token')
  t.match(audit.events('oauth_token').find(event => event.action === 'revoked'), { severity: 'high', reason: 'refresh_token_reused', client_id: grant.clientId })
  t.match(audit.events('oauth_token').find(event => event.action === 'refused'), { reason: /invalid_grant/ })
})

t.test('an expired access token is refused (the store\'s clock, not an hour\'s sleep), and a client sending it is not locked out', async t => {
  let now = Date.now()
  const { base, audit, config } = await startOAuthApp(t, { oauth: { clock: () => now } })
  const grant = await fullGrant(base)
  t.equal(await toolsStatus(base, grant.accessToken), 200)
  now += 3601 * 1000
  const response = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${grant.accessToken}` } })
  t.equal(response.status, 401)
  t.match(response.headers.get('www-authenticate'), /error="invalid_token", resource_metadata=/)
  t.match(audit.events('auth_failure').at(-1), { reason: 'oauth_token_refused', oauth_reason: 'expired', client_id: grant.clientId })
  // Connectors share egress addresses and send a stale token before they refresh: no lockout for it.
  for (let i = 0; i < config.auth.maxFailures + 1; i++) t.equal(await toolsStatus(base, grant.accessToken), 401)
  t.equal(await toolsStatus(base, KEY_ONE), 200, 'the address is not locked out')
  t.same(audit.events('auth_lockout'), [])
  // A day later it is forgotten: then it is as unknown as a guess.
  now += 25 * 3600 * 1000
  await toolsStatus(base, grant.accessToken)
  t.match(audit.events('auth_failure').at(-1), { reason: 'invalid_key' })
})

t.test('a token for another resource (another server\'s audience) is refused at /mcp', async t => {
  const dataDir = tempDataDir()
  const first = await startOAuthApp(t, { dataDir })
  const grant = await fullGrant(first.base)
  await first.app.close()
  // Same state, another PUBLIC_URL: the stored token's audience is the first server's /mcp.
  const second = await startOAuthApp(t, { dataDir })
  const response = await fetch(`${second.base}/mcp/tools`, { headers: { authorization: `Bearer ${grant.accessToken}` } })
  t.equal(response.status, 401)
  t.match(response.headers.get('www-authenticate'), /error="invalid_token"/)
  t.match(second.audit.events('auth_failure').at(-1), { reason: 'oauth_token_refused', oauth_reason: 'wrong_audience', client_id: grant.clientId, key_hint: /^\(\d+ chars\)$/ })
})

t.test('a retired key\'s tokens stop at once, and its refresh token fails', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-oauth-keys-'))
  const file = join(dir, 'keys.jsonl')
  const digest = sha256(KEY_THREE).toString('hex')
  writeFileSync(file, JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'connector', created_at: '2026-01-01T00:00:00Z', expires_at: null }) + '\n')
  const { app, base } = await startOAuthApp(t, { env: { MCP_API_KEYS: KEY_ONE, MCP_API_KEYS_FILE: file } })
  const grant = await fullGrant(base, KEY_THREE)
  t.equal(await toolsStatus(base, grant.accessToken), 200)

  writeFileSync(`${file}.tmp`, '')
  renameSync(`${file}.tmp`, file)
  t.match(await app.keyring.reload('signal'), { ok: true, changed: true })
  t.equal(await toolsStatus(base, grant.accessToken), 401, 'the access token stops with its key')
  const refresh = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId })
  t.equal(refresh.status, 400)
  t.equal(refresh.body.error, 'invalid_grant', 'and so does its refresh token')
})

t.test('hostile or broken input to every endpoint gets an OAuth error, never a 500', async t => {
  const { base, logs } = await startOAuthApp(t)
  const clientId = String((await registerClient(base)).body.client_id)
  const form = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
  const cases: Array<[string, string, RequestInit]> = [
    ['authorize with nothing', '/oauth/authorize', {}],
    ['authorize with an unknown client', `/oauth/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(LOOPBACK_CALLBACK)}&code_challenge=x&code_challenge_method=S256`, {}],
    ['authorize with a non-https CIMD client id', '/oauth/authorize?response_type=code&client_id=http%3A%2F%2F127.0.0.1%2Fx.json', {}],
    ['authorize with repeated parameters', `/oauth/authorize?client_id=${clientId}&client_id=${clientId}`, {}],
    ['resume of an unknown interaction', '/oauth/authorize/nonexistent', {}],
    ['token with no body', '/oauth/token', { method: 'POST' }],
    ['token with JSON', '/oauth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"authorization_code"}' }],
    ['token with an unknown code', '/oauth/token', form(`grant_type=authorization_code&code=abc&client_id=${clientId}&code_verifier=${'a'.repeat(43)}&redirect_uri=${encodeURIComponent(LOOPBACK_CALLBACK)}`)],
    ['token with an unknown client', '/oauth/token', form('grant_type=refresh_token&refresh_token=abc&client_id=nope')],
    ['token with a huge body', '/oauth/token', form(`grant_type=refresh_token&refresh_token=${'a'.repeat(100_000)}`)],
    ['revoke with nothing', '/oauth/revoke', { method: 'POST' }],
    ['register with a non-object', '/oauth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' }],
    ['register with form data', '/oauth/register', form('redirect_uris=x')],
    ['interaction page of nothing', '/oauth/interaction/x', {}],
    ['interaction post of nothing', '/oauth/interaction/x/login', form('api_key=x')]
  ]
  for (const [what, path, init] of cases) {
    const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init })
    t.ok(response.status >= 300 && response.status < 500, `${what}: ${response.status}`)
    const text = await response.text()
    t.notMatch(text, /\bat [\w.]+ \(|node_modules|stack/i, `${what}: no internals`)
  }
  t.notMatch(logs.text(), /"level":50/, 'no error logged')
})

t.test('client registration is rate-limited per address', async t => {
  const { base } = await startOAuthApp(t)
  const statuses: number[] = []
  for (let i = 0; i < 21; i++) statuses.push((await registerClient(base)).status)
  t.same(statuses.slice(0, 20), Array(20).fill(201))
  t.equal(statuses[20], 429)
})
