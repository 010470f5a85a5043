import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type Provider from 'oidc-provider'
import type { ClientLike, KoaContextWithOIDC, OIDCProviderError, TokenLike } from 'oidc-provider'
import { isExpired } from '../lib/api-keys.js'
import { APP_NAME, APP_VERSION } from '../lib/app-info.js'
import { NO_REQUEST, type AuditRequest } from '../lib/audit-log.js'
import { GiteaAccounts, isGiteaAccount, type GiteaPerson } from '../lib/oauth/gitea-accounts.js'
import { GITEA_CALLBACK_PATH, GiteaOAuthClient, type GiteaOAuthError } from '../lib/oauth/gitea-oauth.js'
import { sealKeyOf } from '../lib/oauth/token-seal.js'
import { resourceOf } from '../lib/oauth/metadata.js'
import { createOAuthProvider } from '../lib/oauth/provider.js'
import { redirectHost } from '../lib/oauth/redirects.js'
import { loadOrCreateSecrets, loadOrCreateSharedSecrets, SECRETS_REDIS_KEY, type OAuthSecrets } from '../lib/oauth/secrets.js'
import { createMemoryOAuthStore, type OAuthStore } from '../lib/oauth/store.js'
import { createRedisOAuthStore } from '../lib/stores/redis-oauth-store.js'
import type { StateStore } from '../lib/stores/state-store.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The OAuth authorization server; only while OAUTH_ENABLED=true. */
    oauth: OAuthService
  }
}

export type AccessTokenVerdict =
  /** `giteaPerson`: the token came from a Gitea sign-in (keyId is then the account, `gitea:<id>`). */
  | { ok: true, keyId: string, clientId: string, giteaPerson?: GiteaPerson }
  /**
   * `unknown`: no such token (never issued, revoked, or expired a day ago); the others: a token of ours that may not be used
   * here; `gitea_access_ended`: its person's Gitea access ended (Gitea refused a refresh, or they left GITEA_OAUTH_ALLOWED_ORGS).
   */
  | { ok: false, reason: 'unknown' | 'expired' | 'wrong_audience' | 'key_gone' | 'gitea_access_ended', clientId?: string }
  /** OAuth state is in Redis and Redis is unreachable: the token cannot be checked either way. */
  | { ok: false, reason: 'unavailable', clientId?: undefined }

export interface OAuthService {
  provider: Provider
  /** PUBLIC_URL, the issuer. */
  issuer: string
  /** `<PUBLIC_URL>/mcp`. */
  resource: string
  /** Whether a key id is still in the keyring and not expired: grants live only as long as their key. */
  isLiveKey: (keyId: string) => boolean
  /** isLiveKey for a key; for `gitea:<id>`, whether that person's Gitea access goes on. */
  isLiveAccount: (accountId: string) => Promise<boolean>
  /** "Sign in with Gitea" (OAUTH_SIGN_IN includes gitea); null otherwise. */
  gitea: GiteaAccounts | null
  /** False while OAuth state lives in Redis (REDIS_URL) and Redis is unreachable: no OAuth request can be served then. */
  stateReachable: () => boolean
  /** Looks a bearer token up as one of our access tokens for /mcp; `request` is whose audit fields an ended Gitea access is recorded with. */
  verifyAccessToken: (value: string, request?: FastifyRequest) => Promise<AccessTokenVerdict>
  /** Notes the Fastify request behind a raw request handed to the provider, so its events are audited with it. */
  track: (request: FastifyRequest) => void
  /** The audit fields of the request behind a provider event. */
  auditOf: (raw: IncomingMessage | undefined) => AuditRequest
}

/** For tests: what production never changes. */
export interface OAuthPluginOptions {
  /** Clock of the state store (record expiry). */
  clock?: () => number
  /** Replaces the fetch of client id metadata documents (production keeps oidc-provider's SSRF-protected one). */
  fetch?: typeof globalThis.fetch
  accessTokenTtlSeconds?: number
  store?: OAuthStore
  /** Replaces the fetch of the Gitea OAuth client ("Sign in with Gitea"). */
  giteaFetch?: typeof globalThis.fetch
}

