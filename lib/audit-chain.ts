// The audit log's hash chain. Every line ends with two fields:
//   prev_hash  SHA-256 (hex) of the line before it, its exact bytes without the newline;
//              the first line ever has the genesis value, 64 zeros
//   hash       SHA-256 (hex) of this line's own text without `,"hash":"…"` (the rest of the
//              line, prev_hash included, as written: no re-serialising)
// prev_hash links the lines: removing, moving or inserting one breaks the link at that place.
// hash lets a changed line be named at its own number, not at the line after it.
import * as crypto from 'node:crypto'
import { createHash } from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

/** `,"hash":"<64 hex>"}`: how every sealed line ends. */
const HASH_TAIL_LENGTH = ',"hash":"'.length + 64 + '"}'.length
const SEALED_TAIL = /,"prev_hash":"([0-9a-f]{64})","hash":"([0-9a-f]{64})"\}$/

// crypto.hash (Node 20.12 and later) hashes in one call, without a Hash object: two per audit line.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash

export const sha256Hex: (data: string | Buffer) => string = oneShot === undefined
  ? data => createHash('sha256').update(data).digest('hex')
  : data => oneShot('sha256', data, 'hex')

/**
 * Adds `prev_hash` and `hash` to one JSON object as pino wrote it (`{...}\n`). Returns the sealed
 * line (no newline) and the hash of its bytes, which the next line's prev_hash must carry.
 */
export function sealLine (json: string, prevHash: string): { line: string, lineHash: string } {
  const object = json.replace(/\r?\n$/, '')
  const body = object.endsWith('}') ? object.slice(0, -1) : object
  const withPrev = `${body},"prev_hash":"${prevHash}"`
  const hash = sha256Hex(`${withPrev}}`)
  const line = `${withPrev},"hash":"${hash}"}`
  return { line, lineHash: sha256Hex(line) }
}

/** Seals lines one after another, each chained to the one before it. */
export class AuditChain {
  /** SHA-256 of the last line written (or the genesis value). */
  lastLineHash: string

  constructor (lastLineHash: string = GENESIS_HASH) {
    this.lastLineHash = lastLineHash
  }

  /** pino's streamWrite hook: `{...}\n` in, the sealed line and its newline out. */
  seal (json: string): string {
    const { line, lineHash } = sealLine(json, this.lastLineHash)
    this.lastLineHash = lineHash
    return `${line}\n`
  }
}

// ---------------------------------------------------------------- verifying

export type ProblemKind = 'changed' | 'inserted' | 'out_of_place' | 'malformed' | 'cut_short' | 'unchained' | 'not_genesis'

export interface ChainProblem {
  file: string
  /** 1-based line number in `file`. */
  line: number
  kind: ProblemKind
  /** One line: `line N ...` (without the file name). */
  message: string
}

export interface ChainReport {
  lines: number
  /** How the first line starts: the genesis value, or the last line of a file not given. */
  start: 'genesis' | 'continued' | 'empty'
  firstPrevHash: string | null
  /** SHA-256 of the last line: what the next line (or file) must carry as prev_hash. */
  lastHash: string | null
  problem: ChainProblem | null
}

interface Seen { file: string, line: number, hash: string, prevHash: string }

type Parsed = { ok: true, prevHash: string, ownHashHolds: boolean } | { ok: false, kind: ProblemKind, message: string }

/**
 * Checks lines in order (one file after another) and stops at the first that is not what the
 * chain says. A line whose prev_hash does not match is judged with one line of lookahead: if the
 * next line follows the one before it, this line was inserted (or moved) here; otherwise a line
 * before it is missing, or the lines were reordered.
 */
export class ChainVerifier {
  private readonly fromGenesis: boolean
  private count = 0
  private firstPrevHash: string | null = null
  /** The last two lines accepted, oldest first. */
  private readonly history: Seen[] = []
  /** A line that does not follow the one before it, judged when the next line comes. */
  private pending: Seen | null = null
  private problem: ChainProblem | null = null

  constructor (options: { fromGenesis?: boolean } = {}) {
    this.fromGenesis = options.fromGenesis === true
  }

  get failed (): boolean {
    return this.problem !== null
  }

