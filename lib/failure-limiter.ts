/**
 * Counts failed authentications per client IP in a fixed window that starts at
 * the first failure. Once `maxFailures` are reached the IP is locked out until
 * that window ends. The counting lives behind FailureStore so a shared store
 * (Redis) can replace the in-memory one without touching the auth code.
 */

export interface FailureRecord {
  failures: number
  /** Epoch milliseconds when the window (and any lockout) ends. */
  resetAt: number
}

export interface FailureStore {
  /** The live record for `key`, or null when none or expired. */
  get (key: string, now: number): Promise<FailureRecord | null>
  /** Adds one failure, opening a window of `windowMs` when none is live. */
  increment (key: string, windowMs: number, now: number): Promise<FailureRecord>
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
  store?: FailureStore
  clock?: Clock
}

export interface FailureLimiter {
  status (ip: string): Promise<LockoutStatus>
  recordFailure (ip: string): Promise<FailureOutcome>
}

export function createFailureLimiter (options: FailureLimiterOptions): FailureLimiter {
  const store = options.store ?? createMemoryFailureStore()
  const clock = options.clock ?? Date.now
  const windowMs = options.windowSeconds * 1000

  return {
    async status (ip) {
      const now = clock()
      const record = await store.get(ip, now)
      if (record === null) return { locked: false, failures: 0, retryAfterSeconds: 0 }
      const locked = record.failures >= options.maxFailures
      const retryAfterSeconds = Math.max(1, Math.ceil((record.resetAt - now) / 1000))
      return { locked, failures: record.failures, retryAfterSeconds: locked ? retryAfterSeconds : 0 }
    },
    async recordFailure (ip) {
      const record = await store.increment(ip, windowMs, clock())
      return { failures: record.failures, lockedNow: record.failures === options.maxFailures }
    }
  }
}

/** Most IPs tracked at once; the oldest entry is dropped first so a flood of IPs cannot exhaust memory. */
const DEFAULT_MAX_ENTRIES = 10_000

export function createMemoryFailureStore (maxEntries = DEFAULT_MAX_ENTRIES): FailureStore {
  // A Map keeps insertion order: the first key is the oldest window.
  const records = new Map<string, FailureRecord>()

  function live (key: string, now: number): FailureRecord | null {
    const record = records.get(key)
    if (record === undefined) return null
    if (record.resetAt <= now) {
      records.delete(key)
      return null
    }
    return record
  }

  return {
    async get (key, now) {
      return live(key, now)
    },
    async increment (key, windowMs, now) {
      const record = live(key, now)
      if (record !== null) {
        record.failures += 1
        return { ...record }
      }
      if (records.size >= maxEntries) {
        const oldest = records.keys().next().value
        if (oldest !== undefined) records.delete(oldest)
      }
      const fresh = { failures: 1, resetAt: now + windowMs }
      records.set(key, fresh)
      return { ...fresh }
    }
  }
}