// Opaque tokens are 43 URL-safe characters; anything far from that is not worth a lookup.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/
/** At most this many CIMD client ids are remembered as audited, per process. */
const AUDITED_CLIENTS_MAX = 1000

/**
 * The OAuth 2.1 authorization server (oidc-provider) and what the rest of the
 * app needs of it: the token check of the /mcp auth hook, and the audit of its
 * events. Its routes are in routes/oauth/. Registered only with OAUTH_ENABLED=true.
 */
export default fp<OAuthPluginOptions>(async function oauthPlugin (app, options) {
  const { publicUrl } = app.config
  const { dataDir, redirectUris } = app.config.oauth
  const shared = app.stateStore
  // OAuth state has no per-replica fallback: a token minted in one replica's memory would be unknown to the others.
  const stateReachable = (): boolean => shared.redis === null || shared.usable()
  const now = options.clock ?? Date.now
  const store = options.store ?? (shared.redis === null
    ? createMemoryOAuthStore({
      dataDir,
      clock: options.clock,
      onWriteError: error => { app.log.error({ err: error, data_dir: dataDir }, 'writing the OAuth state to DATA_DIR failed: it is kept in memory') }
    })
    : reportingFailures(createRedisOAuthStore(shared.redis), shared))
  const secrets = shared.redis === null
    ? loadOrCreateSecrets(dataDir)
    // The start fails without them; the app's Redis client would otherwise go on reconnecting.
    : await sharedSecrets(shared.redis, dataDir).catch(async (error: unknown) => { await shared.close(); throw error })
  const requests = new WeakMap<IncomingMessage, FastifyRequest>()
  const resource = resourceOf(publicUrl)
  const auditedClients = new Set<string>()
  const gitea = giteaAccounts(app.config, store, secrets, options.giteaFetch, error => {
    app.log.warn({ error_code: error.code }, 'refreshing a person\'s Gitea token failed: Gitea unreachable, the current token is used')
  })

  async function isLiveAccount (accountId: string, issuedAt?: number): Promise<boolean> {
    if (!isGiteaAccount(accountId)) return isLiveKey(accountId)
    return gitea !== null && await gitea.liveLogin(accountId, issuedAt) !== undefined
  }

  function isLiveKey (keyId: string): boolean {
    const entry = app.keyring.current().entries.find(candidate => candidate.keyId === keyId)
    return entry !== undefined && !isExpired(entry, new Date())
  }

  function auditOf (raw: IncomingMessage | undefined): AuditRequest {
    const request = raw === undefined ? undefined : requests.get(raw)
    return request === undefined ? NO_REQUEST : auditRequest(request)
  }

  function clientRegistered (raw: IncomingMessage | undefined, client: ClientLike, via: 'dcr' | 'cimd'): void {
    app.audit.record('oauth_client_registered', 'info', auditOf(raw), {
      client_id: client.clientId,
      client_name: client.clientName ?? null,
      redirect_hosts: [...new Set(client.redirectUris.map(redirectHost))],
      via
    })
  }

  const provider = createOAuthProvider({
    issuer: publicUrl,
    resource,
    store,
    secrets,
    extraRedirectUris: redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    isLiveAccount,
    fetch: options.fetch,
    onRevocation: (ctx, token) => {
      app.audit.record('oauth_token', 'info', auditOf(ctx.req), {
        action: 'revoked', client_id: token.clientId, key_id: token.accountId ?? null, grant_type: null, reason: 'revocation_request'
      })
    },
    onMetadataDocumentClient: client => {
      if (auditedClients.has(client.clientId)) return
      if (auditedClients.size >= AUDITED_CLIENTS_MAX) auditedClients.clear()
      auditedClients.add(client.clientId)
      clientRegistered(undefined, client, 'cimd')
    }
  })

  const tokenFields = (ctx: KoaContextWithOIDC): Record<string, unknown> => ({
    client_id: ctx.oidc.client?.clientId ?? null,
    key_id: ctx.oidc.entities.Account?.accountId ?? ctx.oidc.entities.RefreshToken?.accountId ?? null,
    grant_type: typeof ctx.oidc.params?.grant_type === 'string' ? ctx.oidc.params.grant_type.slice(0, 100) : null
  })

  provider.on('registration_create.success', (ctx: KoaContextWithOIDC, client: ClientLike) => { clientRegistered(ctx.req, client, 'dcr') })
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const fields = tokenFields(ctx)
    app.audit.record('oauth_token', 'info', auditOf(ctx.req), { action: fields.grant_type === 'refresh_token' ? 'refreshed' : 'issued', ...fields })
  })
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: OIDCProviderError) => {
    app.audit.record('oauth_token', 'medium', auditOf(ctx.req), { action: 'refused', ...tokenFields(ctx), reason: reasonOf(error) })
  })
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC) => {
    // A grant revoked at the token endpoint is a replayed refresh token or code: everything it gave goes.
    if (ctx.oidc.route !== 'token') return
    const fields = tokenFields(ctx)
    const reason = fields.grant_type === 'refresh_token' ? 'refresh_token_reused' : 'code_reused'
    app.audit.record('oauth_token', 'high', auditOf(ctx.req), { action: 'revoked', ...fields, reason })
  })
  provider.on('revocation.error', (ctx: KoaContextWithOIDC, error: OIDCProviderError) => {
    app.log.info({ request_id: auditOf(ctx.req).request_id, error: reasonOf(error) }, 'OAuth revocation refused')
  })
  provider.on('registration_create.error', (ctx: KoaContextWithOIDC, error: OIDCProviderError) => {
    app.log.info({ request_id: auditOf(ctx.req).request_id, error: reasonOf(error) }, 'OAuth client registration refused')
  })
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: OIDCProviderError) => {
    app.log.info({ request_id: auditOf(ctx.req).request_id, error: reasonOf(error) }, 'OAuth authorization request refused')
  })
  provider.on('server_error', (ctx: KoaContextWithOIDC | undefined, error: Error) => {
    app.log.error({ err: error, request_id: auditOf(ctx?.req).request_id }, 'the OAuth authorization server failed')
  })

  async function verifyAccessToken (value: string, request?: FastifyRequest): Promise<AccessTokenVerdict> {
    if (!TOKEN_SHAPE.test(value)) return { ok: false, reason: 'unknown' }
    if (!stateReachable()) return { ok: false, reason: 'unavailable' }
    let token: TokenLike | undefined
    try {
      // Expired ones too (kept a day: EXPIRED_ACCESS_TOKEN_GRACE_SECONDS), to tell them apart from guesses.
      token = await provider.AccessToken.find(value, { ignoreExpiration: true })
    } catch {
      if (!stateReachable()) return { ok: false, reason: 'unavailable' }
      token = undefined
    }
    if (token === undefined) return { ok: false, reason: 'unknown' }
    if ((token.exp ?? 0) * 1000 <= now()) return { ok: false, reason: 'expired', clientId: token.clientId }
    const audience = Array.isArray(token.aud) ? token.aud : [token.aud]
    if (audience.length !== 1 || audience[0] !== resource) return { ok: false, reason: 'wrong_audience', clientId: token.clientId }
    if (isGiteaAccount(token.accountId)) return await giteaVerdict(token, request)
    if (!isLiveKey(token.accountId)) return { ok: false, reason: 'key_gone', clientId: token.clientId }
    return { ok: true, keyId: token.accountId, clientId: token.clientId }
  }

  /** A token from a Gitea sign-in: its person, with a Gitea token refreshed when near its expiry. */
  async function giteaVerdict (token: TokenLike, request: FastifyRequest | undefined): Promise<AccessTokenVerdict> {
    if (gitea === null) return { ok: false, reason: 'gitea_access_ended', clientId: token.clientId }
    const session = await gitea.session(token.accountId, token.iat ?? 0)
    if (session.ok) return { ok: true, keyId: token.accountId, clientId: token.clientId, giteaPerson: session.person }
    if (session.endedNow !== undefined) {
      app.audit.record('oauth_token', 'medium', request === undefined ? NO_REQUEST : auditRequest(request), {
        action: 'revoked', client_id: token.clientId, key_id: token.accountId, gitea_user: session.login ?? null, grant_type: null, reason: session.endedNow.reason, detail: session.endedNow.detail
      })
    }
    return { ok: false, reason: session.reason === 'ended' ? 'gitea_access_ended' : 'unknown', clientId: token.clientId }
  }

  app.decorate('oauth', {
    provider,
    issuer: publicUrl,
    resource,
    isLiveKey,
    isLiveAccount: async (accountId: string) => await isLiveAccount(accountId),
    gitea,
    stateReachable,
    verifyAccessToken,
    track: (request: FastifyRequest) => { requests.set(request.raw, request) },
    auditOf
  } satisfies OAuthService)

  app.addHook('onClose', async () => { await store.close() })
}, { fastify: '5.x', name: 'oauth', dependencies: ['config', 'audit', 'keyring', 'state-store'] })

