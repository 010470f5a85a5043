import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { lockoutKey } from '../lib/client-ip.js'
import { createFailureLimiter, type Clock, type FailureLimiter, type FailureStore } from '../lib/failure-limiter.js'
import { TooManyAuthFailuresError } from '../lib/errors.js'
import { createRefusalSummary } from '../lib/refusal-summary.js'
import { createFallbackFailureStore } from '../lib/stores/fallback-failure-store.js'
import { createMemoryFailureStore } from '../lib/stores/memory-failure-store.js'
import { createRedisFailureStore } from '../lib/stores/redis-failure-store.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
    failureLimiter: FailureLimiter
  }
}

export interface FailureLimiterPluginOptions {
  /** Where failure windows live; this process's memory when unset. */
  store?: FailureStore
  clock?: Clock
}

/** A locked-out client's refusals are audited at most once per this period, with their count. */
const BLOCKED_AUDIT_PERIOD_MS = 60_000

/**
 * The failure store of every place a key is presented (a bearer key at /mcp, the OAuth sign-in
 * page): with REDIS_URL shared by every replica, in this process's memory while Redis is lost;
 * in memory without it.
 */
export function createFailureStore (app: FastifyInstance, clock?: Clock): FailureStore {
  const memory = (): FailureStore => createMemoryFailureStore({
    clock,
    onFull: locks => { app.log.warn({ locks }, 'failure store full of locked clients: failures from new addresses are not counted until locks expire') }
  })
  const { redis } = app.stateStore
  if (redis !== null) return createFallbackFailureStore(createRedisFailureStore(redis), memory(), app.stateStore)
  // Memory cannot fail; Redis reports its own health (plugins/state-store.ts).
  app.signals.emit('storeHealth', { store: 'memory', up: true })
  return memory()
}

/**
 * Refuses, with 429, every request from a client that has failed to
 * authenticate MAX_AUTH_FAILURES times within AUTH_FAILURE_WINDOW seconds,
 * before its credentials are even looked at. The auth plugin records failures.
 * Registered inside the /mcp scope only: public routes are never locked.
 */
export default fp<FailureLimiterPluginOptions>(async function failureLimiterPlugin (app, options) {
  const { maxFailures, failureWindowSeconds } = app.config.auth
  const store = options.store ?? createFailureStore(app, options.clock)
  const limiter = createFailureLimiter({ maxFailures, windowSeconds: failureWindowSeconds, store })
  app.decorate('failureLimiter', limiter)
  const refusals = createRefusalSummary({ periodMs: BLOCKED_AUDIT_PERIOD_MS, clock: options.clock })

  app.addHook('onRequest', async (request, reply) => {
    const status = await limiter.status(request.clientIp)
    if (!status.locked) return
    const count = refusals.note(lockoutKey(request.clientIp))
    if (count !== null) {
      app.audit.record('auth_blocked', 'medium', auditRequest(request), { retry_after_seconds: status.retryAfterSeconds, count })
    }
    reply.header('retry-after', String(status.retryAfterSeconds))
    throw new TooManyAuthFailuresError(`Too many failed authentications from this address; try again in ${status.retryAfterSeconds} seconds with a valid key.`)
  })
}, { fastify: '5.x', name: 'failure-limiter', dependencies: ['config', 'audit', 'client-ip', 'signals', 'state-store'] })
