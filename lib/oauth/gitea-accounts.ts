import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { GiteaOAuthError, pkceVerifier, type GiteaOAuthClient, type GiteaTokens, type GiteaUser } from './gitea-oauth.js'
import type { OAuthStore } from './store.js'
import { seal, unseal, type SealKey } from './token-seal.js'

/**
 * The people who signed in with Gitea, kept in the OAuthStore (memory and
 * DATA_DIR, or Redis: the same interface, so every replica sees them). One
 * record per person (`GiteaAccount:gitea:<id>`): login, Gitea's tokens sealed
 * with AES-256-GCM (token-seal.ts), their expiry, and `notBefore`: MCP tokens
 * issued before it are refused (set when the person's access ends, so tokens
 * from before stay dead even if the person signs in again). A sign-in in
 * flight is a `GiteaSignIn:<state>` record: the PKCE verifier and the
 * interaction it belongs to, ten minutes, used once.
 */

export const GITEA_ACCOUNT_PREFIX = 'gitea:'
export const ACCOUNT_MODEL = 'GiteaAccount'
export const SIGN_IN_MODEL = 'GiteaSignIn'
/** A Gitea token this close to its expiry is refreshed before it is used. */
export const REFRESH_MARGIN_MS = 5 * 60_000
/** As long as an MCP refresh token family (and Gitea's own refresh token, 730 hours by default). */
export const ACCOUNT_TTL_SECONDS = 30 * 24 * 3600
const SIGN_IN_TTL_SECONDS = 10 * 60

export function isGiteaAccount (accountId: string): boolean {
  return accountId.startsWith(GITEA_ACCOUNT_PREFIX)
}

export function giteaAccountId (user: GiteaUser): string {
  return `${GITEA_ACCOUNT_PREFIX}${user.id}`
}

interface AccountRecord {
  login: string
  /** `{accessToken, refreshToken, expiresAt}` sealed; null once the person's access ended. */
  sealed: string | null
  /** Epoch seconds: MCP tokens issued before this are refused. */
  notBefore: number
  [key: string]: unknown
}

/**
 * A signed-in person as a tool call carries them: their login, and their Gitea
 * token behind a private field, so no log line, JSON or inspect of a caller
 * can print it.
 */
export class GiteaPerson {
  readonly #token: string
  constructor (readonly accountId: string, readonly login: string, token: string) {
    this.#token = token
  }

  /** The person's Gitea access token: for the Gitea client's Authorization header only. */
  token (): string {
    return this.#token
  }

  toJSON (): Record<string, string> {
    return { accountId: this.accountId, login: this.login }
  }

  [inspect.custom] (): string {
    return `GiteaPerson(${this.login})`
  }
}

export type EndReason = 'gitea_refresh_refused' | 'left_allowed_orgs' | 'unreadable_tokens'

export type SessionResult =
  | { ok: true, person: GiteaPerson }
  /** `unknown`: no such person here; `ended`: their access ended (before, or now: `endedNow` says why). */
  | { ok: false, reason: 'unknown' | 'ended', login?: string, endedNow?: { reason: EndReason, detail: string } }

export type SignInResult =
  | { ok: true, accountId: string, login: string }
  | { ok: false, reason: 'not_in_allowed_orgs', login: string }

export interface GiteaAccountsOptions {
  store: OAuthStore
  key: SealKey
  client: GiteaOAuthClient
  /** GITEA_OAUTH_ALLOWED_ORGS, lower-cased; [] = any Gitea user. */
  allowedOrgs: readonly string[]
  clock?: () => number
  /** Told once when a person's access ends (for the audit log). */
  onEnded?: (ended: { accountId: string, login: string, reason: EndReason, detail: string }) => void
  /** Told when a refresh could not reach Gitea (the current token is used meanwhile). */
  onRefreshUnavailable?: (accountId: string, error: GiteaOAuthError) => void
}

