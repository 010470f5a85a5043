// Text helpers: binary detection, UTF-8-safe cutting, line slicing.
import { isUtf8 } from 'node:buffer'
import { ToolError } from './errors.js'

/** How many leading bytes are searched for a NUL byte (as git does). */
export const BINARY_SNIFF_BYTES = 8000

export type DecodeResult =
  | { binary: false, text: string }
  | { binary: true, reason: 'nul_byte' | 'invalid_utf8' }

const newUtf8Decoder = (): InstanceType<typeof TextDecoder> => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
/** One decoder for every call: a whole (non-streaming) decode keeps no state between calls. */
let utf8 = newUtf8Decoder()

/**
 * Decodes bytes as UTF-8 text, or says why they are binary: a NUL byte in
 * the first 8000 bytes, or bytes that are not valid UTF-8. A leading BOM is
 * dropped. Pass bytes already cut at a character boundary (`trimIncompleteUtf8`)
 * when they are a prefix of a longer file.
 */
export function decodeText (bytes: Uint8Array): DecodeResult {
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES)
  if (sniff.includes(0)) return { binary: true, reason: 'nul_byte' }
  try {
    return { binary: false, text: utf8.decode(bytes) }
  } catch {
    // A fresh decoder after a failure, so nothing of the bad input can carry over.
    utf8 = newUtf8Decoder()
    return { binary: true, reason: 'invalid_utf8' }
  }
}

/** What decodeText would say, without decoding: binary (and why), or text. */
export type TextCheck = { binary: false } | { binary: true, reason: 'nul_byte' | 'invalid_utf8' }