/** "Sign in with Gitea", when OAUTH_SIGN_IN names it: people and their Gitea tokens (sealed) in the same store as everything else. */
function giteaAccounts (config: FastifyInstance['config'], store: OAuthStore, secrets: OAuthSecrets, fetch: typeof globalThis.fetch | undefined,
  onRefreshUnavailable: (error: GiteaOAuthError) => void): GiteaAccounts | null {
  const settings = config.oauth.gitea
  if (settings === null) return null
  const client = new GiteaOAuthClient({
    apiUrl: config.gitea.url,
    browserUrl: settings.browserUrl ?? config.gitea.url,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: `${config.publicUrl}${GITEA_CALLBACK_PATH}`,
    timeoutMs: config.gitea.timeoutMs,
    userAgent: `${APP_NAME}/${APP_VERSION}`,
    fetch
  })
  return new GiteaAccounts({ store, key: sealKeyOf(secrets), client, allowedOrgs: settings.allowedOrgs, onRefreshUnavailable: (_accountId, error) => { onRefreshUnavailable(error) } })
}

/** An OAuth error as audited: its code and the library's description (which never holds a token). */
function reasonOf (error: OIDCProviderError): string {
  const description = typeof error.error_description === 'string' ? `: ${error.error_description.slice(0, 200)}` : ''
  return `${error.error ?? 'server_error'}${description}`
}

/** The keys every replica shares; without Redis at start there are none to sign with, so the start stops, saying why. */
async function sharedSecrets (redis: NonNullable<StateStore['redis']>, dataDir: string): Promise<OAuthSecrets> {
  try {
    return await loadOrCreateSharedSecrets(redis, dataDir)
  } catch (error) {
    if (error instanceof Error && error.message.includes(SECRETS_REDIS_KEY)) throw error
    const reason = (error as { code?: unknown }).code ?? (error as Error).name
    throw new Error(`OAuth (OAUTH_ENABLED=true) keeps its signing keys in Redis when REDIS_URL is set, and Redis could not be read at start-up (${String(reason)}): start again once Redis is reachable`, { cause: error })
  }
}

/** The Redis store, telling the state store of each failed command: that starts the outage every replica announces and OAuth answers 503 for. */
function reportingFailures (store: OAuthStore, shared: StateStore): OAuthStore {
  const wrapped: Partial<OAuthStore> = {}
  for (const name of Object.keys(store) as Array<keyof OAuthStore>) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>
    (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await method(...args)
      } catch (error) {
        shared.failed(error)
        throw error
      }
    }
  }
  return wrapped as OAuthStore
}