export class GiteaAccounts {
  readonly #options: GiteaAccountsOptions
  readonly #now: () => number
  /** One refresh per person at a time in this process. */
  readonly #refreshing = new Map<string, Promise<SessionResult>>()

  constructor (options: GiteaAccountsOptions) {
    this.#options = options
    this.#now = options.clock ?? Date.now
  }

  /** Starts a sign-in for the interaction `uid`: where to send the browser. */
  async start (uid: string): Promise<string> {
    const state = randomBytes(32).toString('base64url')
    const { verifier, challenge } = pkceVerifier()
    await this.#options.store.upsert(SIGN_IN_MODEL, state, { uid, verifier }, SIGN_IN_TTL_SECONDS)
    return this.#options.client.authorizeUrl(state, challenge)
  }

  /** The interaction a `state` belongs to, without using it up (the callback, before the browser is back in its interaction). */
  async interactionOf (state: string): Promise<string | undefined> {
    if (!isStateShaped(state)) return undefined
    const found = await this.#options.store.find(SIGN_IN_MODEL, state)
    return typeof found?.uid === 'string' ? found.uid : undefined
  }

  /** Uses the `state` up: its verifier, when it belongs to `uid`. A second use finds nothing. */
  async take (state: string, uid: string): Promise<string | undefined> {
    if (!isStateShaped(state)) return undefined
    const found = await this.#options.store.find(SIGN_IN_MODEL, state)
    if (found === undefined) return undefined
    await this.#options.store.destroy(SIGN_IN_MODEL, state)
    return found.uid === uid && typeof found.verifier === 'string' ? found.verifier : undefined
  }

