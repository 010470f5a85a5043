import type { Redis } from 'ioredis'
import type { RedisConfig } from '../config.js'

/** Where shared state lives now: this process (no REDIS_URL), Redis, or this process while Redis is lost. */
export type StateStoreMode = 'memory' | 'redis' | 'degraded'

export interface HealthChange {
  healthy: boolean
  /** Why Redis is counted lost (never the URL or a password); null on recovery. */
  reason: string | null
  /** On recovery: milliseconds since the outage was announced. */
  downForMs: number | null
}

export type HealthListener = (change: HealthChange) => void

/**
 * The app's one Redis connection and what is known of its health. Every store
 * that can live in Redis (failure windows, rate limits, and later OAuth state)
 * uses `redis` when `usable()`, calls `failed()` when a command fails, and
 * falls back to this process's memory meanwhile. Listeners hear of each outage
 * once, when it starts, and once when it ends: for logs, audit, metrics, alerts.
 */
export interface StateStore {
  /** The one client of the app; null without REDIS_URL. */
  readonly redis: Redis | null
  /** `host:port` of REDIS_URL, for logs; null without it. */
  readonly host: string | null
  mode: () => StateStoreMode
  /** True when Redis is configured and believed up: use it. */
  usable: () => boolean
  /** A Redis command failed (down, timed out): the outage starts now unless it already has. */
  failed: (error: unknown) => void
  /** Calls `listener` on each change of health; returns a function that removes it. */
  onHealthChange: (listener: HealthListener) => () => void
  /** Resolves once connected, or after `timeoutMs` (an outage then, announced): start-up never hangs on Redis. */
  connected: (timeoutMs: number) => Promise<void>
  close: () => Promise<void>
}

export interface StateStoreOptions {
  redis: RedisConfig | null
  clock?: () => number
  /** While lost with the connection still open (commands timing out), how often to try a PING. */
  probeIntervalMs?: number
}

/**
 * Client settings so a request never waits on a dead Redis: nothing is queued
 * while disconnected, nothing retried, each command has half a second; the
 * client reconnects by itself, at most a second apart.
 */
export const REDIS_CLIENT_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 500,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(times * 100, 1000)
} as const

/** What an operator may read of an error: its code or class, never text that could carry the URL. */
function reasonOf (error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  return error instanceof Error ? error.name : 'unknown error'
}

export async function createStateStore (options: StateStoreOptions): Promise<StateStore> {
  const clock = options.clock ?? Date.now
  const listeners = new Set<HealthListener>()
  if (options.redis === null) {
    return {
      redis: null,
      host: null,
      mode: () => 'memory',
      usable: () => false,
      failed: () => {},
      onHealthChange: listener => { listeners.add(listener); return () => { listeners.delete(listener) } },
      connected: async () => {},
      close: async () => {}
    }
  }
  // Loaded only when used: it costs a server without REDIS_URL most of a second at start on a busy machine.
  const { Redis } = await import('ioredis')
  const redis = new Redis(options.redis.url, REDIS_CLIENT_OPTIONS)
  let healthy = false
  // Set when an outage was announced (the first connection failing counts): recovery is announced only after one.
  let downSince: number | null = null
  let probe: NodeJS.Timeout | null = null
  let closing = false

  function emit (change: HealthChange): void {
    for (const listener of listeners) listener(change)
  }

  function markDown (reason: string): void {
    healthy = false
    if (closing || downSince !== null) return
    downSince = clock()
    emit({ healthy: false, reason, downForMs: null })
    // A connection that stays open while commands fail raises no new 'ready': ping it until it answers.
    probe = setInterval(() => {
      if (redis.status !== 'ready') return
      redis.ping().then(markUp, () => {})
    }, options.probeIntervalMs ?? 1000)
    probe.unref()
  }

  function markUp (): void {
    healthy = true
    if (probe !== null) clearInterval(probe)
    probe = null
    if (downSince === null) return
    const downForMs = clock() - downSince
    downSince = null
    emit({ healthy: true, reason: null, downForMs })
  }

  redis.on('ready', markUp)
  redis.on('error', (error: unknown) => { markDown(reasonOf(error)) })
  redis.on('close', () => { markDown('connection closed') })

  return {
    redis,
    host: options.redis.host,
    mode: () => healthy ? 'redis' : 'degraded',
    usable: () => healthy,
    failed: error => { markDown(reasonOf(error)) },
    onHealthChange: listener => { listeners.add(listener); return () => { listeners.delete(listener) } },
    connected: async timeoutMs => {
      if (healthy || downSince !== null) return
      await new Promise<void>(resolve => {
        const done = (): void => {
          clearTimeout(timer)
          redis.off('ready', done)
          redis.off('error', done)
          resolve()
        }
        const timer = setTimeout(() => {
          done()
          markDown('no connection at start-up')
        }, timeoutMs)
        redis.once('ready', done)
        redis.once('error', done)
      })
    },
    close: async () => {
      closing = true
      if (probe !== null) clearInterval(probe)
      redis.disconnect()
    }
  }
}
