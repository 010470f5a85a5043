import { createHash } from 'node:crypto'
import { appendFileSync, chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pino, type DestinationStream, type Logger } from 'pino'
import { AuditChain, GENESIS_HASH } from './audit-chain.js'

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
  | 'oauth_client_registered'
  | 'oauth_sign_in'
  | 'oauth_consent'
  | 'oauth_token'
  | 'state_store_degraded'
  | 'state_store_recovered'

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
  /** Writes the record now (after any pending ones, so lines keep the order they were recorded in). */
  record (event: AuditEvent, severity: Severity, request: AuditRequest, fields?: Record<string, unknown>): void
  /**
   * Writes the record on the event loop's next turn, stamped with the time of
   * this call: by then the request it belongs to has usually asked Gitea and
   * waits, so the write costs it no time. It is written before any later
   * record, before the answer (writePending(), which the routes that use this
   * call before answering) and at flush().
   */
  recordSoon (event: AuditEvent, severity: Severity, request: AuditRequest, fields?: Record<string, unknown>): void
  /** Writes the records recordSoon() queued, now. */
  writePending (): void
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
  /** Told (once per file or directory) when an existing one is readable by others, or its last line is cut short; the server's log. */
  warn?: (message: string, details: { path: string, mode?: string }) => void
  /** For tests: the time a record is written. */
  now?: () => Date
}

/** Audit lines name clients, keys and what they read: for the server's user alone, whatever the umask. */
export const AUDIT_FILE_MODE = 0o600
export const AUDIT_DIRECTORY_MODE = 0o700

export function createAuditLog (options: AuditLogOptions): AuditLog {
  const warn = options.warn ?? (() => {})
  const toFile = options.stream === undefined && options.path !== '-'
  // Each line carries the hash of the one before it (lib/audit-chain.ts): a file continues from
  // its last line (after a restart); standard output and the test stream from the genesis value.
  // The chain lives in memory across reopen(), so a rotated file and the new one link up.
  const chain = new AuditChain(toFile ? continueFileChain(options.path, warn) : GENESIS_HASH)
  const destination = options.stream ?? (toFile ? openAuditFile(options.path, warn) : pino.destination({ dest: 1, sync: true }))
  const now = options.now ?? (() => new Date())
  /** The time a queued record was made, while it is written; otherwise a record is stamped as it is written. */
  let madeAt: Date | undefined
  const logger: Logger<Severity> = pino<Severity>({
    base: null,
    // The audit severities are pino levels, written as `severity` with the contract's `timestamp`.
    customLevels: { info: 30, medium: 40, high: 50 },
    useOnlyCustomLevels: true,
    level: 'info',
    timestamp: () => `,"timestamp":"${(madeAt ?? now()).toISOString()}"`,
    formatters: { level: (label: string) => ({ severity: label }) },
    // Runs on the finished JSON text, in the synchronous write: lines are sealed in the order written.
    hooks: { streamWrite: json => chain.seal(json) }
  }, destination)
  const sonic = destination as DestinationStream & { reopen?: () => void, flushSync?: () => void }

  // Sealed and written synchronously: the line is in the file before the answer it describes is sent.
  const write = (severity: Severity, record: Record<string, unknown>): void => { logger[severity](withoutSecrets(record)) }

  const pending: Array<{ severity: Severity, record: Record<string, unknown>, at: Date }> = []
  /** Writes the queued records in order; one that fails to write stays first in the queue. */
  const writePending = (): void => {
    for (let entry = pending[0]; entry !== undefined; entry = pending[0]) {
      madeAt = entry.at
      try {
        write(entry.severity, entry.record)
      } finally {
        madeAt = undefined
      }
      pending.shift()
    }
  }
  // On its own turn a failed write has no request to fail: the record stays queued, and the
  // request's next write (its answer or its next record) tries again and fails there, as record() does.
  const writeSoon = (): void => {
    try {
      writePending()
    } catch {}
  }

  return {
    record (event, severity, request, fields = {}) {
      writePending()
      write(severity, { event, ...request, ...fields })
    },
    recordSoon (event, severity, request, fields = {}) {
      if (pending.push({ severity, record: { event, ...request, ...fields }, at: now() }) === 1) setImmediate(writeSoon)
    },
    writePending,
    reopen () {
      // Standard output has no file to reopen.
      if (!toFile) return
      // After logrotate moved it, the new file is created as the first one was.
      const created = prepareAuditFile(options.path, warn)
      sonic.reopen?.()
      if (created) chmodSync(options.path, AUDIT_FILE_MODE)
    },
    flush () {
      writePending()
      sonic.flushSync?.()
    }
  }
}

/**
 * The hash of the audit file's last line, for the next line's prev_hash (genesis for a new or
 * empty file). Reads backwards from the end, so a big file costs no more than a small one. A
 * last line without its newline (a crash while writing it) is kept as it is, and ended, so the
 * next record starts on a line of its own; verify-audit reports the cut line.
 */
