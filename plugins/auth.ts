import bearerAuth from '@fastify/bearer-auth'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { keyHint, type KeyCheck } from '../lib/api-keys.js'
import { InvalidTokenError, OAUTH_RETRY_AFTER_SECONDS, OAUTH_UNAVAILABLE_MESSAGE, OAuthUnavailableError, UnauthorizedError } from '../lib/errors.js'
import type { GiteaPerson } from '../lib/oauth/gitea-accounts.js'
import { resourceMetadataUrl } from '../lib/oauth/metadata.js'
import { auditRequest } from './audit.js'
import type { AccessTokenVerdict } from './oauth.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated key's id; null before authentication or while auth is off. */
    keyId: string | null
    /** The keyring's verdict on the presented bearer key; null until @fastify/bearer-auth hands one to the keyring. */
    bearerVerdict: BearerVerdict | null
    /** The OAuth client whose access token authenticated the request; null for a key (or before authentication). */
    oauthClientId: string | null
    /** The authorization server's verdict on a bearer that is not a key; null when it was not asked. */
    oauthVerdict: AccessTokenVerdict | null
    /** The person whose Gitea sign-in the access token came from (their calls use their own Gitea token); null otherwise. */
    giteaPerson: GiteaPerson | null
  }
}

export interface BearerVerdict {
  presented: string
  check: KeyCheck
}

export const REALM = 'aegis-gitea-mcp'

type FailureReason = 'missing_header' | 'malformed_header' | 'invalid_key' | 'expired_key' | 'oauth_token_refused'

/**
 * Bearer authentication for the /mcp scope, in onRequest so no body is parsed
 * before a key is proven. @fastify/bearer-auth parses the header and, through
 * its `auth(key, request)` callback, asks the keyring: its own `keys` scan
 * stops at the first match, while the keyring compares fixed-length digests of
 * every key with no early exit, and knows expiry. The keyring is the keyring
 * plugin's current set, which a reload swaps at run time. `addHook: false`
 * because the refusal is ours: audit, failure count, challenge and body.
 */
