import { createRequire } from 'node:module'
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Redis } from 'ioredis'
import type { StateStore } from './state-store.js'

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void

/** @fastify/rate-limit's own stores (its RedisStore is the one its `redis:` option builds). */
interface CallbackStore {
  incr: (key: string, callback: Callback, timeWindow: number, max: number) => void
  read: (key: string, callback: Callback, timeWindow: number, max: number) => void
}

const require = createRequire(import.meta.url)
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => CallbackStore
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => CallbackStore

/**
 * A store for @fastify/rate-limit's `store` option: its own Redis store (keys
 * `<nameSpace><key>`, shared by every replica) while the state store is usable,
 * its own in-memory store while Redis is lost, so a key keeps a limit (per
 * replica) rather than none. Counts do not move between the two: when Redis
 * comes back, counting goes on from what Redis holds.
 */
export function fallbackRateLimitStore (redis: Redis, state: Pick<StateStore, 'usable' | 'failed'>, nameSpace: string): FastifyRateLimitStoreCtor {
  class FallbackRateLimitStore implements FastifyRateLimitStore {
    private readonly shared: CallbackStore
    private readonly local: CallbackStore

    // The plugin passes its merged settings, which hold these beside FastifyRateLimitOptions.
    constructor (options: FastifyRateLimitOptions, prefix = nameSpace) {
      const settings = options as FastifyRateLimitOptions & { continueExceeding?: boolean, exponentialBackoff?: boolean, cache?: number }
      const continueExceeding = settings.continueExceeding ?? false
      const exponentialBackoff = settings.exponentialBackoff ?? false
      this.shared = new RedisStore(continueExceeding, exponentialBackoff, redis, prefix)
      this.local = new LocalStore(continueExceeding, exponentialBackoff, settings.cache)
    }

    private run (method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number): void {
      if (!state.usable()) {
        this.local[method](key, callback, timeWindow, max)
        return
      }
      this.shared[method](key, (error, result) => {
        if (error === null || error === undefined) {
          callback(null, result)
          return
        }
        state.failed(error)
        this.local[method](key, callback, timeWindow, max)
      }, timeWindow, max)
    }

    incr (key: string, callback: Callback, timeWindow: number, max: number): void {
      this.run('incr', key, callback, timeWindow, max)
    }

    read (key: string, callback: Callback, timeWindow: number, max: number): void {
      this.run('read', key, callback, timeWindow, max)
    }

    // A route with its own rateLimit config counts apart, under its method and URL (as RedisStore's child does).
    child (routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      return new FallbackRateLimitStore(routeOptions as FastifyRateLimitOptions, `${nameSpace}${routeOptions.method.toString()}${routeOptions.url}-`)
    }
  }
  return FallbackRateLimitStore
}
