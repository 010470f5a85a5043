import bearerAuth from '@fastify/bearer-auth'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { keyHint, type KeyCheck } from '../lib/api-keys.js'
import { errorBody } from '../lib/http-errors.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated key's id; null before authentication or while auth is off. */
    keyId: string | null
  }
}

export const REALM = 'aegis-gitea-mcp'
const CHALLENGE = `Bearer realm="${REALM}"`
const INVALID_TOKEN_CHALLENGE = `Bearer realm="${REALM}", error="invalid_token"`

type FailureReason = 'missing_header' | 'malformed_header' | 'invalid_key' | 'expired_key'

// What @fastify/bearer-auth handed our `auth` callback, if it got that far.
const attempts = new WeakMap<FastifyRequest, { presented: string, check: KeyCheck }>()
const UNKNOWN: KeyCheck = { status: 'unknown', entry: null }

/**
 * Bearer authentication for the /mcp scope, in onRequest so no body is parsed
 * before a key is proven. @fastify/bearer-auth parses the header; the key check
 * is ours, because its own scan stops at the first matching key: the keyring
 * compares fixed-length digests of every key with no early exit. The keys are
 * the keyring plugin's current set, which a reload swaps at run time.
 */
export default fp(async function authPlugin (app) {
  app.decorateRequest('keyId', null)

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
    auth: (presented: string, request: FastifyRequest) => {
      const check = presented === '' ? UNKNOWN : app.keyring.current().verify(presented)
      attempts.set(request, { presented, check })
      return check.status === 'valid'
    }
  })
  const verify = app.verifyBearerAuth
  if (verify === undefined) throw new Error('@fastify/bearer-auth did not decorate verifyBearerAuth')

  app.addHook('onRequest', async (request, reply) => {
    const passed = await new Promise<boolean>(resolve => verify(request, reply, error => resolve(error === undefined || error === null)))
    const attempt = attempts.get(request)
    if (passed && attempt?.check.status === 'valid') {
      request.keyId = attempt.check.entry.keyId
      app.audit.record('auth_success', 'info', auditRequest(request), { key_id: request.keyId })
      return
    }
    return refuse(request, reply, reasonOf(request, attempt))
  })

  async function refuse (request: FastifyRequest, reply: FastifyReply, reason: FailureReason): Promise<FastifyReply> {
    const attempt = attempts.get(request)
    const keyed = reason === 'invalid_key' || reason === 'expired_key'
    const hint = keyed && attempt !== undefined ? keyHint(attempt.presented) : `(${credentialLength(request)} chars)`
    // An expired key is a known one: its id tells the operator whose client still uses it.
    const expired = reason === 'expired_key' && attempt?.check.entry != null ? { key_id: attempt.check.entry.keyId } : {}
    app.audit.record('auth_failure', 'medium', auditRequest(request), { reason, key_hint: hint, ...expired })
    // Clients probe without credentials first, and many share one egress IP: only a presented header counts.
    if (reason !== 'missing_header') {
      const outcome = await app.failureLimiter.recordFailure(request.clientIp)
      if (outcome.lockedNow) {
        app.audit.record('auth_lockout', 'high', auditRequest(request), { failures: outcome.failures, window_seconds: app.config.auth.failureWindowSeconds })
      }
    }
    const invalidKey = keyed
    return reply
      .code(401)
      .header('www-authenticate', invalidKey ? INVALID_TOKEN_CHALLENGE : CHALLENGE)
      .send(errorBody(invalidKey ? 'invalid_token' : 'unauthorized', MESSAGES[reason], request.id))
  }
}, { name: 'auth', dependencies: ['config', 'audit', 'failure-limiter', 'keyring'] })

const MESSAGES: Record<FailureReason, string> = {
  missing_header: 'Authentication required: send Authorization: Bearer <key>.',
  malformed_header: 'The Authorization header must be Bearer <key>.',
  invalid_key: 'The key is not valid. Check it against the server\'s MCP_API_KEYS, or ask the operator for a new one.',
  expired_key: 'The key has expired. Ask the operator for a new one.'
}

function reasonOf (request: FastifyRequest, attempt: { presented: string, check: KeyCheck } | undefined): FailureReason {
  if (request.headers.authorization === undefined) return 'missing_header'
  if (attempt === undefined || attempt.presented === '') return 'malformed_header'
  return attempt.check.status === 'expired' ? 'expired_key' : 'invalid_key'
}

// For a header that is not a bearer key, only its length is logged: a Basic credential's characters could be a password.
function credentialLength (request: FastifyRequest): number {
  const header = request.headers.authorization ?? ''
  const space = header.indexOf(' ')
  return space === -1 ? header.length : header.slice(space + 1).trim().length
}
