import { DAY_MS } from './dates.js'

export type AgeStatus = 'ok' | 'warning' | 'critical' | 'expired'

/** What check-age needs of a key, from a metadata file or a keys-file line. */
export interface AgeInput {
  keyId: string
  description: string
  createdAt: Date | null
  expiresAt: Date | null
  /** What the key is narrowed to, as written; absent: not narrowed. */
  repos?: readonly string[]
  toolsets?: readonly string[]
}

export interface KeyAge extends AgeInput {
  status: AgeStatus
  /** Whole days since creation; null when the creation date is unknown. */
  ageDays: number | null
  /** Days until expiry, rounded (negative once expired); null when the key never expires. */
  daysLeft: number | null
}

export interface AgeReport {
  /** The worst status of any key. */
  status: AgeStatus
  /** 0 all fine, 1 warning, 2 critical, 3 expired: the worst case wins. */
  exitCode: 0 | 1 | 2 | 3
  keys: KeyAge[]
}

export interface AgeThresholds {
  now: Date
  /** A key expiring within this many days is a warning. */
  warnDays: number
  /** A key expiring within this many days is critical. */
  criticalDays: number
}

const RANK: Record<AgeStatus, 0 | 1 | 2 | 3> = { ok: 0, warning: 1, critical: 2, expired: 3 }

export function keyStatus (expiresAt: Date | null, { now, warnDays, criticalDays }: AgeThresholds): AgeStatus {
  if (expiresAt === null) return 'ok'
  const left = expiresAt.getTime() - now.getTime()
  if (left <= 0) return 'expired'
  if (left <= criticalDays * DAY_MS) return 'critical'
  if (left <= warnDays * DAY_MS) return 'warning'
  return 'ok'
}

/** Each key's age and expiry, soonest expiry first, and the exit code for cron. */
export function checkAges (keys: readonly AgeInput[], thresholds: AgeThresholds): AgeReport {
  const { now } = thresholds
  const results = keys.map((key): KeyAge => ({
    ...key,
    status: keyStatus(key.expiresAt, thresholds),
    ageDays: key.createdAt === null ? null : Math.floor((now.getTime() - key.createdAt.getTime()) / DAY_MS),
    daysLeft: key.expiresAt === null ? null : Math.round((key.expiresAt.getTime() - now.getTime()) / DAY_MS)
  }))
  results.sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) || a.keyId.localeCompare(b.keyId))
  const exitCode = results.reduce<0 | 1 | 2 | 3>((worst, key) => Math.max(worst, RANK[key.status]) as 0 | 1 | 2 | 3, 0)
  const status = (Object.keys(RANK) as AgeStatus[]).find(name => RANK[name] === exitCode) ?? 'ok'
  return { status, exitCode, keys: results }
}
