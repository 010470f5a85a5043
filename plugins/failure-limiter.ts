import fp from 'fastify-plugin'
import { createFailureLimiter, type FailureLimiter, type FailureStore, type Clock } from '../lib/failure-limiter.js'
import { errorBody } from '../lib/http-errors.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
    failureLimiter: FailureLimiter
  }
}

export interface FailureLimiterPluginOptions {
  store?: FailureStore
  clock?: Clock
}

/**
 * Refuses, with 429, every request from a client IP that has failed to
 * authenticate MAX_AUTH_FAILURES times within AUTH_FAILURE_WINDOW seconds,
 * before its credentials are even looked at. The auth plugin records failures.
 * Registered inside the /mcp scope only: public routes are never locked.
 */
export default fp<FailureLimiterPluginOptions>(async function failureLimiterPlugin (app, options) {
  const { maxFailures, failureWindowSeconds } = app.config.auth
  const limiter = createFailureLimiter({ maxFailures, windowSeconds: failureWindowSeconds, store: options.store, clock: options.clock })
  app.decorate('failureLimiter', limiter)

  app.addHook('onRequest', async (request, reply) => {
    const status = await limiter.status(request.ip)
    if (!status.locked) return
    app.audit.record('auth_blocked', 'medium', auditRequest(request), { retry_after_seconds: status.retryAfterSeconds })
    return reply
      .code(429)
      .header('retry-after', String(status.retryAfterSeconds))
      .send(errorBody('too_many_auth_failures', `Too many failed authentications from this address; try again in ${status.retryAfterSeconds} seconds with a valid key.`, request.id))
  })
}, { name: 'failure-limiter', dependencies: ['config', 'audit'] })
