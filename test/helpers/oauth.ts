import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { buildTestApp, KEY_ONE, type TestApp, type TestAppOptions } from './app.js'

export const LOOPBACK_CALLBACK = 'http://127.0.0.1:7777/callback'

/** A free loopback port: PUBLIC_URL must be known before the app is built. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => { resolve(port) })
    })
  })
}

export interface OAuthTestApp extends TestApp {
  base: string
  dataDir: string
}

export function tempDataDir (): string {
  return join(mkdtempSync(join(tmpdir(), 'aegis-oauth-')), 'data')
}

/**
 * The app with OAuth on, listening on 127.0.0.1 at its PUBLIC_URL. The port is picked before the
 * app is built (PUBLIC_URL names it); another process may take it in between, so that is retried.
 */
export async function startOAuthApp (t: Test, options: TestAppOptions & { dataDir?: string, port?: number } = {}): Promise<OAuthTestApp> {
  const dataDir = options.dataDir ?? tempDataDir()
  const { dataDir: _dataDir, port: fixedPort, ...rest } = options
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? await freePort()
    const base = `http://127.0.0.1:${port}`
    const built = await buildTestApp(t, {
      ...rest,
      env: { PUBLIC_URL: base, OAUTH_ENABLED: 'true', DATA_DIR: dataDir, ...options.env }
    })
    try {
      await built.app.listen({ host: '127.0.0.1', port })
      return { ...built, base, dataDir }
    } catch (error) {
      await built.app.close()
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || fixedPort !== undefined || attempt >= 5) throw error
    }
  }
}

export function pkcePair (): { verifier: string, challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

interface Cookie { name: string, value: string, path: string }

/** A browser's part of the flow: cookies (by path) and no automatic redirects. */
export class Browser {
  readonly #cookies = new Map<string, Cookie>()

  async request (url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url)
    const cookies = [...this.#cookies.values()].filter(cookie => target.pathname.startsWith(cookie.path)).map(cookie => `${cookie.name}=${cookie.value}`)
    const headers = new Headers(init.headers)
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) this.#store(line)
    return response
  }

  async get (url: string): Promise<Response> {
    return await this.request(url)
  }

  async postForm (url: string, fields: Record<string, string>): Promise<Response> {
    return await this.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
  }

  #store (line: string): void {
    const [pair = '', ...attributes] = line.split(';').map(part => part.trim())
    const equals = pair.indexOf('=')
    const name = pair.slice(0, equals)
    const value = pair.slice(equals + 1)
    let path = '/'
    let expired = value === ''
    for (const attribute of attributes) {
      const [key = '', val = ''] = attribute.split('=')
      if (key.toLowerCase() === 'path') path = val
      if (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now()) expired = true
      if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true
    }
    const id = `${name}|${path}`
    if (expired) this.#cookies.delete(id)
    else this.#cookies.set(id, { name, value, path })
  }
}

/** A location header resolved against the server. */
export function locationOf (response: Response, base: string): string {
  const location = response.headers.get('location')
  if (location === null) throw new Error(`expected a redirect, got ${response.status}`)
  return new URL(location, base).href
}

export function csrfTokenOf (html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (match?.[1] === undefined) throw new Error('no CSRF token on the page')
  return match[1]
}

export async function registerClient (base: string, metadata: Record<string, unknown> = {}): Promise<{ status: number, body: Record<string, unknown> }> {
  const response = await fetch(`${base}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Test Connector', redirect_uris: [LOOPBACK_CALLBACK], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...metadata })
  })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

export interface AuthorizeParams {
  clientId: string
  redirectUri?: string
  challenge: string
  state?: string
  resource?: string
  scope?: string
}

export function authorizeUrl (base: string, params: AuthorizeParams): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri ?? LOOPBACK_CALLBACK,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
    state: params.state ?? 'state-123',
    scope: params.scope ?? 'mcp',
    resource: params.resource ?? `${base}/mcp`
  })
  return `${base}/oauth/authorize?${query.toString()}`
}

/**
 * Plays the person: opens the authorize URL, signs in with `key`, allows, and
 * returns the callback URL the browser is sent to.
 */
export async function signInAndAllow (base: string, authorize: string, key: string = KEY_ONE, browser: Browser = new Browser()): Promise<URL> {
  const start = await browser.get(authorize)
  if (start.status !== 303 && start.status !== 302) throw new Error(`authorize answered ${start.status}: ${await start.text()}`)
  const signInUrl = locationOf(start, base)
  const signIn = await browser.get(signInUrl)
  const signInHtml = await signIn.text()
  const afterLogin = await browser.postForm(`${signInUrl}/login`, { _csrf: csrfTokenOf(signInHtml), api_key: key })
  if (afterLogin.status !== 303) throw new Error(`sign-in answered ${afterLogin.status}: ${await afterLogin.text()}`)
  const resumed = await browser.get(locationOf(afterLogin, base))
  const consentUrl = locationOf(resumed, base)
  const consent = await browser.get(consentUrl)
  const consentHtml = await consent.text()
  const afterConsent = await browser.postForm(`${consentUrl}/confirm`, { _csrf: csrfTokenOf(consentHtml), decision: 'allow' })
  const back = await browser.get(locationOf(afterConsent, base))
  return new URL(locationOf(back, base))
}

export async function tokenRequest (base: string, fields: Record<string, string>): Promise<{ status: number, body: Record<string, unknown> }> {
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString()
  })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

/** Registration, sign-in, consent and code exchange: a client's tokens. */
export async function fullGrant (base: string, key: string = KEY_ONE): Promise<{ clientId: string, accessToken: string, refreshToken: string, code: string, verifier: string }> {
  const registered = await registerClient(base)
  const clientId = String(registered.body.client_id)
  const { verifier, challenge } = pkcePair()
  const callback = await signInAndAllow(base, authorizeUrl(base, { clientId, challenge }), key)
  const code = callback.searchParams.get('code') ?? ''
  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  if (tokens.status !== 200) throw new Error(`token exchange answered ${tokens.status}: ${JSON.stringify(tokens.body)}`)
  return { clientId, accessToken: String(tokens.body.access_token), refreshToken: String(tokens.body.refresh_token), code, verifier }
}
