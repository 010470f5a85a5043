// Gitea 1.26 as an OAuth2 provider (routers/web/auth/oauth2_provider.go,
// services/oauth2_provider): the authorize page, the grant, the token endpoint
// (authorization_code with PKCE, refresh_token; form or JSON body; Gitea's
// error shapes), userinfo and OpenID discovery. Plus GET /api/v1/user/orgs,
// which "Sign in with Gitea" checks organisation membership with.
//
// The fake has no passwords: its authorize page lets the test person pick who
// they are, then grants at once. Tokens it issues authenticate at /api/v1 as
// their person (server.ts asks `ownerOf`), so access.ts decides what each sees.

import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isOrgMember } from './access.js'
import { type FakeGiteaData, type FakeUser, findUser } from './data.js'
import { listOptions, pageOf } from './paging.js'
import { type RequestState, sendJson, setLinkHeader, setTotalCount } from './reply.js'

/** The OAuth2 application registered in the fake (as under Settings > Applications > OAuth2 Applications). */
export interface FakeOAuthApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** Confidential clients authenticate with their secret; PKCE is then optional, as in Gitea. */
  confidential: boolean
}

/** The sample application the tests and the demo use (its redirect URIs are added when the app's port is known). */
export const SAMPLE_OAUTH_APP = {
  clientId: '3b0c8f4e-5d1a-4c2b-9e7f-aegis0000001',
  clientSecret: 'gto_fakeclientsecret0000000000000000000000000000000'
}

/** The people the authorize page offers: alice reads the private acme repositories, hank does not (globex only). */
export const SAMPLE_PEOPLE = ['alice', 'hank'] as const

interface Grant { id: number, login: string, clientId: string, scope: string, counter: number }
interface Code { grantId: number, redirectUri: string, challenge: string, method: string, expiresAt: number }
interface IssuedToken { grantId: number, login: string, expiresAt: number }

export interface FakeOAuthProvider {
  app: FakeOAuthApp
  /** Seconds an access token lives (Gitea's ACCESS_TOKEN_EXPIRATION_TIME, default 3600). */
  accessTokenLifetimeSeconds: number
  /** The login a live access token belongs to. */
  ownerOf (token: string): string | undefined
  /** Revokes every grant of `login` (Settings > Applications > Authorized OAuth2 Applications > Revoke): its tokens stop, refresh fails. */
  revoke (login: string): void
  /** Every access and refresh token issued so far: tests look for them where they must never appear. */
  issuedTokens (): string[]
  /** Who picked what on the authorize page, in order. */
  signIns: string[]
}

type Fields = Record<string, string>