export default fp(async function authPlugin (app) {
  app.decorateRequest('keyId', null)
  app.decorateRequest('bearerVerdict', null)
  app.decorateRequest('oauthClientId', null)
  app.decorateRequest('oauthVerdict', null)
  app.decorateRequest('giteaPerson', null)
  // With OAuth on, every challenge names the protected resource metadata (RFC 9728 §5.1): that is how
  // OAuth-capable clients find the authorization server. With it off, never: they would try to log in.
  const oauth = app.hasDecorator('oauth') ? app.oauth : null
  const metadata = oauth === null ? '' : `, resource_metadata="${resourceMetadataUrl(app.config.publicUrl)}"`
  const CHALLENGE = `Bearer realm="${REALM}"${metadata}`
  const INVALID_TOKEN_CHALLENGE = `Bearer realm="${REALM}", error="invalid_token"${metadata}`

  if (!app.config.auth.enabled) {
    app.addHook('onRequest', async (request) => {
      app.audit.record('auth_disabled', 'high', auditRequest(request), { message: 'AUTH_ENABLED=false: request let in without a key' })
    })
    return
  }

  await app.register(bearerAuth, {
    keys: [],
    addHook: false,
    specCompliance: 'rfc6749', // the scheme name is case-insensitive (RFC 7235)
    verifyErrorLogLevel: 'debug', // the audit log records failures; no app-log noise per probe
    auth: async (presented: string, request: FastifyRequest) => {
      if (presented === '') return false // `Bearer` and no key: a malformed header, not a wrong key
      request.bearerVerdict = { presented, check: app.keyring.current().verify(presented) }
      const { status } = request.bearerVerdict.check
      if (status === 'valid') return true
      // Not a key (an expired one is a key): with OAuth on, it may be one of the authorization server's access tokens.
      if (oauth === null || status === 'expired') return false
      request.oauthVerdict = await oauth.verifyAccessToken(presented, request)
      return request.oauthVerdict.ok
    }
  })
  const verify = app.verifyBearerAuth
  if (verify === undefined) throw new Error('@fastify/bearer-auth did not decorate verifyBearerAuth')

  app.addHook('onRequest', async (request, reply) => {
    const failure = await new Promise<(Error & { code?: string }) | undefined>(resolve => { verify(request, reply, error => { resolve(error ?? undefined) }) })
    const verdict = request.bearerVerdict
    if (failure === undefined && verdict?.check.status === 'valid') {
      request.keyId = verdict.check.entry.keyId
      app.audit.recordSoon('auth_success', 'info', auditRequest(request), { key_id: request.keyId })
      return
    }
    const token = request.oauthVerdict
    if (failure === undefined && token?.ok === true) {
      request.keyId = token.keyId
      request.oauthClientId = token.clientId
      request.giteaPerson = token.giteaPerson ?? null
      const person = token.giteaPerson === undefined ? {} : { gitea_user: token.giteaPerson.login }
      app.audit.recordSoon('auth_success', 'info', auditRequest(request), { key_id: token.keyId, client_id: token.clientId, ...person })
      return
    }
    if (token !== null && !token.ok && token.reason === 'unavailable') {
      // Fail closed, but with 503, not 401: the token may well be good, and a 401 would send the client
      // to sign in again, into the same outage. It still counts as a failure: a wrong API key looks the
      // same, and lockout must keep guarding the keys. API keys themselves are unaffected.
      await recordFailure(request, 'invalid_key')
      reply.header('retry-after', String(OAUTH_RETRY_AFTER_SECONDS))
      throw new OAuthUnavailableError(OAUTH_UNAVAILABLE_MESSAGE)
    }
    const reason = token !== null && !token.ok && token.reason !== 'unknown'
      ? 'oauth_token_refused'
      : reasonOf(failure?.code, request.headers.authorization !== undefined, verdict)
    await recordFailure(request, reason)
    // A presented key that is wrong gets error="invalid_token" (RFC 6750 §3.1); anything else the plain challenge.
    if (reason === 'invalid_key' || reason === 'expired_key' || reason === 'oauth_token_refused') {
      reply.header('www-authenticate', INVALID_TOKEN_CHALLENGE)
      throw new InvalidTokenError(MESSAGES[reason])
    }
    reply.header('www-authenticate', CHALLENGE)
    throw new UnauthorizedError(MESSAGES[reason])
  })

  // A success is recorded soon (lib/audit-log.ts), while the call waits on Gitea: every answer
  // still finds it written. Hijacked answers skip onSend; hijackWithHeaders writes it for them.
  app.addHook('onSend', (_request, _reply, payload, done) => {
    app.audit.writePending()
    done(null, payload)
  })

  async function recordFailure (request: FastifyRequest, reason: FailureReason): Promise<void> {
    const verdict = request.bearerVerdict
    const token = request.oauthVerdict
    // A refused OAuth token is named by its client and why, never by any of its characters.
    const hint = verdict !== null && reason !== 'oauth_token_refused' ? keyHint(verdict.presented) : `(${credentialLength(request)} chars)`
    // An expired key is a known one: its id tells the operator whose client still uses it.
    const expired = verdict?.check.status === 'expired' ? { key_id: verdict.check.entry.keyId } : {}
    const refused = token !== null && !token.ok && reason === 'oauth_token_refused' ? { client_id: token.clientId ?? null, oauth_reason: token.reason } : {}
    app.audit.record('auth_failure', 'medium', auditRequest(request), { reason, key_hint: hint, ...expired, ...refused })
    // Clients probe without credentials first, and many share one egress IP: only a presented header counts.
    // An expired access token of ours is no guess either: a connector sends its stale one before it refreshes.
    if (reason === 'missing_header' || (token !== null && !token.ok && token.reason === 'expired')) return
    const outcome = await app.failureLimiter.recordFailure(request.clientIp)
    if (outcome.lockedNow) {
      app.audit.record('auth_lockout', 'high', auditRequest(request), { failures: outcome.failures, window_seconds: app.config.auth.failureWindowSeconds })
    }
  }
}, { fastify: '5.x', name: 'auth', dependencies: ['config', 'audit', 'client-ip', 'failure-limiter', 'keyring'] })

const MESSAGES: Record<FailureReason, string> = {
  missing_header: 'Authentication required: send Authorization: Bearer <key>.',
  malformed_header: 'The Authorization header must be Bearer <key>.',
  invalid_key: 'The key is not valid. Check it against the server\'s MCP_API_KEYS, or ask the operator for a new one.',
  expired_key: 'The key has expired. Ask the operator for a new one.',
  oauth_token_refused: 'The access token has expired, or may not be used here (another resource, its API key was retired, or its Gitea sign-in ended). Refresh it, or connect again to get a new one.'
}

/**
 * The library's error code says whether it found a header to read; the
 * keyring's verdict, whether a key was looked at (no verdict: not
 * `Bearer <key>`). The library calls an empty header missing, but one was
 * sent: the contract counts every presented header, so it is malformed.
 */
function reasonOf (code: string | undefined, headerSent: boolean, verdict: BearerVerdict | null): FailureReason {
  if (code === 'FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER' && !headerSent) return 'missing_header'
  if (verdict === null) return 'malformed_header'
  return verdict.check.status === 'expired' ? 'expired_key' : 'invalid_key'
}

// For a header that is not a bearer key, only its length is logged: a Basic credential's characters could be a password.
function credentialLength (request: FastifyRequest): number {
  const header = request.headers.authorization ?? ''
  const space = header.indexOf(' ')
  return space === -1 ? header.length : header.slice(space + 1).trim().length
}
