// The fake's OAuth2 provider, as Gitea 1.26 documents and serves it: discovery, the authorize
// page, the token endpoint (code + PKCE, refresh, form or JSON body, Basic client auth, Gitea's
// error shapes), userinfo, per-person tokens at /api/v1 and revoking a grant; /user/orgs per spec.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { SAMPLE_OAUTH_APP } from './handlers-oauth.js'
import { type FakeGitea, startFakeGitea } from './server.js'
import { validateArrayOf } from '../helpers/gitea-spec.js'
import { approveAtGitea } from '../helpers/gitea-oauth.js'

const CALLBACK = 'http://127.0.0.1:9/oauth/gitea/callback'
const VERIFIER = 'a-pkce-verifier-of-forty-three-characters-00'
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url')

async function fake (t: Test): Promise<FakeGitea> {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  gitea.oauth.app.redirectUris.push(CALLBACK)
  return gitea
}

function authorize (gitea: FakeGitea, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ client_id: SAMPLE_OAUTH_APP.clientId, redirect_uri: CALLBACK, response_type: 'code', state: 'st-1', scope: 'read:repository read:user', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra })
  return `${gitea.url}/login/oauth/authorize?${query.toString()}`
}

async function token (gitea: FakeGitea, fields: Record<string, string>, as: 'form' | 'json' | 'basic' = 'form'): Promise<{ status: number, body: Record<string, unknown> }> {
  const all = { client_id: SAMPLE_OAUTH_APP.clientId, client_secret: SAMPLE_OAUTH_APP.clientSecret, ...fields }
  const init: RequestInit = as === 'json'
    ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(all) }
    : as === 'basic'
      ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${SAMPLE_OAUTH_APP.clientId}:${SAMPLE_OAUTH_APP.clientSecret}`).toString('base64')}` }, body: new URLSearchParams(fields).toString() }
      : { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(all).toString() }
  const response = await fetch(`${gitea.url}/login/oauth/access_token`, init)
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

async function codeFor (gitea: FakeGitea, login: string): Promise<string> {
  const back = await approveAtGitea(authorize(gitea), login)
  t.equal(back.searchParams.get('state'), 'st-1')
  return back.searchParams.get('code') ?? ''
}

t.test('OpenID discovery names the endpoints and PKCE methods', async t => {
  const gitea = await fake(t)
  const body = await (await fetch(`${gitea.url}/.well-known/openid-configuration`)).json() as Record<string, unknown>
  t.equal(body.authorization_endpoint, `${gitea.url}/login/oauth/authorize`)
  t.equal(body.token_endpoint, `${gitea.url}/login/oauth/access_token`)
  t.equal(body.userinfo_endpoint, `${gitea.url}/login/oauth/userinfo`)
  t.same(body.code_challenge_methods_supported, ['plain', 'S256'])
})

t.test('the authorize page: an error page for an unknown client or redirect URI, a redirect with error for the rest', async t => {
  const gitea = await fake(t)
  t.equal((await fetch(authorize(gitea, { client_id: 'nope' }))).status, 400)
  t.equal((await fetch(authorize(gitea, { redirect_uri: 'https://evil.example/cb' }))).status, 400)
  const badType = await fetch(authorize(gitea, { response_type: 'token' }), { redirect: 'manual' })
  t.equal(badType.status, 303)
  t.match(badType.headers.get('location'), /error=unsupported_response_type.*state=st-1/)
  const page = await (await fetch(authorize(gitea))).text()
  t.match(page, /Authorize as alice/)
  t.match(page, /Authorize as hank/)
})

