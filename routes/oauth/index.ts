import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FailureStore } from '../../lib/failure-limiter.js'
import { OAUTH_RETRY_AFTER_SECONDS, OAUTH_UNAVAILABLE_MESSAGE, OAuthUnavailableError, RateLimitedError } from '../../lib/errors.js'
import { authorizationServerMetadata, OAUTH_ROUTES, PROTECTED_RESOURCE_METADATA_PATH, protectedResourceMetadata } from '../../lib/oauth/metadata.js'
import { hijackWithHeaders } from '../mcp/hijack.js'
import interactionRoutes from './interaction.js'

export interface OAuthRoutesOptions {
  failureStore: FailureStore
  /** Registrations one client IP may make a minute (DCR is open, so it is limited). */
  registrationsPerMinute?: number
}

/**
 * Every public OAuth route, only while OAUTH_ENABLED=true (otherwise they are
 * unknown routes, 404): the discovery documents, oidc-provider's endpoints
 * (the raw request handed over untouched, body unread) and the sign-in and
 * consent pages.
 */
export default async function oauthRoutes (app: FastifyInstance, options: OAuthRoutesOptions): Promise<void> {
  const { publicUrl } = app.config
  const publicOrigin = new URL(publicUrl)

  // oidc-provider builds its URLs and cookie flags from the request as a proxy forwarded it:
  // pin them to PUBLIC_URL, so no client can choose the host or scheme the server names.
  app.addHook('onRequest', async (request, reply) => {
    request.raw.headers['x-forwarded-proto'] = publicOrigin.protocol.slice(0, -1)
    request.raw.headers['x-forwarded-host'] = publicOrigin.host
    reply.header('cache-control', 'no-store')
  })

  const resourceMetadata = protectedResourceMetadata(publicUrl)
  const serverMetadata = authorizationServerMetadata(publicUrl)
  const publicJson = (document: Record<string, unknown>) => async (_request: FastifyRequest, reply: FastifyReply) => {
    // Metadata may be cached and read cross-origin (browser-based clients read it).
    reply.header('cache-control', 'public, max-age=300')
    reply.header('access-control-allow-origin', '*')
    return document
  }
  app.get(`${PROTECTED_RESOURCE_METADATA_PATH}/mcp`, publicJson(resourceMetadata))
  app.get(PROTECTED_RESOURCE_METADATA_PATH, publicJson(resourceMetadata))
  app.get('/.well-known/oauth-authorization-server', publicJson(serverMetadata))

  await app.register(async function statefulRoutes (scope) {
    // Every endpoint below reads or writes OAuth state; with it in Redis and Redis lost there is
    // no safe answer but "later" (the documents above are static and stay served).
    scope.addHook('onRequest', async (_request, reply) => {
      if (app.oauth.stateReachable()) return
      reply.header('retry-after', String(OAUTH_RETRY_AFTER_SECONDS))
      throw new OAuthUnavailableError(OAUTH_UNAVAILABLE_MESSAGE)
    })
    await scope.register(providerRoutes, { registrationsPerMinute: options.registrationsPerMinute ?? 20 })
    await scope.register(interactionRoutes, { failureStore: options.failureStore })
  })
}

/** oidc-provider's own endpoints, each handed the raw request and response. */
async function providerRoutes (app: FastifyInstance, options: { registrationsPerMinute: number }): Promise<void> {
  const callback = app.oauth.provider.callback()
  // The provider reads the body itself: Fastify must leave the stream unread.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, _payload, done) => { done(null) })

  await app.register(rateLimit, {
    global: false,
    keyGenerator: request => request.clientIp,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`Too many client registrations from this address; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`)
  })

  const handOver = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    app.oauth.track(request)
    hijackWithHeaders(reply)
    callback(request.raw, reply.raw)
  }
  app.route({ method: 'GET', url: OAUTH_ROUTES.authorization, handler: handOver })
  app.route({ method: 'GET', url: `${OAUTH_ROUTES.authorization}/:uid`, handler: handOver })
  app.route({ method: 'POST', url: OAUTH_ROUTES.token, handler: handOver })
  app.route({ method: 'POST', url: OAUTH_ROUTES.revocation, handler: handOver })
  app.route({ method: 'GET', url: OAUTH_ROUTES.jwks, handler: handOver })
  app.route({
    method: 'POST',
    url: OAUTH_ROUTES.registration,
    config: { rateLimit: { max: options.registrationsPerMinute, timeWindow: 60_000 } },
    handler: handOver
  })
  app.route({ method: 'GET', url: '/.well-known/openid-configuration', handler: handOver })
}