/** decodeText's verdict without the text: the same NUL sniff and UTF-8 validation, no string made. */
export function checkText (bytes: Uint8Array): TextCheck {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { binary: true, reason: 'nul_byte' }
  return isUtf8(bytes) ? { binary: false } : { binary: true, reason: 'invalid_utf8' }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

/** Valid UTF-8 bytes without a leading BOM (which decodeText drops too). */
export function withoutBom (bytes: Buffer): Buffer {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes
}

/** Decodes part of valid UTF-8 text as it is: a U+FEFF at its start is kept (only the file's first is a BOM). */
const asIs = new TextDecoder('utf-8', { ignoreBOM: true })
export function decodePart (bytes: Uint8Array): string {
  return asIs.decode(bytes)
}

export function isBinary (bytes: Uint8Array): boolean {
  return decodeText(bytes).binary
}

function isContinuation (byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80
}

/** Length of the sequence a UTF-8 lead byte starts (1 for anything invalid). */
function sequenceLength (lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1
  if (lead >= 0xc2) return 2
  return 1
}

/**
 * The largest n <= maxBytes such that bytes[0..n) does not end inside a
 * multi-byte character (when bytes[n] continues a character, back up to its
 * first byte).
 */
export function utf8CutIndex (bytes: Uint8Array, maxBytes: number): number {
  if (maxBytes >= bytes.length) return bytes.length
  let n = Math.max(0, Math.floor(maxBytes))
  // At most 3 continuation bytes follow a lead byte.
  for (let steps = 0; steps < 3 && n > 0 && isContinuation(bytes[n]); steps++) n--
  return n
}

/** Cuts bytes to at most maxBytes without splitting a character. */
export function cutUtf8 (bytes: Uint8Array, maxBytes: number): Uint8Array {
  return bytes.subarray(0, utf8CutIndex(bytes, maxBytes))
}

/**
 * Drops a character that the end of `bytes` cuts in two (bytes that are the
 * first part of a longer file). Complete and invalid sequences are left alone.
 */
export function trimIncompleteUtf8 (bytes: Uint8Array): Uint8Array {
  let i = bytes.length - 1
  let continuations = 0
  while (i >= 0 && continuations < 3 && isContinuation(bytes[i])) {
    i--
    continuations++
  }
  if (i < 0) return bytes
  const lead = bytes[i] as number
  const need = sequenceLength(lead)
  if (need > 1 && continuations + 1 < need) return bytes.subarray(0, i)
  return bytes
}

/** Cuts a string to at most maxBytes of UTF-8, at a character boundary. */
export function truncateUtf8 (text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  return bytes.subarray(0, utf8CutIndex(bytes, maxBytes)).toString('utf8')
}

/**
 * Largest index <= n (in UTF-16 code units) that does not split a surrogate
 * pair, so the string prefix is whole characters.
 */
export function safeStringCut (text: string, n: number): number {
  if (n >= text.length) return text.length
  if (n <= 0) return 0
  const code = text.charCodeAt(n)
  // n points at a low surrogate: the high one before it would be orphaned.
  if (code >= 0xdc00 && code <= 0xdfff) {
    const prev = text.charCodeAt(n - 1)
    if (prev >= 0xd800 && prev <= 0xdbff) return n - 1
  }
  return n
}

/** Text or UTF-8 bytes, as the line functions see them: a length and where the next line break is. */
interface Lines {
  length: number
  /** Index of the next "\n" at or after `from`, or -1. */
  newlineFrom: (from: number) => number
  endsWithNewline: boolean
}

function textLines (text: string): Lines {
  return { length: text.length, newlineFrom: (from) => text.indexOf('\n', from), endsWithNewline: text.endsWith('\n') }
}

/** UTF-8 bytes as lines: a "\n" byte never occurs inside a multi-byte character, so the lines are the text's. */
function byteLines (bytes: Buffer): Lines {
  return { length: bytes.length, newlineFrom: (from) => bytes.indexOf(0x0a, from), endsWithNewline: bytes[bytes.length - 1] === 0x0a }
}

function countIn (lines: Lines): number {
  if (lines.length === 0) return 0
  let count = 0
  let at = lines.newlineFrom(0)
  while (at !== -1) {
    count++
    at = lines.newlineFrom(at + 1)
  }
  return lines.endsWithNewline ? count : count + 1
}

/**
 * Number of lines: a final "\n" ends the last line rather than starting a
 * new one; "" has 0 lines.
 */
export function countLines (text: string): number {
  return countIn(textLines(text))
}

/** Index just after the end of line `line` (1-based), i.e. where line+1 starts. */
function lineEndIndex (lines: Lines, line: number): number {
  let at = -1
  for (let i = 0; i < line; i++) {
    at = lines.newlineFrom(at + 1)
    if (at === -1) return lines.length
  }
  return at + 1
}

export interface LineSlice {
  text: string
  /** First line returned (1-based). */
  startLine: number
  /** Last line returned (inclusive); startLine - 1 when nothing was returned. */
  endLine: number
  totalLines: number
}

/** Where lines startLine..endLine are: [from, to) in the text or bytes, with the line numbers as sliceLines reports them. */
export interface LineRange {
  from: number
  to: number
  startLine: number
  endLine: number
  totalLines: number
}

function lineRange (lines: Lines, startLine?: number, endLine?: number): LineRange {
  const totalLines = countIn(lines)
  const start = startLine ?? 1
  if (!Number.isInteger(start) || start < 1) throw new ToolError('invalid_arguments', 'Invalid arguments: `start_line` must be an integer >= 1.')
  if (endLine !== undefined && (!Number.isInteger(endLine) || endLine < start)) {
    throw new ToolError('invalid_arguments', `Invalid arguments: \`end_line\` (${endLine}) must be >= \`start_line\` (${start}).`)
  }
  if (start > Math.max(totalLines, 1)) {
    throw new ToolError('invalid_arguments', `Invalid arguments: \`start_line\` ${start} is past the end of the file, which has ${totalLines} line${totalLines === 1 ? '' : 's'}.`)
  }
  if (totalLines === 0) return { from: 0, to: 0, startLine: 1, endLine: 0, totalLines: 0 }
  const end = Math.min(endLine ?? totalLines, totalLines)
  const from = start === 1 ? 0 : lineEndIndex(lines, start - 1)
  const to = end === totalLines ? lines.length : lineEndIndex(lines, end)
  return { from, to, startLine: start, endLine: end, totalLines }
}

/**
 * Lines startLine..endLine (1-based, inclusive) of text. endLine past the
 * last line is fine; startLine past the last line is a ToolError
 * (`invalid_arguments`) that says how many lines there are. Line endings are
 * kept as they are.
 */
export function sliceLines (text: string, startLine?: number, endLine?: number): LineSlice {
  const range = lineRange(textLines(text), startLine, endLine)
  return { text: text.slice(range.from, range.to), startLine: range.startLine, endLine: range.endLine, totalLines: range.totalLines }
}

/** sliceLines for valid UTF-8 bytes (without a BOM): where the lines are, in bytes, without decoding anything. */
export function lineRangeOfBytes (bytes: Buffer, startLine?: number, endLine?: number): LineRange {
  return lineRange(byteLines(bytes), startLine, endLine)
}

/**
 * Where to cut `text` when at most `n` code units fit: after the last
 * complete line within the first n when there is one, otherwise at n (never
 * inside a surrogate pair).
 */
export function snapToLine (text: string, n: number): number {
  if (n >= text.length) return text.length
  const safe = safeStringCut(text, n)
  if (safe <= 0) return 0
  const newline = text.lastIndexOf('\n', safe - 1)
  return newline >= 0 ? newline + 1 : safe
}

export interface BinaryKind {
  kind: string
  label: string
}

const MAGIC: Array<{ bytes: number[], kind: string, label: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], kind: 'png', label: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'jpeg', label: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'gif', label: 'GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'pdf', label: 'PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'zip', label: 'ZIP archive (or a format built on it: jar, docx, xlsx, ...)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'zip', label: 'ZIP archive (empty)' },
  { bytes: [0x1f, 0x8b], kind: 'gzip', label: 'gzip-compressed data' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'elf', label: 'ELF executable or library' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], kind: 'wasm', label: 'WebAssembly module' }
]

