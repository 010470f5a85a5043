import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { InteractionLike } from 'oidc-provider'
import { keyHint } from '../../lib/api-keys.js'
import { createFailureLimiter, type FailureStore } from '../../lib/failure-limiter.js'
import { consentPage, messagePage, PAGE_CSP, signInPage } from '../../lib/oauth/pages.js'
import { INTERACTION_PATH, MCP_SCOPE } from '../../lib/oauth/metadata.js'
import { redirectHost } from '../../lib/oauth/redirects.js'
import { auditRequest } from '../../plugins/audit.js'
import giteaSignInRoutes from './gitea-sign-in.js'

interface UidParams { uid: string }
type FormBody = Record<string, string | string[] | undefined> | undefined

/** An error of these pages: its status and the page that says what to do. */
class PageError extends Error {
  constructor (readonly statusCode: number, readonly title: string, message: string) {
    super(message)
  }
}

const EXPIRED = new PageError(400, 'This sign-in has expired', 'The sign-in link is no longer valid (it lasts 15 minutes, in one browser). Start the connection again from the application.')

function field (body: FormBody, name: string): string {
  const value = body?.[name]
  return typeof value === 'string' ? value : ''
}

/**
 * The sign-in and consent pages of the authorization flow
 * (/oauth/interaction/:uid), driven by oidc-provider's interaction API.
 * Sign-in takes an API key: the grant is bound to its key id. A wrong key
 * counts against the client IP exactly like a wrong bearer key at /mcp.
 * Consent names the client and the host the browser goes back to (the
 * confused-deputy rule). Every form post carries a CSRF token.
 */