export function createOAuthProvider (data: FakeGiteaData, app?: Partial<FakeOAuthApp>): FakeOAuthProvider & { handle: (state: RequestState, path: string) => Promise<boolean> } {
  const registered: FakeOAuthApp = { ...SAMPLE_OAUTH_APP, redirectUris: [], confidential: true, ...app }
  const grants = new Map<number, Grant>()
  const codes = new Map<string, Code>()
  const accessTokens = new Map<string, IssuedToken>()
  const refreshTokens = new Map<string, { grantId: number, counter: number }>()
  const issued: string[] = []
  let nextGrant = 1
  const provider = {
    app: registered,
    accessTokenLifetimeSeconds: 3600,
    signIns: [] as string[],
    ownerOf (token: string): string | undefined {
      const found = accessTokens.get(token)
      if (found === undefined || found.expiresAt <= Date.now() || !grants.has(found.grantId)) return undefined
      return found.login
    },
    revoke (login: string): void {
      for (const [id, grant] of grants) if (grant.login === login) grants.delete(id)
    },
    issuedTokens: () => [...issued],
    handle
  }

  function newToken (): string {
    const token = randomBytes(30).toString('base64url')
    issued.push(token)
    return token
  }

  /** A fresh access and refresh token for a grant; the grant's counter makes earlier refresh tokens used (INVALIDATE_REFRESH_TOKENS). */
  function tokensFor (grant: Grant): Record<string, unknown> {
    grant.counter++
    const access = newToken()
    const refresh = newToken()
    accessTokens.set(access, { grantId: grant.id, login: grant.login, expiresAt: Date.now() + provider.accessTokenLifetimeSeconds * 1000 })
    refreshTokens.set(refresh, { grantId: grant.id, counter: grant.counter })
    return { access_token: access, token_type: 'bearer', expires_in: provider.accessTokenLifetimeSeconds, refresh_token: refresh }
  }

  async function handle (state: RequestState, path: string): Promise<boolean> {
    const method = state.req.method ?? 'GET'
    if (path === '/.well-known/openid-configuration' && method === 'GET') { discovery(state); return true }
    if (path === '/login/oauth/authorize' && method === 'GET') { authorizePage(state); return true }
    if (path === '/login/oauth/grant' && method === 'POST') { await grantPost(state); return true }
    if (path === '/login/oauth/access_token' && method === 'POST') { await accessToken(state); return true }
    if (path === '/login/oauth/userinfo' && (method === 'GET' || method === 'POST')) { userinfo(state); return true }
    return false
  }

  function discovery (state: RequestState): void {
    const root = state.ctx.appUrl
    sendJson(state.res, 200, {
      issuer: root,
      authorization_endpoint: `${root}login/oauth/authorize`,
      token_endpoint: `${root}login/oauth/access_token`,
      jwks_uri: `${root}login/oauth/keys`,
      userinfo_endpoint: `${root}login/oauth/userinfo`,
      introspection_endpoint: `${root}login/oauth/introspect`,
      response_types_supported: ['code', 'id_token'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public'],
      scopes_supported: ['openid', 'profile', 'email', 'groups'],
      claims_supported: ['aud', 'exp', 'iat', 'iss', 'sub', 'name', 'preferred_username', 'profile', 'picture', 'website', 'locale', 'updated_at', 'email', 'email_verified', 'groups'],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'refresh_token']
    })
  }

  /** What Gitea does with a bad client or redirect URI: an error page, never a redirect to an unchecked place. */
  function errorPage (state: RequestState, message: string): void {
    html(state, 400, `<h1>Error</h1><p>${escape(message)}</p>`)
  }

  function authorizePage (state: RequestState): void {
    const q = (name: string): string => state.query.get(name)?.[0] ?? ''
    if (q('client_id') !== registered.clientId) { errorPage(state, 'Client ID not registered'); return }
    if (!registered.redirectUris.includes(q('redirect_uri'))) { errorPage(state, 'Unregistered Redirect URI'); return }
    const back = (error: string, description: string): void => {
      const target = new URL(q('redirect_uri'))
      target.searchParams.set('error', error)
      target.searchParams.set('error_description', description)
      if (q('state') !== '') target.searchParams.set('state', q('state'))
      redirect(state, target.href)
    }
    if (q('response_type') !== 'code') { back('unsupported_response_type', 'Only code response type is supported.'); return }
    const challengeMethod = q('code_challenge_method')
    if (challengeMethod !== '' && challengeMethod !== 'S256' && challengeMethod !== 'plain') { back('invalid_request', 'unsupported code challenge method'); return }
    if (!registered.confidential && q('code_challenge') === '') { back('invalid_request', 'PKCE is required for public clients'); return }
    const hidden = ['client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method']
      .map(name => `<input type="hidden" name="${name}" value="${escape(q(name))}">`).join('')
    const buttons = SAMPLE_PEOPLE.map(login => `<button type="submit" name="login" value="${login}">Authorize as ${login}</button>`).join(' ')
    html(state, 200, `<h1>Authorize Application</h1><p>The fake Gitea has no passwords: pick who you are. Requested scopes: <code>${escape(q('scope'))}</code></p>` +
      `<form method="post" action="/login/oauth/grant">${hidden}${buttons} <button type="submit" name="granted" value="false">Cancel</button></form>`)
  }

  async function grantPost (state: RequestState): Promise<void> {
    const body = await readFields(state.req)
    if (body.client_id !== registered.clientId || !registered.redirectUris.includes(body.redirect_uri ?? '')) { errorPage(state, 'Unregistered Redirect URI'); return }
    const target = new URL(body.redirect_uri ?? '')
    if (body.state !== undefined && body.state !== '') target.searchParams.set('state', body.state)
    const user = findUser(data, body.login ?? '')
    if (body.granted === 'false' || user === undefined || user.isOrganization) {
      target.searchParams.set('error', 'access_denied')
      target.searchParams.set('error_description', 'the request is denied')
      redirect(state, target.href)
      return
    }
    provider.signIns.push(user.login)
    const grant: Grant = { id: nextGrant++, login: user.login, clientId: registered.clientId, scope: body.scope ?? '', counter: 0 }
    grants.set(grant.id, grant)
    const code = randomBytes(24).toString('base64url')
    codes.set(code, { grantId: grant.id, redirectUri: body.redirect_uri ?? '', challenge: body.code_challenge ?? '', method: body.code_challenge_method ?? '', expiresAt: Date.now() + 10 * 60_000 })
    target.searchParams.set('code', code)
    redirect(state, target.href)
  }

  function tokenError (state: RequestState, error: string, description: string): void {
    // handleAccessTokenError: always 400, {"error", "error_description"}.
    sendJson(state.res, 400, { error, error_description: description })
  }

  async function accessToken (state: RequestState): Promise<void> {
    const body = await readFields(state.req)
    // AccessTokenOAuth: without client_id or client_secret in the body, they come from a Basic header
    // (base64 of client_id:client_secret, not URL-decoded), and what the body has must agree with it.
    const basic = /^basic\s+(\S+)$/i.exec(state.req.headers.authorization ?? '')
    if ((body.client_id === undefined || body.client_secret === undefined) && basic?.[1] !== undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const [id, secret] = colon === -1 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)]
      if ((body.client_id ?? id) !== id) { tokenError(state, 'invalid_request', 'client_id in request body inconsistent with Authorization header'); return }
      if ((body.client_secret ?? secret) !== secret) { tokenError(state, 'invalid_request', 'client_secret in request body inconsistent with Authorization header'); return }
      body.client_id = id
      body.client_secret = secret
    }
    const grantType = body.grant_type ?? ''
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      tokenError(state, 'unsupported_grant_type', 'Only refresh_token or authorization_code grant type is supported')
      return
    }
    if (body.client_id !== registered.clientId) { tokenError(state, 'invalid_client', 'cannot load client with client id: ' + (body.client_id ?? '')); return }
    if (registered.confidential && body.client_secret !== registered.clientSecret) { tokenError(state, 'unauthorized_client', 'invalid client secret'); return }
    if (grantType === 'refresh_token') { refresh(state, body); return }
    const code = codes.get(body.code ?? '')
    if (code === undefined || code.expiresAt <= Date.now()) { tokenError(state, 'unauthorized_client', 'client is not authorized'); return }
    codes.delete(body.code ?? '')
    if (code.redirectUri !== body.redirect_uri) { tokenError(state, 'unauthorized_client', 'unexpected redirect URI'); return }
    if (!pkceHolds(code, body.code_verifier ?? '')) { tokenError(state, 'unauthorized_client', 'failed PKCE code challenge'); return }
    const grant = grants.get(code.grantId)
    if (grant === undefined) { tokenError(state, 'invalid_grant', 'grant does not exist'); return }
    sendJson(state.res, 200, tokensFor(grant))
  }

  function refresh (state: RequestState, body: Fields): void {
    const token = refreshTokens.get(body.refresh_token ?? '')
    if (token === undefined) { tokenError(state, 'unauthorized_client', 'unable to parse refresh token'); return }
    const grant = grants.get(token.grantId)
    if (grant === undefined) { tokenError(state, 'invalid_grant', 'grant does not exist'); return }
    if (grant.counter !== token.counter) { tokenError(state, 'unauthorized_client', 'token was already used'); return }
    sendJson(state.res, 200, tokensFor(grant))
  }

  function userinfo (state: RequestState): void {
    const bearer = /^bearer\s+(\S+)$/i.exec(state.req.headers.authorization ?? '')
    const login = bearer?.[1] === undefined ? undefined : provider.ownerOf(bearer[1])
    const user = login === undefined ? undefined : findUser(data, login)
    if (user === undefined) {
      state.res.setHeader('WWW-Authenticate', 'Bearer realm=""')
      sendJson(state.res, 401, { error: 'invalid_token', error_description: 'no valid authorization' })
      return
    }
    sendJson(state.res, 200, {
      sub: String(user.id),
      name: user.fullName,
      preferred_username: user.login,
      email: user.email,
      picture: `${state.ctx.appUrl}avatars/${user.id}`,
      groups: data.teams.filter(team => team.members.includes(user.login)).map(team => team.org).filter((org, i, all) => all.indexOf(org) === i)
    })
  }

  return provider
}