const EXTENSIONS: Record<string, BinaryKind> = {
  png: { kind: 'png', label: 'PNG image' },
  jpg: { kind: 'jpeg', label: 'JPEG image' },
  jpeg: { kind: 'jpeg', label: 'JPEG image' },
  gif: { kind: 'gif', label: 'GIF image' },
  webp: { kind: 'image', label: 'WebP image' },
  ico: { kind: 'image', label: 'icon image' },
  pdf: { kind: 'pdf', label: 'PDF document' },
  zip: { kind: 'zip', label: 'ZIP archive' },
  jar: { kind: 'zip', label: 'Java archive (ZIP)' },
  gz: { kind: 'gzip', label: 'gzip-compressed data' },
  tgz: { kind: 'gzip', label: 'gzip-compressed tar archive' },
  woff: { kind: 'font', label: 'web font' },
  woff2: { kind: 'font', label: 'web font' },
  ttf: { kind: 'font', label: 'TrueType font' },
  exe: { kind: 'executable', label: 'Windows executable' },
  so: { kind: 'elf', label: 'shared library' },
  wasm: { kind: 'wasm', label: 'WebAssembly module' }
}

/**
 * Guesses what a binary file is from its first bytes, then its extension.
 * `reason` 'invalid_utf8' without a known signature means text in another
 * encoding (Latin-1, Windows-1252, UTF-16, ...) or unknown binary data.
 */
export function guessBinaryKind (path: string, bytes: Uint8Array, reason?: 'nul_byte' | 'invalid_utf8'): BinaryKind {
  for (const magic of MAGIC) {
    if (bytes.length >= magic.bytes.length && magic.bytes.every((b, i) => bytes[i] === b)) return { kind: magic.kind, label: magic.label }
  }
  const dot = path.lastIndexOf('.')
  const slash = path.lastIndexOf('/')
  if (dot > slash + 1) {
    const known = EXTENSIONS[path.slice(dot + 1).toLowerCase()]
    if (known !== undefined) return known
  }
  if (reason === 'invalid_utf8' && looksLikeLegacyText(bytes)) {
    return { kind: 'non_utf8_text', label: 'text in an encoding other than UTF-8 (probably Latin-1 or Windows-1252)' }
  }
  return { kind: 'other', label: 'binary data' }
}

/** No NUL, and mostly printable bytes or line breaks: text in a legacy 8-bit encoding. */
function looksLikeLegacyText (bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, BINARY_SNIFF_BYTES)
  if (sample.length === 0) return false
  let control = 0
  for (const b of sample) {
    if (b === 0) return false
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
  }
  return control / sample.length < 0.02
}

export function formatBytes (size: number): string {
  if (size < 1024) return `${size} bytes`
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`
  return `${(size / (1024 * 1024)).toFixed(1)} MiB`
}
