import { pino, type DestinationStream, type Logger } from 'pino'

export type Severity = 'info' | 'medium' | 'high'

export type AuditEvent =
  | 'auth_success'
  | 'auth_failure'
  | 'auth_lockout'
  | 'auth_blocked'
  | 'auth_disabled'
  | 'origin_rejected'
  | 'host_rejected'
  | 'tool_call'
  | 'repo_denied'
  | 'server_start'
  | 'server_stop'
  | 'keys_reloaded'
  | 'keys_reload_failed'

/** The request fields every audit record carries; all null on records of no request. */
export interface AuditRequest {
  request_id: string | null
  client_ip: string | null
  user_agent: string | null
  method: string | null
  path: string | null
}

export const NO_REQUEST: AuditRequest = { request_id: null, client_ip: null, user_agent: null, method: null, path: null }

export interface AuditLog {
  record (event: AuditEvent, severity: Severity, request: AuditRequest, fields?: Record<string, unknown>): void
  /** Reopens the file (after logrotate moved it). */
  reopen (): void
  /** Writes out what is buffered; call before exit. */
  flush (): void
}

export interface AuditLogOptions {
  /** A file path (its directory is created), or '-' for standard output. */
  path: string
  /** For tests: where the lines go instead of `path`. */
  stream?: DestinationStream
}

export function createAuditLog (options: AuditLogOptions): AuditLog {
  const destination = options.stream ?? openDestination(options.path)
  const logger: Logger<Severity> = pino<Severity>({
    base: null,
    // The audit severities are pino levels, written as `severity` with the contract's `timestamp`.
    customLevels: { info: 30, medium: 40, high: 50 },
    useOnlyCustomLevels: true,
    level: 'info',
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ severity: label }) },
    // Defence in depth: audit records are built from chosen fields only, but a
    // header or token must never reach the file even if one slips in.
    redact: { paths: ['authorization', 'headers.authorization', 'token', 'key', '*.authorization', '*.token', '*.key'], censor: '[REDACTED]' }
  }, destination)
  const sonic = destination as DestinationStream & { reopen?: () => void, flushSync?: () => void }

  return {
    record (event, severity, request, fields = {}) {
      logger[severity]({ event, ...request, ...fields })
    },
    reopen () {
      // Standard output has no file to reopen.
      if (options.stream === undefined && options.path !== '-') sonic.reopen?.()
    },
    flush () {
      sonic.flushSync?.()
    }
  }
}

// Synchronous writes: a record is on disk before the response it describes is
// sent, so a crash loses no audit line. One small append per record is cheap.
function openDestination (path: string): DestinationStream {
  if (path === '-') return pino.destination({ dest: 1, sync: true })
  return pino.destination({ dest: path, mkdir: true, sync: true, append: true })
}

/** Tool arguments as audited: names with scalar values only (long strings cut), never nested data. */
export function auditArguments (args: unknown): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return out
  for (const [name, value] of Object.entries(args).slice(0, 20)) {
    const key = name.slice(0, 64)
    if (typeof value === 'string') out[key] = value.length > 200 ? `${value.slice(0, 200)}...` : value
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value
    else out[key] = Array.isArray(value) ? '[array]' : '[object]'
  }
  return out
}
