import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { InteractionLike } from 'oidc-provider'
import type { GiteaAccounts } from '../../lib/oauth/gitea-accounts.js'
import { GITEA_CALLBACK_PATH, GiteaOAuthError } from '../../lib/oauth/gitea-oauth.js'
import { INTERACTION_PATH } from '../../lib/oauth/metadata.js'
import { messagePage } from '../../lib/oauth/pages.js'
import { auditRequest } from '../../plugins/audit.js'

interface UidParams { uid: string }
interface GiteaAnswer { code?: string, state?: string, error?: string, error_description?: string }

/** What the interaction routes lend these: the browser's interaction, the sign-in page, and the step's end. */
export interface InteractionHelpers {
  interactionOf: (request: FastifyRequest<{ Params: UidParams }>, reply: FastifyReply, step?: string) => Promise<InteractionLike>
  showSignIn: (reply: FastifyReply, details: InteractionLike, status: number, error?: string) => Promise<FastifyReply>
  finish: (request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>, merge: boolean) => Promise<FastifyReply>
  html: (reply: FastifyReply, status: number, page: string) => FastifyReply
  /** The "this sign-in has expired" page error. */
  expired: Error
}

const text = (value: unknown): string => typeof value === 'string' ? value : ''

/**
 * "Sign in with Gitea" on the sign-in page, the server being an OAuth2 client
 * of Gitea. The button posts (CSRF-checked) to /oauth/interaction/:uid/gitea,
 * which keeps a `state` and PKCE verifier bound to this interaction and sends
 * the browser to Gitea. Gitea sends it back to the one callback URL registered
 * there (/oauth/gitea/callback), which only hands it on to its interaction's
 * own URL: there the interaction cookie proves it is the browser that
 * started, the state is used up, the code exchanged, the person read and
 * (GITEA_OAUTH_ALLOWED_ORGS) checked, and the sign-in goes on to consent.
 * Registered on the interaction routes' instance: same cookies, CSRF, CSP and error pages.
 */
export default function giteaSignInRoutes (app: FastifyInstance, accounts: GiteaAccounts, helpers: InteractionHelpers): void {
  const { interactionOf, showSignIn, finish, html, expired } = helpers

  app.post<{ Params: UidParams }>(`${INTERACTION_PATH}/:uid/gitea`, { preHandler: app.csrfProtection }, async (request, reply) => {
    const details = await interactionOf(request, reply, 'login')
    return reply.code(303).header('location', await accounts.start(details.uid)).send()
  })

  app.get<{ Querystring: GiteaAnswer }>(GITEA_CALLBACK_PATH, async (request, reply) => {
    const uid = await accounts.interactionOf(text(request.query.state))
    if (uid === undefined) throw expired
    const query = new URLSearchParams()
    for (const name of ['code', 'state', 'error', 'error_description'] as const) {
      const value = text(request.query[name])
      if (value !== '') query.set(name, value.slice(0, 2000))
    }
    return reply.code(303).header('location', `${INTERACTION_PATH}/${encodeURIComponent(uid)}/gitea?${query.toString()}`).send()
  })

  app.get<{ Params: UidParams, Querystring: GiteaAnswer }>(`${INTERACTION_PATH}/:uid/gitea`, async (request, reply) => {
    const details = await interactionOf(request, reply, 'login')
    const clientId = details.params.client_id ?? null
    const refused = (severity: 'info' | 'medium', reason: string, extra: Record<string, unknown> = {}): void => {
      app.audit.record('oauth_sign_in', severity, auditRequest(request), { outcome: 'failure', method: 'gitea', reason, client_id: clientId, ...extra })
    }
    const verifier = await accounts.take(text(request.query.state), details.uid)
    if (verifier === undefined) {
      refused('medium', 'state_mismatch')
      throw expired
    }
    const giteaError = text(request.query.error)
    if (giteaError !== '') {
      refused('info', 'gitea_denied', { gitea_error: giteaError.slice(0, 60) })
      return await showSignIn(reply, details, 401, `Gitea did not sign you in (${giteaError.slice(0, 60)}). Try again, or ask the server's operator.`)
    }
    let result: Awaited<ReturnType<GiteaAccounts['complete']>>
    try {
      result = await accounts.complete(text(request.query.code), verifier)
    } catch (error) {
      if (!(error instanceof GiteaOAuthError)) throw error
      request.log.warn({ error_code: error.code, kind: error.kind, detail: error.message }, 'signing in with Gitea failed')
      refused('medium', error.kind === 'refused' ? 'gitea_refused' : 'gitea_unavailable', { gitea_error: error.code })
      return await showSignIn(reply, details, error.kind === 'refused' ? 401 : 502, error.kind === 'refused'
        ? 'Gitea refused this sign-in. Try again; if it keeps failing, tell the server\'s operator (the request id is in the server log).'
        : 'Gitea could not be reached. Try again in a moment.')
    }
    if (!result.ok) {
      refused('medium', 'not_in_allowed_orgs', { gitea_user: result.login })
      return html(reply, 403, messagePage('You may not use this server',
        `The Gitea account ${result.login} is not a member of any organisation allowed to use this server. Ask the server's operator for access, or sign in to Gitea with another account.`))
    }
    app.audit.record('oauth_sign_in', 'info', auditRequest(request), { outcome: 'success', method: 'gitea', key_id: result.accountId, gitea_user: result.login, client_id: clientId })
    return await finish(request, reply, { login: { accountId: result.accountId, remember: false } }, false)
  })
}
