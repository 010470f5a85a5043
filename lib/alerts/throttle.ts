// Per kind of alert, at most one message per period: the first occurrence is
// sent at once, later ones are counted, and when the period ends the count
// goes out as one summary. A flood sends a handful of messages, never one per event.

/** What `due` hands back: a kind whose period ended with occurrences held back. */
export interface Suppressed {
  kind: string
  count: number
}

export interface AlertThrottle {
  /**
   * One occurrence of `kind` at `now`: null when it is held back, else its
   * message goes now, with the number still held from before (to mention).
   */
  admit: (kind: string, now: number) => number | null
  /** The kinds whose period has ended with occurrences held back (their counts are reset: the summary is a message of the new period). */
  due: (now: number) => Suppressed[]
}

export function createAlertThrottle (periodMs: number): AlertThrottle {
  const kinds = new Map<string, { sentAt: number, held: number }>()
  return {
    admit (kind, now) {
      const state = kinds.get(kind)
      if (state === undefined || now - state.sentAt >= periodMs) {
        // Occurrences held from before that `due` has not reported yet ride along in this message.
        kinds.set(kind, { sentAt: now, held: 0 })
        return state?.held ?? 0
      }
      state.held++
      return null
    },
    due (now) {
      const out: Suppressed[] = []
      for (const [kind, state] of kinds) {
        if (state.held === 0 || now - state.sentAt < periodMs) continue
        out.push({ kind, count: state.held })
        state.held = 0
        state.sentAt = now
      }
      return out
    }
  }
}
