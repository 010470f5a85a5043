import type { Clock } from './failure-limiter.js'

/**
 * Turns a flood of refusals into a few audit lines: at most one line per key
 * per period, carrying how many refusals it stands for. The first refusal
 * writes a line at once (count 1); refusals in the period after it are only
 * counted, and the first refusal after the period writes the next line with
 * that count plus itself.
 */
export interface RefusalSummary {
  /** Notes one refusal; the count for a line to write now, or null to stay quiet. */
  note (key: string): number | null
}

export interface RefusalSummaryOptions {
  periodMs: number
  /** Keys remembered at once; when full, the key of the oldest line is forgotten (its next refusal writes a line early). */
  maxKeys?: number
  clock?: Clock
}

/** Plenty for real clients; a flood of more distinct keys only gets more lines, never more memory. */
export const DEFAULT_MAX_SUMMARY_KEYS = 10_000

interface Period {
  /** When this key's last line was written. */
  lineAt: number
  /** Refusals since that line. */
  quiet: number
}

export function createRefusalSummary (options: RefusalSummaryOptions): RefusalSummary {
  const clock = options.clock ?? Date.now
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_SUMMARY_KEYS
  // Insertion order is the order lines were written: the first entry is the oldest.
  const periods = new Map<string, Period>()

  // The first entries are the oldest lines, so ended periods are the first to go.
  function makeRoom (): void {
    for (const key of periods.keys()) {
      if (periods.size < maxKeys) return
      periods.delete(key)
    }
  }

  return {
    note (key) {
      const now = clock()
      const period = periods.get(key)
      if (period !== undefined && now - period.lineAt < options.periodMs) {
        period.quiet += 1
        return null
      }
      const count = (period?.quiet ?? 0) + 1
      periods.delete(key)
      makeRoom()
      periods.set(key, { lineAt: now, quiet: 0 })
      return count
    }
  }
}