export default async function interactionRoutes (app: FastifyInstance, options: { failureStore: FailureStore }): Promise<void> {
  const { provider, resource } = app.oauth
  const { maxFailures, failureWindowSeconds } = app.config.auth
  const limiter = createFailureLimiter({ maxFailures, windowSeconds: failureWindowSeconds, store: options.failureStore })
  const secure = app.config.publicUrl.startsWith('https:')

  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 16_384 })
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secure ? '__Host-aegis_csrf' : 'aegis_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure },
    getToken: request => field(request.body as FormBody, '_csrf')
  })

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', PAGE_CSP)
    reply.header('cache-control', 'no-store')
  })

  app.setErrorHandler((error: FastifyError | PageError, request, reply) => {
    reply.type('text/html; charset=utf-8')
    if (error instanceof PageError) return reply.code(error.statusCode).send(messagePage(error.title, error.message))
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      request.log.warn({ code: error.code, path: request.url.split('?', 1)[0] }, 'OAuth form posted without a valid CSRF token: refused')
      return reply.code(403).send(messagePage('This form has expired', 'The form was sent without its security token (or from another site). Go back, reload the page and try again.'))
    }
    if (error.name === 'SessionNotFound' || (error as { error?: string }).error === 'invalid_request') {
      return reply.code(400).send(messagePage(EXPIRED.title, EXPIRED.message))
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error({ err: error }, 'OAuth page failed')
    return reply.code(status).send(messagePage('Something went wrong', status === 500
      ? 'The server failed to answer; the request id is in its log. Start the connection again from the application.'
      : 'The request was not valid. Start the connection again from the application.', { 'request id': request.id }))
  })

  /** The interaction this browser is in, which must be the one in the URL. */
  async function interactionOf (request: FastifyRequest<{ Params: UidParams }>, reply: FastifyReply, step?: string): Promise<InteractionLike> {
    app.oauth.track(request)
    const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => { throw EXPIRED })
    if (details.uid !== request.params.uid) throw EXPIRED
    if (step !== undefined && details.prompt.name !== step) throw new PageError(400, 'This step is already done', 'Go back to the application and start the connection again.')
    return details
  }

  async function clientOf (details: InteractionLike): Promise<{ id: string, name: string }> {
    const id = String(details.params.client_id ?? '')
    const client = await provider.Client.find(id).catch(() => undefined)
    return { id, name: client?.clientName ?? id }
  }

  function html (reply: FastifyReply, status: number, page: string): FastifyReply {
    return reply.code(status).type('text/html; charset=utf-8').send(page)
  }

  const { signIn } = app.config.oauth
  async function showSignIn (reply: FastifyReply, details: InteractionLike, status: number, error?: string): Promise<FastifyReply> {
    const client = await clientOf(details)
    return html(reply, status, signInPage({
      action: signIn.key ? `${INTERACTION_PATH}/${details.uid}/login` : null,
      giteaAction: app.oauth.gitea === null ? null : `${INTERACTION_PATH}/${details.uid}/gitea`,
      csrfToken: reply.generateCsrf(),
      clientName: client.name,
      error
    }))
  }

  /** Hands the step's result to the provider and sends the browser back to the authorization endpoint. */
  async function finish (request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>, merge: boolean): Promise<FastifyReply> {
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge })
    return reply.code(303).header('location', returnTo).send()
  }

  app.get<{ Params: UidParams }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
    const details = await interactionOf(request, reply)
    if (details.prompt.name === 'login') return await showSignIn(reply, details, 200)
    if (details.prompt.name !== 'consent' || details.session?.accountId === undefined) throw EXPIRED
    const client = await clientOf(details)
    const giteaLogin = await app.oauth.gitea?.liveLogin(details.session.accountId)
    return html(reply, 200, consentPage({
      action: `${INTERACTION_PATH}/${details.uid}/confirm`,
      csrfToken: reply.generateCsrf(),
      clientName: client.name,
      clientId: client.id,
      redirectHost: redirectHost(String(details.params.redirect_uri ?? '')),
      keyId: details.session.accountId,
      ...(giteaLogin === undefined ? {} : { giteaLogin })
    }))
  })

  app.post<{ Params: UidParams }>(`${INTERACTION_PATH}/:uid/login`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const details = await interactionOf(request, reply, 'login')
    if (!signIn.key) throw new PageError(404, 'Signing in with an API key is off', 'This server signs people in with Gitea only. Go back and use "Sign in with Gitea".')
    const lock = await limiter.status(request.clientIp)
    if (lock.locked) {
      app.audit.record('auth_blocked', 'medium', auditRequest(request), { retry_after_seconds: lock.retryAfterSeconds })
      reply.header('retry-after', String(lock.retryAfterSeconds))
      return html(reply, 429, messagePage('Too many failed sign-ins', `Too many failed sign-ins from this address; try again in ${lock.retryAfterSeconds} seconds.`))
    }
    const presented = field(request.body as FormBody, 'api_key').trim()
    const check = app.keyring.current().verify(presented)
    if (check.status === 'valid') {
      app.audit.record('oauth_sign_in', 'info', auditRequest(request), { outcome: 'success', method: 'key', key_id: check.entry.keyId, client_id: details.params.client_id ?? null })
      return await finish(request, reply, { login: { accountId: check.entry.keyId, remember: false } }, false)
    }
    const reason = presented === '' ? 'missing_key' : check.status === 'expired' ? 'expired_key' : 'invalid_key'
    const expired = check.status === 'expired' ? { key_id: check.entry.keyId } : {}
    app.audit.record('oauth_sign_in', 'medium', auditRequest(request), {
      outcome: 'failure', method: 'key', reason, key_hint: keyHint(presented), ...expired, client_id: details.params.client_id ?? null
    })
    const outcome = await limiter.recordFailure(request.clientIp)
    if (outcome.lockedNow) {
      app.audit.record('auth_lockout', 'high', auditRequest(request), { failures: outcome.failures, window_seconds: failureWindowSeconds })
    }
    const message = reason === 'expired_key' ? 'That key has expired. Ask the operator for a new one.' : 'That is not a valid API key. Check it and try again.'
    return await showSignIn(reply, details, 401, message)
  })

  app.post<{ Params: UidParams }>(`${INTERACTION_PATH}/:uid/confirm`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const details = await interactionOf(request, reply, 'consent')
    const accountId = details.session?.accountId
    const client = await clientOf(details)
    const fields = { client_id: client.id, key_id: accountId ?? null, redirect_host: redirectHost(String(details.params.redirect_uri ?? '')) }
    const allowed = field(request.body as FormBody, 'decision') === 'allow'
    if (!allowed || accountId === undefined || !await app.oauth.isLiveAccount(accountId)) {
      app.audit.record('oauth_consent', 'info', auditRequest(request), { outcome: 'denied', ...fields, ...(allowed ? { reason: 'key_gone' } : {}) })
      return await finish(request, reply, {
        error: 'access_denied',
        error_description: allowed ? 'The key signed in with is no longer valid.' : 'The person denied access.'
      }, false)
    }
    const existing = details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)
    const grant = existing ?? new provider.Grant({ accountId, clientId: client.id })
    grant.addResourceScope(resource, MCP_SCOPE)
    // A client that also asked for `openid` (oidc-provider always knows that scope) gets it, or the flow would ask again.
    const missingOidc = details.prompt.details.missingOIDCScope
    if (Array.isArray(missingOidc) && missingOidc.length > 0) grant.addOIDCScope(missingOidc.join(' '))
    const grantId = await grant.save()
    app.audit.record('oauth_consent', 'info', auditRequest(request), { outcome: 'allowed', ...fields })
    return await finish(request, reply, { consent: { grantId } }, true)
  })

  if (app.oauth.gitea !== null) giteaSignInRoutes(app, app.oauth.gitea, { interactionOf, showSignIn, finish, html, expired: EXPIRED })
}
