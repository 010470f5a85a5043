// Unified git diffs for the diff tools (get_commit_diff, and
// get_pull_request_diff): read the text Gitea sends, split it by file, pick
// one file, and cut it into pages that each fit the response budget.
//
// The API, in the order a tool uses it:
//
//   const { diff, notes } = readDiff(bytes, truncated)   // decode, escape invisible Unicode, split by file
//   const index = diffIndex(diff.files, maxBytes)        // the file list a result carries on every page
//   return fitDiffPage(diff, { path, page }, maxBytes, (page) => ({ ...yourFields, files: index.files, ...page }))
//
// fitDiffPage selects `path` (a not_found error lists the files when there is
// no such file), works out how many bytes of diff text fit next to the other
// fields, and returns build(page) where `page` holds: `path` (null for the
// whole diff), `page`, `total_pages`, `text`, `truncated` and, when more
// follows, `next` ({page} or {page, path}). A page that does not hold the end
// ends with a marker line naming the argument to ask for the rest: the next
// `page`, or a `path` to see one file only. Pages are cut at file boundaries
// when a whole file fits, else at line ends, else (one very long line) between
// two characters, never inside one. The same diff and MAX_RESPONSE_BYTES give
// the same pages on every call, so `page` can be followed safely.
import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import { fitList, jsonBytes } from './budget.js'
import { ToolError } from './errors.js'
import { escapeInvisible } from './sanitize.js'
import { formatBytes, trimIncompleteUtf8 } from './text.js'

/** Most bytes of a diff read from Gitea; longer diffs are read up to here and say so. */
export const DIFF_MAX_BYTES = 16 * 1024 * 1024

export type DiffStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied'

/** One file's part of a unified git diff. */
export interface DiffFile {
  /** Path after the change (for a deleted file, the path it had). */
  path: string
  /** Path before the change when it differs (renamed or copied), else null. */
  oldPath: string | null
  status: DiffStatus
  /** Git showed no text lines ("Binary files ... differ" or a binary patch). */
  binary: boolean
  /** Lines added and deleted in this file's hunks. */
  additions: number
  deletions: number
  /** This file's part of the diff, verbatim, from its "diff --git" line to the next one. */
  text: string
}

export interface ParsedDiff {
  /** Text before the first "diff --git" line: the commit header `git show` prints for a root commit, or ''. */
  preamble: string
  files: DiffFile[]
}

// ---------------------------------------------------------------------------
// Splitting

const FILE_START = 'diff --git '

/** git's C-style quoting of unusual paths: "a/t\303\251st" → a/tést. */
function unquote (value: string): string {
  if (!value.startsWith('"') || !value.endsWith('"') || value.length < 2) return value
  const bytes: number[] = []
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 }
  const body = value.slice(1, -1)
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[i + 1] as string
      const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4))
      if (octal !== null) {
        bytes.push(parseInt(octal[0], 8) & 0xff)
        i += 3
        continue
      }
      const code = simple[next]
      if (code !== undefined) {
        bytes.push(code)
        i += 1
        continue
      }
    }
    for (const b of Buffer.from(ch, 'utf8')) bytes.push(b)
  }
  return Buffer.from(bytes).toString('utf8')
}

function stripPrefix (path: string, prefix: 'a/' | 'b/'): string {
  return path.startsWith(prefix) ? path.slice(2) : path
}

/** A `---`/`+++` header's path: null for /dev/null; git may end the name with a tab. */
function headerPath (value: string, prefix: 'a/' | 'b/'): string | null {
  const name = value.startsWith('"') ? value : value.replace(/\t.*$/, '')
  if (name === '/dev/null') return null
  return stripPrefix(unquote(name), prefix)
}