function continueFileChain (path: string, warn: NonNullable<AuditLogOptions['warn']>): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return GENESIS_HASH
    throw error
  }
  let last: { hash: string, ended: boolean } | null
  try {
    last = lastLineOf(fd, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
  if (last === null) return GENESIS_HASH
  if (!last.ended) {
    warn(`the audit log ${path} ends in a cut-short line (a crash while writing it?): it is kept, and the next record starts a new line; aegis-keys verify-audit will name it`, { path })
    appendFileSync(path, '\n')
  }
  return last.hash
}

const TAIL_CHUNK_BYTES = 64 * 1024

/** SHA-256 of the file's last line (without its newline), and whether a newline ends it; null for an empty file. */
function lastLineOf (fd: number, size: number): { hash: string, ended: boolean } | null {
  if (size === 0) return null
  const chunk = Buffer.alloc(TAIL_CHUNK_BYTES)
  const byteAt = (position: number): number => {
    readSync(fd, chunk, 0, 1, position)
    return chunk[0] as number
  }
  const ended = byteAt(size - 1) === 0x0a
  const end = ended ? size - 1 : size
  // Back from the end, a chunk at a time, to the newline before the last line.
  let start = 0
  for (let chunkEnd = end; chunkEnd > 0;) {
    const chunkStart = Math.max(0, chunkEnd - TAIL_CHUNK_BYTES)
    const read = readSync(fd, chunk, 0, chunkEnd - chunkStart, chunkStart)
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a)
    if (newline !== -1) {
      start = chunkStart + newline + 1
      break
    }
    chunkEnd = chunkStart
  }
  // Then forward over the line, a chunk at a time: a long line is hashed, never held whole.
  const hash = createHash('sha256')
  for (let position = start; position < end;) {
    const read = readSync(fd, chunk, 0, Math.min(TAIL_CHUNK_BYTES, end - position), position)
    hash.update(chunk.subarray(0, read))
    position += read
  }
  return { hash: hash.digest('hex'), ended }
}

// Synchronous writes: a record is on disk before the response it describes is
// sent, so a crash loses no audit line. One small append per record is cheap.
function openAuditFile (path: string, warn: NonNullable<AuditLogOptions['warn']>): DestinationStream {
  const created = prepareAuditFile(path, warn)
  const destination = pino.destination({ dest: path, sync: true, append: true, mode: AUDIT_FILE_MODE })
  // The umask can only take rights away from `mode`; set it exactly (a umask of 0277 would leave 0400).
  if (created) chmodSync(path, AUDIT_FILE_MODE)
  return destination
}

/**
 * Creates the file's missing directories 0700, warns about an existing
 * directory or file others can read (left as the operator made it), and says
 * whether the file is still to be created.
 */
function prepareAuditFile (path: string, warn: NonNullable<AuditLogOptions['warn']>): boolean {
  const directory = resolve(dirname(path))
  const firstMade = mkdirSync(directory, { recursive: true, mode: AUDIT_DIRECTORY_MODE })
  if (firstMade === undefined) {
    warnIfReadableByOthers(directory, 'directory', AUDIT_DIRECTORY_MODE, warn)
  } else {
    // Each directory made, from the deepest up to the first one.
    for (let made = directory; made.startsWith(firstMade); made = dirname(made)) {
      chmodSync(made, AUDIT_DIRECTORY_MODE)
      if (made === firstMade) break
    }
  }
  if (!existsSync(path)) return true
  warnIfReadableByOthers(path, 'file', AUDIT_FILE_MODE, warn)
  return false
}

function warnIfReadableByOthers (path: string, kind: string, wanted: number, warn: NonNullable<AuditLogOptions['warn']>): void {
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) === 0) return
  const octal = (value: number): string => value.toString(8).padStart(3, '0')
  warn(`the audit log ${kind} ${path} is readable by others (mode ${octal(mode)}): chmod ${octal(wanted)} it`, { path, mode: octal(mode) })
}

/** Fields no audit line may carry a value of, at the top level or one level down (`headers.authorization`). */
const SECRET_FIELDS = new Set(['authorization', 'token', 'key'])
const REDACTED = '[REDACTED]'

/**
 * Defence in depth: records are built from chosen fields only, but a header or
 * token must never reach the file even if one slips in. Looks `depth` levels
 * below the top, and copies only what it changes (pino's own `redact` cost
 * every line a selective clone).
 */
export function withoutSecrets (record: Record<string, unknown>, depth = 1): Record<string, unknown> {
  let out = record
  for (const [name, value] of Object.entries(record)) {
    const safe = SECRET_FIELDS.has(name) ? REDACTED : depth > 0 && isPlainObject(value) ? withoutSecrets(value, depth - 1) : value
    if (safe === value) continue
    if (out === record) out = { ...record }
    out[name] = safe
  }
  return out
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

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