function pkceHolds (code: Code, verifier: string): boolean {
  if (code.challenge === '') return true
  if (code.method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === code.challenge
  return verifier === code.challenge
}

/** GET /api/v1/user/orgs: the organisations the token's user belongs to (OrganizationList, paged). */
export function listMyOrgs (state: RequestState, viewer: FakeUser): void {
  const orgs = state.ctx.data.users.filter(user => user.isOrganization && isOrgMember(state.ctx.data, user.login, viewer.login))
  const opts = listOptions(state.query)
  setTotalCount(state, orgs.length)
  setLinkHeader(state, orgs.length, opts.pageSize, opts.page)
  sendJson(state.res, 200, pageOf(orgs, opts.page, opts.pageSize).map(org => ({
    id: org.id,
    name: org.login,
    full_name: org.fullName,
    email: org.email,
    avatar_url: `${state.ctx.appUrl}avatars/${org.id}`,
    description: org.description,
    website: org.website,
    location: org.location,
    visibility: org.visibility,
    repo_admin_change_team_access: false,
    username: org.login
  })))
}

async function readFields (req: IncomingMessage): Promise<Fields> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  // Gitea binds the token request from a form or a JSON body alike.
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]))
  }
  return Object.fromEntries(new URLSearchParams(text))
}

function redirect (state: RequestState, location: string): void {
  state.res.writeHead(303, { Location: location }).end()
}

function html (state: RequestState, status: number, body: string): void {
  state.res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
  state.res.end(`<!DOCTYPE html><html><head><title>Gitea</title></head><body>${body}</body></html>`)
}

function escape (value: string): string {
  return value.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}