/** Old and new path from `diff --git a/X b/Y` (used when no other header names the file). */
function gitLinePaths (rest: string): { old: string, new: string } {
  if (rest.startsWith('"')) {
    const end = /^"(?:[^"\\]|\\.)*"/.exec(rest)
    if (end !== null) {
      const second = rest.slice(end[0].length).trim()
      return { old: stripPrefix(unquote(end[0]), 'a/'), new: stripPrefix(unquote(second), 'b/') }
    }
  }
  // `a/P b/P` with the same P (the usual case, even with spaces in P).
  const half = (rest.length - 1) / 2
  if (Number.isInteger(half) && rest.charAt(half) === ' ' && rest.slice(2, half) === rest.slice(half + 3)) {
    const same = rest.slice(2, half)
    return { old: same, new: same }
  }
  const split = rest.indexOf(' b/')
  if (split === -1) return { old: stripPrefix(rest, 'a/'), new: stripPrefix(rest, 'a/') }
  return { old: stripPrefix(rest.slice(0, split), 'a/'), new: rest.slice(split + 3) }
}

function parseFile (text: string): DiffFile {
  let oldPath: string | null | undefined
  let newPath: string | null | undefined
  let renameFrom: string | undefined
  let renameTo: string | undefined
  let status: DiffStatus | undefined
  let binary = false
  let additions = 0
  let deletions = 0
  let inHunks = false
  let lineStart = 0
  let first = true
  let gitLine = ''
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = text.length
    const line = text.slice(lineStart, lineEnd)
    lineStart = lineEnd + 1
    if (first) {
      gitLine = line.slice(FILE_START.length)
      first = false
      continue
    }
    if (inHunks) {
      const c = line.charCodeAt(0)
      if (c === 43) additions++ // +
      else if (c === 45) deletions++ // -
      continue
    }
    if (line.startsWith('@@')) inHunks = true
    else if (line.startsWith('--- ')) oldPath = headerPath(line.slice(4), 'a/')
    else if (line.startsWith('+++ ')) newPath = headerPath(line.slice(4), 'b/')
    else if (line.startsWith('new file mode ')) status = 'added'
    else if (line.startsWith('deleted file mode ')) status = 'deleted'
    else if (line.startsWith('rename from ')) { renameFrom = unquote(line.slice(12)); status = 'renamed' } else if (line.startsWith('rename to ')) renameTo = unquote(line.slice(10))
    else if (line.startsWith('copy from ')) { renameFrom = unquote(line.slice(10)); status = 'copied' } else if (line.startsWith('copy to ')) renameTo = unquote(line.slice(8))
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true
  }
  const fromLine = gitLinePaths(gitLine)
  const before = renameFrom ?? oldPath ?? (newPath === undefined ? fromLine.old : null)
  const after = renameTo ?? newPath ?? (oldPath === undefined ? fromLine.new : null)
  if (status === undefined) {
    if (oldPath === null) status = 'added'
    else if (newPath === null) status = 'deleted'
    else status = 'modified'
  }
  const path = after ?? before ?? fromLine.new
  const old = before ?? fromLine.old
  return {
    path,
    oldPath: (status === 'renamed' || status === 'copied') && old !== path ? old : null,
    status,
    binary,
    additions,
    deletions,
    text
  }
}

/**
 * Splits a unified git diff (`git diff`, `git show`, Gitea's `.diff`
 * endpoints) by file. Text before the first "diff --git" line is the
 * preamble. Joining the preamble and every file's text gives `text` back.
 */
export function parseDiff (text: string): ParsedDiff {
  const starts: number[] = []
  if (text.startsWith(FILE_START)) starts.push(0)
  let at = text.indexOf('\n' + FILE_START)
  while (at !== -1) {
    starts.push(at + 1)
    at = text.indexOf('\n' + FILE_START, at + 1)
  }
  const preamble = starts.length === 0 ? text : text.slice(0, starts[0])
  const files = starts.map((start, i) => parseFile(text.slice(start, starts[i + 1] ?? text.length)))
  return { preamble, files }
}

