import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Clock, FailureStore } from '../../lib/failure-limiter.js'
import type { GiteaClient } from '../../lib/gitea/types.js'
import { NotFoundError, RateLimitedError } from '../../lib/errors.js'
import { fallbackRateLimitStore } from '../../lib/stores/rate-limit-store.js'
import { createBatchGuard } from './batch.js'
import authPlugin from '../../plugins/auth.js'
import failureLimiterPlugin from '../../plugins/failure-limiter.js'
import giteaToolsPlugin from '../../plugins/gitea-tools.js'
import hostOriginPlugin from '../../plugins/host-origin.js'
import sseRoutes from './sse.js'
import streamableRoutes from './streamable.js'
import toolRoutes from './tools.js'

/** Redis keys of the per-key rate limit: `aegis:rate:<key id>`. */
const RATE_LIMIT_NAMESPACE = 'aegis:rate:'

export interface McpScopeOptions {
  /** For tests: a Gitea client instead of one built from GITEA_URL. */
  gitea?: GiteaClient
  failureStore?: FailureStore
  clock?: Clock
}

/**
 * Everything under /mcp, in its own encapsulated scope so its hooks never touch
 * the public routes. Order matters: lockout check, then Origin and bearer key
 * (all in onRequest, before any body is parsed), then the per-key rate limit.
 * The Gitea tools (client and runner) live here too: only an authenticated
 * request reaches them.
 */
export default async function mcpScope (app: FastifyInstance, options: McpScopeOptions): Promise<void> {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', 'no-store')
    done()
  })
  await app.register(failureLimiterPlugin, { store: options.failureStore, clock: options.clock })
  await app.register(hostOriginPlugin)
  await app.register(authPlugin)
  await app.register(giteaToolsPlugin, { gitea: options.gitea })

  const perMinute = app.config.auth.rateLimitPerMinute
  const { redis } = app.stateStore
  if (perMinute > 0) {
    await app.register(rateLimit, {
      // With REDIS_URL, counted in Redis (shared by every replica), in memory while Redis is lost.
      ...(redis === null ? {} : { store: fallbackRateLimitStore(redis, app.stateStore, RATE_LIMIT_NAMESPACE) }),
      global: true,
      max: perMinute,
      timeWindow: 60_000,
      // Per key; per client IP only while auth is off.
      keyGenerator: request => request.keyId ?? request.clientIp,
      errorResponseBuilder: (_request, context) =>
        new RateLimitedError(`This key may make ${perMinute} requests a minute; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`)
    })
  }

  // Inside the scope, so unknown /mcp/* paths pass the auth hooks first:
  // 401 without a valid key, never a 404 that reveals routing.
  app.setNotFoundHandler(async () => {
    throw new NotFoundError('No such MCP route. POST /mcp is the MCP endpoint; GET /mcp/tools lists the tools.')
  })

  await app.register(streamableRoutes, { guardBatch: createBatchGuard(app, perMinute) })
  await app.register(toolRoutes)
  await app.register(sseRoutes)
}
