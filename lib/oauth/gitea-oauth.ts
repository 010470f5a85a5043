import { createHash, randomBytes } from 'node:crypto'

/**
 * This server as an OAuth2 client of Gitea ("Sign in with Gitea"): Gitea's
 * own provider endpoints (/login/oauth/authorize and /access_token), then its
 * API as the person (/api/v1/user, /api/v1/user/orgs). Authorization code with
 * PKCE (S256) and a `state`; a confidential client (the secret goes in the
 * token request's Basic header, never in a URL). No token, code or secret
 * ever appears in an error message.
 */

/** Read-only scopes of Gitea's scoped tokens: code, issues, the person and their organisations. */
export const GITEA_SCOPES = ['read:repository', 'read:issue', 'read:user', 'read:organization'] as const

/** Where Gitea sends the browser back: `<PUBLIC_URL>` + this. Registered in Gitea's OAuth2 application. */
export const GITEA_CALLBACK_PATH = '/oauth/gitea/callback'

export interface GiteaOAuthClientOptions {
  /** GITEA_URL: the token endpoint and the API, server to server. */
  apiUrl: string
  /** GITEA_PUBLIC_URL or GITEA_URL: where browsers are sent to sign in. */
  browserUrl: string
  clientId: string
  clientSecret: string
  /** `<PUBLIC_URL>/oauth/gitea/callback`. */
  redirectUri: string
  timeoutMs: number
  userAgent: string
  fetch?: typeof globalThis.fetch
}

export interface GiteaTokens {
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds. */
  expiresAt: number
}

export interface GiteaUser {
  id: number
  login: string
}

/**
 * `refused`: Gitea answered and said no (a bad code, a revoked grant, a
 * refresh token already used, 401 at the API); `unavailable`: no usable answer
 * (network, timeout, 5xx, a body that is not Gitea's). Only `refused` ends a
 * person's access; `unavailable` is tried again later.
 */
export class GiteaOAuthError extends Error {
  constructor (readonly kind: 'refused' | 'unavailable', readonly code: string, message: string) {
    super(message)
    this.name = 'GiteaOAuthError'
  }
}

export function pkceVerifier (): { verifier: string, challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export class GiteaOAuthClient {
  readonly #options: GiteaOAuthClientOptions
  readonly #fetch: typeof globalThis.fetch

  constructor (options: GiteaOAuthClientOptions) {
    this.#options = options
    this.#fetch = options.fetch ?? globalThis.fetch
  }

  /** The URL the browser is sent to. */
  authorizeUrl (state: string, challenge: string): string {
    const query = new URLSearchParams({
      client_id: this.#options.clientId,
      redirect_uri: this.#options.redirectUri,
      response_type: 'code',
      scope: GITEA_SCOPES.join(' '),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256'
    })
    return `${this.#options.browserUrl}/login/oauth/authorize?${query.toString()}`
  }

  async exchangeCode (code: string, verifier: string): Promise<GiteaTokens> {
    return await this.#tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: this.#options.redirectUri })
  }

  async refresh (refreshToken: string): Promise<GiteaTokens> {
    return await this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken })
  }

  /** GET /api/v1/user as the token's person. */
  async user (accessToken: string): Promise<GiteaUser> {
    const body = await this.#api('/user', accessToken) as { id?: unknown, login?: unknown }
    if (typeof body?.id !== 'number' || typeof body.login !== 'string' || body.login === '') {
      throw new GiteaOAuthError('unavailable', 'bad_response', 'Gitea\'s /api/v1/user answer has no id and login')
    }
    return { id: body.id, login: body.login }
  }

  /** The person's organisations (lower-cased), from GET /api/v1/user/orgs, every page. */
  async organisations (accessToken: string): Promise<Set<string>> {
    const names = new Set<string>()
    for (let page = 1; page <= 20; page++) {
      const body = await this.#api(`/user/orgs?limit=50&page=${page}`, accessToken)
      if (!Array.isArray(body)) throw new GiteaOAuthError('unavailable', 'bad_response', 'Gitea\'s /api/v1/user/orgs answer is not a list')
      for (const org of body as Array<{ name?: unknown, username?: unknown }>) {
        const name = typeof org?.name === 'string' ? org.name : org?.username
        if (typeof name === 'string') names.add(name.toLowerCase())
      }
      if (body.length < 50) break
    }
    return names
  }

  async #tokenRequest (fields: Record<string, string>): Promise<GiteaTokens> {
    // Gitea reads `Basic base64(client_id:client_secret)` as is (BasicAuthDecode: no URL-decoding).
    const credentials = Buffer.from(`${this.#options.clientId}:${this.#options.clientSecret}`).toString('base64')
    const response = await this.#send(`${this.#options.apiUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString()
    })
    const body = await response.json().catch(() => null) as Record<string, unknown> | null
    if (response.status >= 500 || body === null) throw new GiteaOAuthError('unavailable', `http_${response.status}`, `Gitea's token endpoint answered ${response.status}`)
    if (!response.ok || typeof body.access_token !== 'string') {
      // Gitea's AccessTokenError: {"error", "error_description"}; neither holds a token.
      const code = typeof body.error === 'string' ? body.error.slice(0, 60) : `http_${response.status}`
      const description = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 200)}` : ''
      throw new GiteaOAuthError('refused', code, `Gitea refused the token request (${code}${description})`)
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : '',
      expiresAt: Date.now() + lifetime * 1000
    }
  }

  async #api (path: string, accessToken: string): Promise<unknown> {
    const response = await this.#send(`${this.#options.apiUrl}/api/v1${path}`, {
      headers: { authorization: `token ${accessToken}`, accept: 'application/json' }
    })
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel()
      throw new GiteaOAuthError('refused', `http_${response.status}`, `Gitea refused the person's token at ${path.split('?')[0] ?? path} (${response.status})`)
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new GiteaOAuthError('unavailable', `http_${response.status}`, `Gitea answered ${response.status} at ${path.split('?')[0] ?? path}`)
    }
    return await response.json().catch(() => null)
  }

  async #send (url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#fetch(url, {
        ...init,
        headers: { 'user-agent': this.#options.userAgent, ...init.headers as Record<string, string> },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.timeoutMs)
      })
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network'
      throw new GiteaOAuthError('unavailable', reason, `Gitea could not be reached (${reason})`)
    }
  }
}