/** The file whose path (or old path) is `path`; a trailing "/" or invisible characters as sent are tolerated. */
export function findDiffFile (diff: ParsedDiff, path: string): DiffFile | undefined {
  const wanted = [path, escapeInvisible(path).text]
  return diff.files.find((file) => wanted.includes(file.path)) ?? diff.files.find((file) => file.oldPath !== null && wanted.includes(file.oldPath))
}

// ---------------------------------------------------------------------------
// Reading what Gitea sent

export interface ReadDiff {
  diff: ParsedDiff
  /** Invisible characters escaped (see sanitize.ts). */
  escaped: number
  /** Sentences for the result's `note`: bytes that are not UTF-8, a diff cut at DIFF_MAX_BYTES (the tool reports `escaped` itself). */
  notes: string[]
}

/**
 * Decodes Gitea's diff bytes as UTF-8 (bytes that are not UTF-8, e.g. a
 * Latin-1 file, become U+FFFD), escapes invisible Unicode (tag characters,
 * bidi controls, zero-width characters) and splits the result by file.
 * `truncated`: the diff was longer than what was read (`maxBytes`); a
 * character cut in two at the end is dropped and a note says so.
 */
export function readDiff (bytes: Uint8Array, truncated: boolean, maxBytes = DIFF_MAX_BYTES): ReadDiff {
  const usable = truncated ? trimIncompleteUtf8(bytes) : bytes
  const notes: string[] = []
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(usable)
  } catch {
    text = new TextDecoder('utf-8').decode(usable)
    notes.push('Some lines are not valid UTF-8 (a file in another encoding, such as Latin-1): those bytes are shown as U+FFFD.')
  }
  const sanitized = escapeInvisible(text)
  const diff = parseDiff(sanitized.text)
  if (truncated) {
    const last = diff.files[diff.files.length - 1]
    notes.push(`The diff is larger than ${formatBytes(maxBytes)}, which is all this server reads: ` +
      (last === undefined ? 'no file is complete.' : `the changes to ${JSON.stringify(last.path)} are incomplete and any files after it are missing.`))
  }
  return { diff, escaped: sanitized.escaped, notes }
}

// ---------------------------------------------------------------------------
// The file list

export const DiffFileSummary = Type.Object({
  path: Type.String({ description: 'Path after the change; pass it as `path` to see only this file' }),
  old_path: Type.Union([Type.String(), Type.Null()], { description: 'Path before a rename or copy; null otherwise' }),
  status: Type.Union([Type.Literal('added'), Type.Literal('deleted'), Type.Literal('modified'), Type.Literal('renamed'), Type.Literal('copied')]),
  binary: Type.Boolean(),
  additions: Type.Integer(),
  deletions: Type.Integer()
})

export type DiffFileSummaryT = Static<typeof DiffFileSummary>

export function summarizeDiffFile (file: DiffFile): DiffFileSummaryT {
  return { path: file.path, old_path: file.oldPath, status: file.status, binary: file.binary, additions: file.additions, deletions: file.deletions }
}

/** Share of MAX_RESPONSE_BYTES the file list may take (the rest is for the diff text). */
export const DIFF_INDEX_SHARE = 0.25

/**
 * The files of a diff as far as they fit a quarter of `maxBytes` (the same
 * on every page); `truncated` says some were left out.
 */
export function diffIndex (files: readonly DiffFile[], maxBytes: number): { files: DiffFileSummaryT[], total: number, truncated: boolean } {
  const all = files.map(summarizeDiffFile)
  const fitted = fitList(all, (shown) => shown, Math.floor(maxBytes * DIFF_INDEX_SHARE))
  const shown = fitted?.result ?? []
  return { files: shown, total: all.length, truncated: shown.length < all.length }
}

// ---------------------------------------------------------------------------
// Pages

export interface DiffRequest {
  /** One file only (its path after, or before, the change). */
  path?: string
  /** 1-based; default 1. */
  page?: number
}

