import { lockoutKey } from './client-ip.js'

/**
 * Counts failed authentications per client in a fixed window that starts at
 * the first failure. Once `maxFailures` are reached the client is locked out
 * until that window ends. The counts live behind FailureStore, so a shared
 * store (Redis) can replace the in-memory one without touching the auth code.
 */

/** A client's failures in its current window. */
export interface FailureCount {
  count: number
  /** Milliseconds until the window (and any lockout) ends. */
  ttlMs: number
}

/**
 * Where failure windows live. Each operation is one atomic step of a key-value
 * store with expiry, so a Redis implementation maps 1:1:
 * - increment: `MULTI; INCR key; PEXPIRE key windowMs NX; PTTL key; EXEC`
 *   (PEXPIRE NX sets the expiry only on the first failure: the window is fixed);
 * - read: `MULTI; GET key; PTTL key; EXEC`.
 */
export interface FailureStore {
  /**
   * Adds one failure, opening a window of `windowMs` when none is live.
   * `limit` is the count at which the key is locked; a store may use it to
   * decide what it can forget (as @fastify/rate-limit's stores get `max`).
   * Null when the store could not count it (the memory store, full of locks).
   */
  increment (key: string, windowMs: number, limit: number): Promise<FailureCount | null>
  /** The live count for `key`, or null when none or expired. */
  read (key: string): Promise<FailureCount | null>
}

export type Clock = () => number

export interface LockoutStatus {
  locked: boolean
  failures: number
  /** Whole seconds until the window ends, at least 1 while locked. */
  retryAfterSeconds: number
}

export interface FailureOutcome {
  failures: number
  /** True for exactly the failure that reached the limit: audit the lockout once. */
  lockedNow: boolean
}

export interface FailureLimiterOptions {
  maxFailures: number
  windowSeconds: number
  store: FailureStore
}

export interface FailureLimiter {
  /** `address` is a client address; IPv6 ones are counted per /64 (see lockoutKey). */
  status (address: string): Promise<LockoutStatus>
  recordFailure (address: string): Promise<FailureOutcome>
}

export function createFailureLimiter (options: FailureLimiterOptions): FailureLimiter {
  const { store, maxFailures } = options
  const windowMs = options.windowSeconds * 1000

  return {
    async status (address) {
      const record = await store.read(lockoutKey(address))
      if (record === null) return { locked: false, failures: 0, retryAfterSeconds: 0 }
      const locked = record.count >= maxFailures
      const retryAfterSeconds = locked ? Math.max(1, Math.ceil(record.ttlMs / 1000)) : 0
      return { locked, failures: record.count, retryAfterSeconds }
    },
    async recordFailure (address) {
      const record = await store.increment(lockoutKey(address), windowMs, maxFailures)
      if (record === null) return { failures: 0, lockedNow: false }
      return { failures: record.count, lockedNow: record.count === maxFailures }
    }
  }
}
