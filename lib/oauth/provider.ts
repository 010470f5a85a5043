import Provider, { errors, type ClientLike, type KoaContextWithOIDC, type TokenLike } from 'oidc-provider'
import { adapterFactory } from './adapter.js'
import { INTERACTION_PATH, MCP_SCOPE, OAUTH_ROUTES } from './metadata.js'
import { messagePage, PAGE_CSP } from './pages.js'
import { isAllowedRedirectUri, redirectHost } from './redirects.js'
import type { OAuthSecrets } from './secrets.js'
import type { OAuthStore } from './store.js'

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600
/** A refresh token family lives this long from sign-in (rotation keeps the end date); then the person signs in again. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600

export interface OAuthProviderOptions {
  /** PUBLIC_URL: the issuer. */
  issuer: string
  /** `<PUBLIC_URL>/mcp`: the only resource tokens are issued for. */
  resource: string
  store: OAuthStore
  secrets: OAuthSecrets
  /** OAUTH_REDIRECT_URIS. */
  extraRedirectUris: readonly string[]
  accessTokenTtlSeconds?: number
  /** Whether an account (a key id, or `gitea:<id>`) may still sign in and use its tokens; `issuedAt`: of the token in hand (epoch seconds). */
  isLiveAccount: (accountId: string, issuedAt?: number) => boolean | Promise<boolean>
  /** Told when a token is about to be revoked at the revocation endpoint (for the audit). */
  onRevocation?: (ctx: KoaContextWithOIDC, token: TokenLike) => void
  /** Told when a client id metadata document is accepted (for the audit). */
  onMetadataDocumentClient?: (client: ClientLike) => void
  /** For tests only: replaces the fetch that reads client id metadata documents. */
  fetch?: typeof globalThis.fetch
}

function invalidRedirect (uri: unknown): Error {
  const error = new errors.InvalidRedirectUri()
  error.error_description = `redirect_uris: ${typeof uri === 'string' ? redirectHost(uri) : 'a value'} is not an allowed redirect URI (allowed: ChatGPT's and Claude's callbacks, loopback http URLs, and OAUTH_REDIRECT_URIS)`
  return error
}

/**
 * The authorization server: oidc-provider configured for MCP connectors.
 * Authorization code with PKCE (S256) only, public clients only (DCR open,
 * and client id metadata documents), one resource with opaque access tokens
 * (a lookup, so revocation is immediate), rotated refresh tokens (a replay
 * revokes the grant: oidc-provider's refresh_token grant does that when it
 * meets a consumed token), and our own sign-in and consent pages.
 */
export function createOAuthProvider (options: OAuthProviderOptions): Provider {
  const { resource } = options
  const accessTtl = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS
  const redirectAllowed = (uri: unknown): boolean => isAllowedRedirectUri(uri, options.extraRedirectUris)

  const configuration: Record<string, unknown> = {
    adapter: adapterFactory(options.store),
    jwks: options.secrets.jwks,
    cookies: {
      keys: options.secrets.cookieKeys,
      names: { session: 'aegis_oauth_session', interaction: 'aegis_oauth_interaction', resume: 'aegis_oauth_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true }
    },
    routes: { ...OAUTH_ROUTES },
    scopes: [MCP_SCOPE],
    responseTypes: ['code'],
    clientAuthMethods: ['none'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'RS256'
    },
    // OAuth 2.1: the redirect_uri is always sent and compared exactly.
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: () => true },
    clockTolerance: 5,
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      introspection: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: {
        enabled: true,
        // oidc-provider's default policy (a client revokes only its own tokens); it emits no event of its own.
        allowedPolicy: async (ctx: KoaContextWithOIDC, client: ClientLike, token: TokenLike) => {
          if (token.clientId !== client.clientId) return false
          options.onRevocation?.(ctx, token)
          return true
        }
      },
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
        // Only public clients sending people back to an allowed place.
        allowClient: async (_ctx: unknown, client: ClientLike) => {
          const allowed = client.clientAuthMethod === 'none' && client.redirectUris.every(redirectAllowed)
          if (allowed) options.onMetadataDocumentClient?.(client)
          return allowed
        }
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget(`this server issues tokens for ${resource} only`)
          return { scope: MCP_SCOPE, audience: resource, accessTokenFormat: 'opaque', accessTokenTTL: accessTtl }
        }
      }
    },
    // Every client may refresh (public clients get rotation); no offline_access scope needed.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed: (type: string) => boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens outlive the short sign-in session: they end with the grant, the key or their TTL.
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: accessTtl,
      AuthorizationCode: 60,
      RefreshToken: (ctx: KoaContextWithOIDC | undefined) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken as { remainingTTL?: number } | undefined
        return rotated?.remainingTTL ?? REFRESH_TOKEN_TTL_SECONDS
      },
      Grant: REFRESH_TOKEN_TTL_SECONDS,
      Interaction: 15 * 60,
      Session: 10 * 60
    },
    // Checked for every client oidc-provider builds: DCR registrations, metadata documents, stored clients.
    extraClientMetadata: {
      properties: ['redirect_uris'],
      validator: (_ctx: unknown, key: string, value: unknown) => {
        if (key !== 'redirect_uris' || !Array.isArray(value)) return
        const refused = value.find(uri => !redirectAllowed(uri))
        if (refused !== undefined) throw invalidRedirect(refused)
      }
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PATH}/${interaction.uid}` },
    // `token`: the refresh token or code being used, when there is one; a rotated refresh token keeps its family's first date (iiat).
    findAccount: async (_ctx: unknown, sub: string, token?: { iiat?: number, iat?: number }) => await options.isLiveAccount(sub, token?.iiat ?? token?.iat)
      ? { accountId: sub, claims: async () => ({ sub }) }
      : undefined,
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.type = 'html'
      ctx.set('content-security-policy', PAGE_CSP)
      ctx.set('cache-control', 'no-store')
      const details: Record<string, string> = { error: out.error ?? 'server_error' }
      if (out.error_description !== undefined) details.description = out.error_description
      ctx.body = messagePage('The authorization request cannot go on', 'Start the connection again from the application. If it keeps failing, tell the server\'s operator the error below.', details)
    },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch })
  }
  const provider = new Provider(options.issuer, configuration)
  // Behind Traefik; the plugin pins the forwarded headers to PUBLIC_URL before a request reaches the provider.
  provider.proxy = true
  return provider
}