export interface DiffPage {
  /** The file shown, or null for the whole diff. */
  path: string | null
  page: number
  total_pages: number
  /** The diff text of this page; ends with a marker line when more follows. */
  text: string
  /** More follows on the next page (see `next`). */
  truncated: boolean
  next?: { page: number, path?: string }
}

/** Bytes a page keeps free for its marker line. */
const MARKER_RESERVE = 480
/** Longest path (in JSON bytes) a marker quotes as an example. */
const MARKER_PATH_BYTES = 200
/** The smallest text budget worth paging with. */
const MIN_PAGE_BYTES = 200

/** JSON bytes of one UTF-16 code unit at `i` (a surrogate pair counts 4 on its first half). */
function unitCost (text: string, i: number): number {
  const c = text.charCodeAt(i)
  if (c < 0x80) {
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) return 2
    return c < 0x20 ? 6 : 1
  }
  if (c < 0x800) return 2
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1)
    return next >= 0xdc00 && next <= 0xdfff ? 4 : 6
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const prev = text.charCodeAt(i - 1)
    return prev >= 0xd800 && prev <= 0xdbff ? 0 : 6
  }
  return 3
}

/**
 * Page boundaries over `text` (offsets; page k is [bounds[k], bounds[k+1])),
 * each page at most `budget` JSON bytes: as many whole units (files) as fit,
 * else whole lines, else whole characters. `unitStarts` are the offsets where
 * units begin (ascending).
 */
function pageBounds (text: string, unitStarts: readonly number[], budget: number): number[] {
  const bounds = [0]
  let start = 0
  let nextUnit = 0
  while (start < text.length) {
    while (nextUnit < unitStarts.length && (unitStarts[nextUnit] as number) <= start) nextUnit++
    let used = 0
    let lastUnitEnd = -1
    let lastLineEnd = -1
    let lastChar = start
    let i = start
    let unit = nextUnit
    for (; i < text.length; i++) {
      if (unit < unitStarts.length && unitStarts[unit] === i) {
        lastUnitEnd = i
        unit++
      }
      const cost = unitCost(text, i)
      if (used + cost > budget) break
      used += cost
      // Never end between the two halves of a surrogate pair.
      if (cost !== 4) lastChar = i + 1
      if (text.charCodeAt(i) === 0x0a) lastLineEnd = i + 1
    }
    let end: number
    if (i >= text.length) end = text.length
    else if (lastUnitEnd > start) end = lastUnitEnd
    else if (lastLineEnd > start) end = lastLineEnd
    else end = lastChar
    if (end <= start) end = Math.min(text.length, start + (unitCost(text, start) === 4 ? 2 : 1))
    bounds.push(end)
    start = end
  }
  if (bounds.length === 1) bounds.push(0)
  return bounds
}

function examplePath (path: string): string | undefined {
  return jsonBytes(path) <= MARKER_PATH_BYTES ? path : undefined
}

/**
 * The page of `diff` (or of one file, `request.path`) asked for, with its
 * text at most `budget` JSON bytes, marker included. Throws a not_found
 * GiteaError naming the changed files when `path` is not one of them, and an
 * invalid_arguments ToolError for a page past the end.
 */
