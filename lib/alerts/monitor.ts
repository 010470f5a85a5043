import type { GiteaObservation } from '../gitea/transport.js'
import type { AuditSignal, StoreHealth } from '../signals.js'
import { createAlertThrottle } from './throttle.js'

// Decides which events are worth a message to the operator, and words them.
// Pure logic: plugins/alerts.ts feeds it the app's signals and sends what it
// says. Messages name client IPs, key ids, counts and hosts; never a key, a
// key hint, a token or a URL.

/** At least this many failed authentications (all clients together) within BURST_WINDOW_MS is a burst. */
export const BURST_FAILURES = 20
export const BURST_WINDOW_MS = 60_000
/** Per kind, at most one message in this period; what is held back goes out as one count when it ends. */
export const ALERT_PERIOD_MS = 5 * 60_000
/** Gitea is called unreachable after failing (no success in between) for this long. */
export const GITEA_DOWN_AFTER_MS = 60_000
/** Failures further apart than this do not make one outage. */
const GITEA_STREAK_GAP_MS = 5 * 60_000

/** Outcomes that mean Gitea did not serve (as opposed to a 404 or a bad argument, which it answered). */
const GITEA_DOWN_OUTCOMES = new Set<GiteaObservation['outcome']>(['gitea_unreachable', 'gitea_timeout', 'gitea_error'])

/** What each kind counts, for the summary of held-back occurrences. */
const COUNTED: Record<string, string> = {
  auth_failure_burst: 'failed authentications',
  auth_lockout: 'lockouts',
  gitea_unreachable: 'Gitea outage alerts',
  gitea_recovered: 'Gitea recoveries',
  state_store_down: 'state store failures',
  state_store_up: 'state store recoveries'
}

export interface AlertMonitorOptions {
  /** Where a message goes (fire-and-forget). */
  send: (kind: string, text: string) => void
  clock?: () => number
  burstFailures?: number
}

export interface AlertMonitor {
  audit: (signal: AuditSignal) => void
  gitea: (observation: GiteaObservation) => void
  storeHealth: (health: StoreHealth) => void
  /** Any other alert (`kind` is a short snake_case name), rate-limited like the rest. */
  notify: (kind: string, text: string) => void
  /** Sends the counts of what was held back in periods that have ended; call now and then. */
  flushDue: () => void
}

export function createAlertMonitor (options: AlertMonitorOptions): AlertMonitor {
  const clock = options.clock ?? Date.now
  const burstFailures = options.burstFailures ?? BURST_FAILURES
  const throttle = createAlertThrottle(ALERT_PERIOD_MS)
  const minutes = ALERT_PERIOD_MS / 60_000

  function raise (kind: string, text: string): void {
    const held = throttle.admit(kind, clock())
    if (held === null) return
    options.send(kind, held > 0 ? `${text} (and ${held} more ${counted(kind)} before this one)` : text)
  }

  // The last `burstFailures` failures, oldest first: a bounded ring, whatever the flood.
  const failures: Array<{ at: number, ip: string }> = []
  function authFailure (ip: string): void {
    const now = clock()
    failures.push({ at: now, ip })
    if (failures.length > burstFailures) failures.shift()
    const oldest = failures[0]
    if (failures.length < burstFailures || oldest === undefined || now - oldest.at > BURST_WINDOW_MS) return
    raise('auth_failure_burst', `${failures.length} failed authentications within ${Math.max(1, Math.ceil((now - oldest.at) / 1000))} s ${fromAddresses(failures.map(f => f.ip))}. Each address is locked out after its own MAX_AUTH_FAILURES; the audit log has the details.`)
  }

  let outage: { since: number, last: number, failures: number, alerted: boolean } | null = null
  const stores = new Map<string, boolean>()

  return {
    audit (signal) {
      const ip = signal.request.client_ip ?? 'unknown'
      if (signal.event === 'auth_failure' && signal.fields.reason !== 'missing_header') authFailure(ip)
      if (signal.event === 'auth_lockout') {
        const failuresCount = numberField(signal.fields.failures)
        const window = numberField(signal.fields.window_seconds)
        raise('auth_lockout', `Client ${ip} is locked out after ${failuresCount ?? 'too many'} failed authentications${window === null ? '' : ` (for up to ${window} s)`}.`)
      }
    },
    gitea (observation) {
      const now = clock()
      if (!GITEA_DOWN_OUTCOMES.has(observation.outcome)) {
        if (observation.outcome === 'aborted') return
        if (outage?.alerted === true) raise('gitea_recovered', `Gitea answers again, after ${seconds(now - outage.since)} s and ${outage.failures} failed requests.`)
        outage = null
        return
      }
      if (outage === null || now - outage.last > GITEA_STREAK_GAP_MS) outage = { since: now, last: now, failures: 0, alerted: false }
      outage.failures++
      outage.last = now
      if (!outage.alerted && outage.failures >= 2 && now - outage.since >= GITEA_DOWN_AFTER_MS) {
        outage.alerted = true
        raise('gitea_unreachable', `Gitea has not answered for ${seconds(now - outage.since)} s: ${outage.failures} requests failed (unreachable, timed out or 5xx). Tools fail and /ready says not ready until it answers.`)
      }
    },
    storeHealth (health) {
      const was = stores.get(health.store)
      stores.set(health.store, health.up)
      if (!health.up && was !== false) raise('state_store_down', `The ${health.store} state store is unreachable: lockout and rate limits fall back to this replica's memory until it is back.`)
      if (health.up && was === false) raise('state_store_up', `The ${health.store} state store is reachable again.`)
    },
    notify (kind, text) {
      raise(kind, text)
    },
    flushDue () {
      for (const { kind, count } of throttle.due(clock())) {
        options.send(kind, `${count} more ${counted(kind)} in the last ${minutes} minutes.`)
      }
    }
  }
}

function counted (kind: string): string {
  return COUNTED[kind] ?? `"${kind}" alerts`
}

function seconds (ms: number): number {
  return Math.round(ms / 1000)
}

function numberField (value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** "from 7 addresses (most: 203.0.113.7 ×5, …)": the top three. */
function fromAddresses (ips: string[]): string {
  const counts = new Map<string, number>()
  for (const ip of ips) counts.set(ip, (counts.get(ip) ?? 0) + 1)
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([ip, n]) => `${ip} ×${n}`)
  return counts.size === 1 ? `from ${top[0] ?? ''}` : `from ${counts.size} addresses (most: ${top.join(', ')})`
}