t.test('code + PKCE for tokens (form, JSON or Basic client auth); each person\'s token reads Gitea as them', async t => {
  const gitea = await fake(t)
  const alice = await token(gitea, { grant_type: 'authorization_code', code: await codeFor(gitea, 'alice'), redirect_uri: CALLBACK, code_verifier: VERIFIER })
  t.equal(alice.status, 200)
  t.match(alice.body, { token_type: 'bearer', expires_in: 3600, access_token: /.+/, refresh_token: /.+/ })
  const hank = await token(gitea, { grant_type: 'authorization_code', code: await codeFor(gitea, 'hank'), redirect_uri: CALLBACK, code_verifier: VERIFIER }, 'json')
  t.equal(hank.status, 200)
  const viaBasic = await token(gitea, { grant_type: 'authorization_code', code: await codeFor(gitea, 'alice'), redirect_uri: CALLBACK, code_verifier: VERIFIER }, 'basic')
  t.equal(viaBasic.status, 200)

  const as = async (tok: unknown, path: string): Promise<Response> => await fetch(`${gitea.url}/api/v1${path}`, { headers: { authorization: `token ${String(tok)}` } })
  t.match(await (await as(alice.body.access_token, '/user')).json(), { login: 'alice' })
  t.equal((await as(alice.body.access_token, '/repos/acme/handbook')).status, 200, 'alice reads the private repository')
  t.equal((await as(hank.body.access_token, '/repos/acme/handbook')).status, 404, 'hank does not')
  const orgs = await as(alice.body.access_token, '/user/orgs')
  const orgList = await orgs.json()
  t.same(validateArrayOf('Organization', orgList), [], '/user/orgs is an OrganizationList')
  t.same((orgList as Array<{ name: string }>).map(o => o.name), ['acme'])
  t.equal(orgs.headers.get('x-total-count'), '1')
  t.equal((await fetch(`${gitea.url}/api/v1/user/orgs`)).status, 401, 'a token is required')

  const info = await fetch(`${gitea.url}/login/oauth/userinfo`, { headers: { authorization: `Bearer ${String(hank.body.access_token)}` } })
  t.match(await info.json(), { sub: '7', preferred_username: 'hank', groups: ['globex'] })
  t.equal((await fetch(`${gitea.url}/login/oauth/userinfo`, { headers: { authorization: 'Bearer nope' } })).status, 401)
})

t.test('Gitea\'s token errors: 400 {error, error_description}', async t => {
  const gitea = await fake(t)
  const code = await codeFor(gitea, 'alice')
  t.same(await token(gitea, { grant_type: 'password' }), { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only refresh_token or authorization_code grant type is supported' } })
  t.match(await token(gitea, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER, client_secret: 'wrong' }), { status: 400, body: { error: 'unauthorized_client', error_description: 'invalid client secret' } })
  t.match(await token(gitea, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: 'wrong-verifier' }), { status: 400, body: { error: 'unauthorized_client', error_description: 'failed PKCE code challenge' } })
  t.match(await token(gitea, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER }), { status: 400, body: { error: 'unauthorized_client' } }, 'a code is used once, even by a failed try')
  t.match(await token(gitea, { grant_type: 'refresh_token', refresh_token: 'nope' }), { status: 400, body: { error: 'unauthorized_client', error_description: 'unable to parse refresh token' } })
})

t.test('refresh rotates; a used refresh token is refused; a revoked grant stops tokens and refresh', async t => {
  const gitea = await fake(t)
  const first = await token(gitea, { grant_type: 'authorization_code', code: await codeFor(gitea, 'alice'), redirect_uri: CALLBACK, code_verifier: VERIFIER })
  const second = await token(gitea, { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) })
  t.equal(second.status, 200)
  t.not(second.body.access_token, first.body.access_token)
  t.match(await token(gitea, { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) }), { status: 400, body: { error: 'unauthorized_client', error_description: 'token was already used' } })
  gitea.oauth.revoke('alice')
  t.equal((await fetch(`${gitea.url}/api/v1/user`, { headers: { authorization: `token ${String(second.body.access_token)}` } })).status, 401, 'its access token stops')
  t.match(await token(gitea, { grant_type: 'refresh_token', refresh_token: String(second.body.refresh_token) }), { status: 400, body: { error: 'invalid_grant', error_description: 'grant does not exist' } })
})