export function pageDiff (diff: ParsedDiff, request: DiffRequest, budget: number): DiffPage {
  const page = request.page ?? 1
  let text: string
  let unitStarts: number[]
  let pathShown: string | null = null
  if (request.path !== undefined && request.path !== '') {
    const file = findDiffFile(diff, request.path)
    if (file === undefined) throw noSuchFile(diff, request.path)
    pathShown = file.path
    text = file.text
    unitStarts = [0]
  } else {
    text = diff.preamble
    unitStarts = diff.preamble === '' ? [] : [0]
    for (const file of diff.files) {
      unitStarts.push(text.length)
      text += file.text
    }
  }
  if (budget < MARKER_RESERVE + MIN_PAGE_BYTES) {
    throw new ToolError('too_large', 'The response size limit (MAX_RESPONSE_BYTES) is too small to show any of the diff.')
  }
  const bounds = pageBounds(text, unitStarts, budget - MARKER_RESERVE)
  const totalPages = bounds.length - 1
  if (!Number.isInteger(page) || page < 1 || page > totalPages) {
    throw new ToolError('invalid_arguments', `Invalid arguments: \`page\` ${page} is past the end: ${pathShown === null ? 'the diff' : `the diff of ${JSON.stringify(pathShown)}`} has ${totalPages} page${totalPages === 1 ? '' : 's'}.`)
  }
  const start = bounds[page - 1] as number
  const end = bounds[page] as number
  let body = text.slice(start, end)
  const result: DiffPage = { path: pathShown, page, total_pages: totalPages, text: body, truncated: page < totalPages }
  if (page < totalPages) {
    const nextPage = page + 1
    const midLine = !(body.endsWith('\n') || body === '')
    // A line cut short gets a line break before the marker (and says so).
    const lead = midLine ? '\n' : ''
    const where = `(page ${page} of ${totalPages}${midLine ? '; the last line is cut short and continues on the next page' : ''})`
    if (pathShown !== null) {
      body += `${lead}[Diff of ${JSON.stringify(examplePath(pathShown) ?? 'this file')} cut here to fit the response size limit ${where}. ` +
        `Call again with page ${nextPage} and the same path for the rest.]\n`
      result.next = { page: nextPage, path: pathShown }
    } else {
      // The file the cut falls in, or the first one after it.
      const cutIn = unitStarts.findIndex((unitStart, i) => (unitStarts[i + 1] ?? text.length) > end && unitStart <= end)
      const fileIndex = cutIn - (diff.preamble === '' ? 0 : 1)
      const example = diff.files[Math.max(0, fileIndex)]
      const pathHint = example !== undefined && examplePath(example.path) !== undefined
        ? `, or with path ${JSON.stringify(example.path)} (or any path from the file list) for one file only`
        : ', or with a path from the file list for one file only'
      body += `${lead}[Diff cut here to fit the response size limit ${where}. Call again with page ${nextPage} for the rest${pathHint}.]\n`
      result.next = { page: nextPage }
    }
    result.text = body
  }
  return result
}

function noSuchFile (diff: ParsedDiff, path: string): GiteaError {
  const names = diff.files.slice(0, 20).map((file) => JSON.stringify(file.path)).join(', ')
  const more = diff.files.length > 20 ? ` and ${diff.files.length - 20} more` : ''
  const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path
  return new GiteaError('not_found', diff.files.length === 0
    ? `${JSON.stringify(shown)} is not in this diff, which changes no files.`
    : `${JSON.stringify(shown)} is not one of the ${diff.files.length} files this diff changes: ${names}${more}.`, 404)
}

/** Slack for numbers and notes that differ between the probe and the real page. */
const ENVELOPE_SLACK = 64

/**
 * The result `build(page)` for the page asked for, with as much diff text as
 * fits next to what `build` adds (measured with an empty page), so the whole
 * result fits `maxBytes`. `build` must add the same fields on every page.
 */
export function fitDiffPage<O> (diff: ParsedDiff, request: DiffRequest, maxBytes: number, build: (page: DiffPage) => O): O {
  const probePath = request.path !== undefined && request.path !== '' ? (findDiffFile(diff, request.path)?.path ?? request.path) : null
  const probe: DiffPage = { path: probePath, page: 999_999, total_pages: 999_999, text: '', truncated: true, next: { page: 999_999, ...(probePath === null ? {} : { path: probePath }) } }
  const envelope = jsonBytes(build(probe))
  const page = pageDiff(diff, request, maxBytes - envelope - ENVELOPE_SLACK)
  return build(page)
}
