import type { Clock, FailureCount, FailureStore } from '../failure-limiter.js'

/** Most clients below the limit tracked at once; beyond it the oldest such counter is forgotten. */
export const DEFAULT_MAX_COUNTERS = 10_000
/**
 * Most locked clients held at once (about 20 MB at worst). Locks are never
 * forgotten before their window ends; while this many are held, failures
 * from clients not yet tracked are not counted (see createMemoryFailureStore).
 */
export const DEFAULT_MAX_LOCKS = 100_000

export interface MemoryFailureStoreOptions {
  clock?: Clock
  maxCounters?: number
  maxLocks?: number
  /** Called when the store fills with locks and starts refusing new counters (once per episode). */
  onFull?: (locks: number) => void
}

interface Window {
  count: number
  /** Epoch milliseconds when the window ends. */
  endsAt: number
}

/** How often at most a full store looks through every lock for ended windows. */
const FULL_SWEEP_INTERVAL_MS = 1000

/**
 * Failure windows in this process's memory, bounded. Counters below the limit
 * live in one Map and locks in another, so a flood of failures from new
 * addresses pushes out only the oldest counters, never a lock: a locked client
 * stays locked until its window ends whatever else arrives.
 *
 * When locks alone fill `maxLocks`, a failure from a client that has no live
 * window is not counted (increment answers null) until locks expire; clients
 * already counting go on to their lock. The other choice, refusing every new
 * client, would hand whoever holds that many addresses a lockout of everyone;
 * a key of 256 random bits needs no lockout to resist guessing, so counting
 * stops instead, and `onFull` lets the operator know.
 */
export function createMemoryFailureStore (options: MemoryFailureStoreOptions = {}): FailureStore {
  const clock = options.clock ?? Date.now
  const maxCounters = options.maxCounters ?? DEFAULT_MAX_COUNTERS
  const maxLocks = options.maxLocks ?? DEFAULT_MAX_LOCKS
  // Maps keep insertion order: counters by first failure (so by end of window),
  // locks by the time they locked (close to it).
  const counters = new Map<string, Window>()
  const locks = new Map<string, Window>()
  let full = false
  let lastFullSweep = -Infinity

  function live (map: Map<string, Window>, key: string, now: number): Window | null {
    const window = map.get(key)
    if (window === undefined) return null
    if (window.endsAt <= now) {
      map.delete(key)
      return null
    }
    return window
  }

  function dropEndedFront (map: Map<string, Window>, now: number): void {
    for (const [key, window] of map) {
      if (window.endsAt > now) return
      map.delete(key)
    }
  }

  function locksFull (now: number): boolean {
    dropEndedFront(locks, now)
    if (locks.size >= maxLocks && now - lastFullSweep >= FULL_SWEEP_INTERVAL_MS) {
      lastFullSweep = now
      for (const [key, window] of locks) if (window.endsAt <= now) locks.delete(key)
    }
    return locks.size >= maxLocks
  }

  /** Makes room for one more counter; false when locks fill the store. */
  function roomForCounter (now: number): boolean {
    if (locksFull(now)) {
      if (!full) options.onFull?.(locks.size)
      full = true
      return false
    }
    full = false
    dropEndedFront(counters, now)
    if (counters.size >= maxCounters) {
      const oldest = counters.keys().next().value
      if (oldest !== undefined) counters.delete(oldest)
    }
    return true
  }

  function view (window: Window, now: number): FailureCount {
    return { count: window.count, ttlMs: window.endsAt - now }
  }

  return {
    async read (key) {
      const now = clock()
      const window = live(locks, key, now) ?? live(counters, key, now)
      return window === null ? null : view(window, now)
    },
    async increment (key, windowMs, limit) {
      const now = clock()
      const lock = live(locks, key, now)
      if (lock !== null) {
        lock.count += 1
        return view(lock, now)
      }
      let counter = live(counters, key, now)
      if (counter === null) {
        if (!roomForCounter(now)) return null
        counter = { count: 0, endsAt: now + windowMs }
        counters.set(key, counter)
      }
      counter.count += 1
      if (counter.count >= limit) {
        counters.delete(key)
        locks.set(key, counter)
      }
      return view(counter, now)
    }
  }
}