  /** Exchanges Gitea's code, reads the person and checks their organisations; keeps their tokens sealed. Throws GiteaOAuthError. */
  async complete (code: string, verifier: string): Promise<SignInResult> {
    const tokens = await this.#options.client.exchangeCode(code, verifier)
    const user = await this.#options.client.user(tokens.accessToken)
    if (!await this.#inAllowedOrgs(tokens.accessToken)) return { ok: false, reason: 'not_in_allowed_orgs', login: user.login }
    const accountId = giteaAccountId(user)
    const previous = await this.#record(accountId)
    await this.#save(accountId, { login: user.login, sealed: this.#seal(accountId, tokens), notBefore: previous?.notBefore ?? 0 })
    return { ok: true, accountId, login: user.login }
  }

  /** The person's login, when they are known here and their access has not ended. */
  async liveLogin (accountId: string, issuedAtSeconds?: number): Promise<string | undefined> {
    const record = await this.#record(accountId)
    if (record === undefined || record.sealed === null) return undefined
    if (issuedAtSeconds !== undefined && issuedAtSeconds < record.notBefore) return undefined
    return record.login
  }

  /**
   * The person behind an MCP token issued at `issuedAtSeconds`, with a Gitea
   * token good for a while: refreshed first when it is near its expiry (and
   * then the organisations checked again). A refresh Gitea refuses, or a
   * person no longer in GITEA_OAUTH_ALLOWED_ORGS, ends their access.
   */
  async session (accountId: string, issuedAtSeconds: number): Promise<SessionResult> {
    const record = await this.#record(accountId)
    if (record === undefined) return { ok: false, reason: 'unknown' }
    if (record.sealed === null || issuedAtSeconds < record.notBefore) return { ok: false, reason: 'ended', login: record.login }
    const tokens = this.#unseal(accountId, record.sealed)
    if (tokens === null) return await this.#end(accountId, record, 'unreadable_tokens', 'the stored Gitea token could not be decrypted')
    if (tokens.expiresAt - this.#now() > REFRESH_MARGIN_MS) return { ok: true, person: new GiteaPerson(accountId, record.login, tokens.accessToken) }
    let pending = this.#refreshing.get(accountId)
    if (pending === undefined) {
      pending = this.#refresh(accountId, record, tokens).finally(() => this.#refreshing.delete(accountId))
      this.#refreshing.set(accountId, pending)
    }
    return await pending
  }

  async #refresh (accountId: string, record: AccountRecord, tokens: GiteaTokens): Promise<SessionResult> {
    let fresh: GiteaTokens
    try {
      fresh = await this.#options.client.refresh(tokens.refreshToken)
    } catch (error) {
      if (!(error instanceof GiteaOAuthError)) throw error
      if (error.kind === 'unavailable') {
        // Gitea is away: go on with the token held (Gitea itself says whether it still works).
        this.#options.onRefreshUnavailable?.(accountId, error)
        return { ok: true, person: new GiteaPerson(accountId, record.login, tokens.accessToken) }
      }
      // Another replica may have refreshed first (Gitea refuses a refresh token used twice): its result is in the store.
      const current = await this.#record(accountId)
      if (current?.sealed != null && current.sealed !== record.sealed) {
        const theirs = this.#unseal(accountId, current.sealed)
        if (theirs !== null) return { ok: true, person: new GiteaPerson(accountId, current.login, theirs.accessToken) }
      }
      return await this.#end(accountId, record, 'gitea_refresh_refused', error.message)
    }
    try {
      if (!await this.#inAllowedOrgs(fresh.accessToken)) {
        return await this.#end(accountId, record, 'left_allowed_orgs', 'no longer a member of any organisation in GITEA_OAUTH_ALLOWED_ORGS')
      }
    } catch (error) {
      if (!(error instanceof GiteaOAuthError)) throw error
      // Not checkable now: keep the fresh tokens; the next refresh checks again.
      this.#options.onRefreshUnavailable?.(accountId, error)
    }
    await this.#save(accountId, { ...record, sealed: this.#seal(accountId, fresh) })
    return { ok: true, person: new GiteaPerson(accountId, record.login, fresh.accessToken) }
  }

  async #end (accountId: string, record: AccountRecord, reason: EndReason, detail: string): Promise<SessionResult> {
    await this.#save(accountId, { ...record, sealed: null, notBefore: Math.ceil(this.#now() / 1000) })
    this.#options.onEnded?.({ accountId, login: record.login, reason, detail })
    return { ok: false, reason: 'ended', login: record.login, endedNow: { reason, detail } }
  }

  async #inAllowedOrgs (accessToken: string): Promise<boolean> {
    const { allowedOrgs } = this.#options
    if (allowedOrgs.length === 0) return true
    const mine = await this.#options.client.organisations(accessToken)
    return allowedOrgs.some(org => mine.has(org))
  }

  async #record (accountId: string): Promise<AccountRecord | undefined> {
    const found = await this.#options.store.find(ACCOUNT_MODEL, accountId)
    if (found === undefined || typeof found.login !== 'string') return undefined
    return { login: found.login, sealed: typeof found.sealed === 'string' ? found.sealed : null, notBefore: typeof found.notBefore === 'number' ? found.notBefore : 0 }
  }

  async #save (accountId: string, record: AccountRecord): Promise<void> {
    await this.#options.store.upsert(ACCOUNT_MODEL, accountId, { login: record.login, sealed: record.sealed, notBefore: record.notBefore }, ACCOUNT_TTL_SECONDS)
  }

  #seal (accountId: string, tokens: GiteaTokens): string {
    return seal(this.#options.key, accountId, JSON.stringify(tokens))
  }

  #unseal (accountId: string, sealed: string): GiteaTokens | null {
    const text = unseal(this.#options.key, accountId, sealed)
    if (text === null) return null
    const tokens = JSON.parse(text) as Partial<GiteaTokens>
    return typeof tokens.accessToken === 'string' && typeof tokens.refreshToken === 'string' && typeof tokens.expiresAt === 'number'
      ? tokens as GiteaTokens
      : null
  }
}

function isStateShaped (state: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(state)
}