  /** One line's bytes without its newline; `terminated` is false for a last line with no newline. */
  push (file: string, line: number, bytes: Buffer, terminated: boolean): void {
    if (this.problem !== null) return
    const parsed = parseSealed(bytes, terminated, line)
    if (this.pending !== null) {
      this.judgePending(parsed.ok ? { file, line, hash: '', prevHash: parsed.prevHash } : null)
      return
    }
    if (!parsed.ok) return this.fail(file, line, parsed.kind, parsed.message)
    if (!parsed.ownHashHolds) return this.fail(file, line, 'changed', `line ${line} was changed: its text does not match its hash`)
    const seen: Seen = { file, line, hash: sha256Hex(bytes), prevHash: parsed.prevHash }
    this.count++
    const previous = this.history.at(-1)
    if (previous === undefined) {
      this.firstPrevHash = parsed.prevHash
      if (this.fromGenesis && parsed.prevHash !== GENESIS_HASH) {
        return this.fail(file, line, 'not_genesis', `line ${line} does not start the chain: its prev_hash is not the genesis value (the file continues a rotated one: give that file first, or leave out --from-genesis)`)
      }
    } else if (parsed.prevHash !== previous.hash) {
      const beforePrevious = this.history.at(-2)?.hash ?? this.firstPrevHash
      if (seen.hash === previous.hash) {
        return this.fail(file, line, 'inserted', `line ${line} is a copy of ${where(previous, seen)} (inserted)`)
      }
      if (parsed.prevHash === beforePrevious) {
        const before = this.history.at(-2)
        const follows = before === undefined ? 'the start of the chain' : where(before, previous)
        return this.fail(previous.file, previous.line, 'inserted', `line ${previous.line} was inserted or moved here: ${where(seen, previous)} follows ${follows}`)
      }
      this.pending = seen
      return
    }
    this.history.push(seen)
    if (this.history.length > 2) this.history.shift()
  }

  /** A line found broken before it could be pushed (too long to be a record). */
  reject (file: string, line: number, kind: ProblemKind, message: string): void {
    if (this.problem !== null) return
    if (this.pending !== null) return this.judgePending(null)
    this.fail(file, line, kind, message)
  }

  /** The result once every line is pushed. */
  end (): ChainReport {
    if (this.pending !== null) this.judgePending(null)
    const start = this.count === 0 ? 'empty' : this.firstPrevHash === GENESIS_HASH ? 'genesis' : 'continued'
    return { lines: this.count, start, firstPrevHash: this.firstPrevHash, lastHash: this.history.at(-1)?.hash ?? null, problem: this.problem }
  }

  /** Judges the pending line by the next one (null: there is none, or it is broken itself). */
  private judgePending (next: Seen | null): void {
    const pending = this.pending as Seen
    const previous = this.history.at(-1) as Seen
    this.pending = null
    if (next !== null && next.prevHash === previous.hash) {
      this.fail(pending.file, pending.line, 'inserted', `line ${pending.line} was inserted or moved here: ${where(next, pending)} follows ${where(previous, pending)}`)
      return
    }
    this.fail(pending.file, pending.line, 'out_of_place', `line ${pending.line} does not follow ${where(previous, pending)}: a line before it was removed, lines were moved, or ${where(previous, pending)} was changed and its hash recomputed`)
  }

  private fail (file: string, line: number, kind: ProblemKind, message: string): void {
    this.problem = { file, line, kind, message }
  }
}

/** "line N" when `line` is in the same file as `from`, else "FILE line N". */
function where (line: Seen, from: Seen): string {
  return line.file === from.file ? `line ${line.line}` : `${line.file} line ${line.line}`
}

function parseSealed (bytes: Buffer, terminated: boolean, line: number): Parsed {
  if (bytes.length === 0) return { ok: false, kind: 'malformed', message: `line ${line} is empty` }
  const text = bytes.toString('utf8')
  let record: unknown
  try {
    record = JSON.parse(text)
  } catch {
    if (!terminated) return { ok: false, kind: 'cut_short', message: `line ${line} is cut short: the file ends in the middle of a record, as a crash while writing it leaves it` }
    if (text.startsWith('{')) return { ok: false, kind: 'cut_short', message: `line ${line} is cut short or was changed: it is not a whole JSON object (a crash while writing it leaves such a line)` }
    return { ok: false, kind: 'malformed', message: `line ${line} is not a JSON object: it was changed or inserted` }
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, kind: 'malformed', message: `line ${line} is not a JSON object: it was changed or inserted` }
  }
  const tail = SEALED_TAIL.exec(text)
  if (tail === null) {
    return { ok: false, kind: 'unchained', message: `line ${line} has no prev_hash and hash at its end: it was changed or inserted, or written by a version without the chain` }
  }
  // The hash covers the bytes before `,"hash":"…"}` and the closing brace.
  const own = createHash('sha256').update(bytes.subarray(0, bytes.length - HASH_TAIL_LENGTH)).update('}').digest('hex')
  return { ok: true, prevHash: tail[1] as string, ownHashHolds: own === tail[2] }
}
