import type { AuditEvent, AuditLog, AuditRequest, Severity } from './audit-log.js'
import type { GiteaObservation } from './gitea/transport.js'

// What the running service tells its observers (metrics, alerts), in one
// place: each part emits what it knows, and no part knows who listens. Pure
// logic: plugins/signals.ts puts one hub on the app.

/** One audit record, as written. */
export interface AuditSignal {
  event: AuditEvent
  severity: Severity
  request: AuditRequest
  fields: Record<string, unknown>
}

/** How a search_code lookup was answered: from a kept index, or by reading the repository. */
export type CodeCacheLookup = 'hit' | 'miss'

/** Whether a state store (the failure store: `memory`, later `redis`) is usable. */
export interface StoreHealth {
  store: string
  up: boolean
}

/** One alert message handed to the webhook: delivered (2xx) or not (error, timeout, other status). */
export type AlertDelivery = 'delivered' | 'failed'

export interface SignalMap {
  audit: AuditSignal
  gitea: GiteaObservation
  codeCache: CodeCacheLookup
  storeHealth: StoreHealth
  alertDelivery: AlertDelivery
}

export type SignalListener<K extends keyof SignalMap> = (signal: SignalMap[K]) => void

export interface Signals {
  /** Calls `listener` with every later signal of `kind`; returns what stops it. */
  on: <K extends keyof SignalMap>(kind: K, listener: SignalListener<K>) => () => void
  /** Tells every listener, synchronously; a listener that throws is reported and skipped, never the emitter's problem. */
  emit: <K extends keyof SignalMap>(kind: K, signal: SignalMap[K]) => void
  /** The last health each store reported. */
  storeHealth: () => StoreHealth[]
}

export function createSignals (onListenerError: (error: unknown, kind: keyof SignalMap) => void = () => {}): Signals {
  const listeners = new Map<keyof SignalMap, Set<(signal: never) => void>>()
  const stores = new Map<string, StoreHealth>()
  return {
    on (kind, listener) {
      let set = listeners.get(kind)
      if (set === undefined) {
        set = new Set()
        listeners.set(kind, set)
      }
      const added = listener as (signal: never) => void
      set.add(added)
      return () => { set.delete(added) }
    },
    emit (kind, signal) {
      if (kind === 'storeHealth') {
        const health = signal as StoreHealth
        stores.set(health.store, { ...health })
      }
      for (const listener of listeners.get(kind) ?? []) {
        try {
          (listener as (value: typeof signal) => void)(signal)
        } catch (error) {
          onListenerError(error, kind)
        }
      }
    },
    storeHealth () {
      return [...stores.values()].map(health => ({ ...health }))
    }
  }
}

/**
 * Makes `audit` emit every record it writes, after writing it (one written
 * soon: as it is queued). The audit log stays the one place events are
 * decided; observers see exactly what it writes.
 */
export function tapAudit (audit: AuditLog, signals: Signals): void {
  const record = audit.record.bind(audit)
  audit.record = (event, severity, request, fields = {}) => {
    record(event, severity, request, fields)
    signals.emit('audit', { event, severity, request, fields })
  }
  const recordSoon = audit.recordSoon.bind(audit)
  audit.recordSoon = (event, severity, request, fields = {}) => {
    recordSoon(event, severity, request, fields)
    signals.emit('audit', { event, severity, request, fields })
  }
}
