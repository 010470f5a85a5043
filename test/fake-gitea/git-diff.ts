// What Gitea's `GET .../git/commits/{sha}.diff` prints: `git diff -M
// <first parent> <commit>`, or `git show <commit>` (a commit header, then the
// diff) for a root commit. Files in path order, exact renames detected,
// binary files (a NUL in the first 8000 bytes) as "Binary files ... differ",
// hunks with three lines of context and git's default function-name
// heuristic, "\ No newline at end of file" where it applies. Text is handled
// as raw bytes (latin1 strings), so a file in another encoding comes out byte
// for byte, as git prints it. Large generated files are streamed in chunks.

import type { FakeGitRepo } from './data.js'
import { type GitCommit, type GitMode, type GitSignature, blobBytes } from './git-objects.js'
import { editScript } from './line-diff.js'
import { type PathEntry, flattenTree, getBlob, getCommit } from './revision.js'

const CONTEXT = 3
const ZERO = '0000000'
const CHUNK = 1 << 20

/** UTF-8 text as a byte string (one char per byte). */
function bytesOf (text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

/** git's quoting of a path in headers (core.quotePath=false: only control characters, `"` and `\` force it). */
export function quotePath (prefix: string, path: string): string {
  const raw = bytesOf(prefix + path)
  // eslint-disable-next-line no-control-regex -- control characters are what git quotes
  if (!/[\u0000-\u001f"\\\u007f]/.test(raw)) return raw
  const names: Record<string, string> = { '\u0007': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\u000b': 'v', '\f': 'f', '\r': 'r', '"': '"', '\\': '\\' }
  let out = '"'
  for (const ch of raw) {
    const code = ch.charCodeAt(0)
    const name = names[ch]
    if (name !== undefined) out += '\\' + name
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(8).padStart(3, '0')
    else out += ch
  }
  return out + '"'
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** git's default date format: "Mon Jan 8 09:12:44 2024 +0100" in the signature's own zone. */
export function gitDate (s: GitSignature): string {
  const d = new Date((s.when + s.tz * 60) * 1000)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const sign = s.tz < 0 ? '-' : '+'
  const abs = Math.abs(s.tz)
  return `${DAYS[d.getUTCDay()] as string} ${MONTHS[d.getUTCMonth()] as string} ${d.getUTCDate()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
}

/** The header `git show` prints before a root commit's diff (medium format). */
function showHeader (commit: GitCommit): string {
  const message = commit.message.replace(/\n+$/, '').split('\n').map((line) => `    ${line}`).join('\n')
  return bytesOf(`commit ${commit.sha}\nAuthor: ${commit.author.name} <${commit.author.email}>\nDate:   ${gitDate(commit.author)}\n\n${message}\n\n`)
}

interface Side { path: string, mode: GitMode, sha: string }

interface FilePair { before: Side | null, after: Side | null }

/** Added, removed and modified paths against the first parent, exact renames paired, in git's order. */
function filePairs (git: FakeGitRepo, commit: GitCommit): FilePair[] {
  const parent = commit.parents[0] !== undefined ? getCommit(git, commit.parents[0]) : undefined
  const before = parent !== undefined ? flattenTree(git, parent.tree) : new Map<string, PathEntry>()
  const after = flattenTree(git, commit.tree)
  const side = (e: PathEntry): Side => ({ path: e.path, mode: e.mode, sha: e.sha })
  const added: Side[] = []
  const removed: Side[] = []
  const pairs: FilePair[] = []
  for (const [path, e] of after) {
    const old = before.get(path)
    if (old === undefined) added.push(side(e))
    else if (old.sha !== e.sha || old.mode !== e.mode) {
      // A file that became a symlink or submodule (or back) is a deletion and an addition.
      const kind = (m: GitMode): string => m === '100755' ? '100644' : m
      if (kind(old.mode) !== kind(e.mode)) { removed.push(side(old)); added.push(side(e)) } else pairs.push({ before: side(old), after: side(e) })
    }
  }
  for (const [path, e] of before) if (!after.has(path)) removed.push(side(e))
  // -M: an added file with exactly a removed file's content and mode is that file renamed.
  const unused = [...removed].sort((a, b) => (a.path < b.path ? -1 : 1))
  for (const add of added) {
    const at = unused.findIndex((r) => r.sha === add.sha && r.mode === add.mode && r.mode !== '160000')
    if (at === -1) pairs.push({ before: null, after: add })
    else pairs.push({ before: unused.splice(at, 1)[0] as Side, after: add })
  }
  for (const rest of unused) pairs.push({ before: rest, after: null })
  const key = (p: FilePair): string => (p.after ?? p.before as Side).path
  const sameKey = (p: FilePair): number => (p.after === null ? 0 : 1) // a deletion before an addition at the same path
  return pairs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : sameKey(a) - sameKey(b)))
}

/** The bytes behind a side: a blob, or "Subproject commit <sha>\n" for a submodule. */
function sideBytes (git: FakeGitRepo, s: Side | null, start = 0, end?: number): Buffer {
  if (s === null) return Buffer.alloc(0)
  if (s.mode === '160000') return Buffer.from(`Subproject commit ${s.sha}\n`).subarray(start, end)
  const blob = getBlob(git, s.sha)
  return blob === undefined ? Buffer.alloc(0) : blobBytes(blob, start, end ?? blob.size)
}

function sideSize (git: FakeGitRepo, s: Side | null): number {
  if (s === null) return 0
  if (s.mode === '160000') return 59
  return getBlob(git, s.sha)?.size ?? 0
}

function isBinarySide (git: FakeGitRepo, s: Side | null): boolean {
  if (s === null || s.mode === '160000') return false
  return sideBytes(git, s, 0, Math.min(8000, sideSize(git, s))).includes(0)
}

function abbrev (s: Side | null): string {
  return s === null ? ZERO : s.sha.slice(0, 7)
}

/** Lines of a side; a last line without "\n" is marked so it differs from the same text with one. */
const NO_EOL = '\u0000noeol'

function linesOf (text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  else lines[lines.length - 1] += NO_EOL
  return lines
}

function printLine (prefix: string, line: string): string {
  return line.endsWith(NO_EOL) ? `${prefix}${line.slice(0, -NO_EOL.length)}\n\\ No newline at end of file\n` : `${prefix}${line}\n`
}

/** git's default funcname: the nearest line above that starts with a letter, "_" or "$". */
function funcName (a: string[], before: number): string {
  for (let i = before - 1; i >= 0; i--) {
    const line = (a[i] as string).replace(NO_EOL, '')
    if (/^[A-Za-z_$]/.test(line)) return ' ' + line.replace(/\s+$/, '').slice(0, 80)
  }
  return ''
}

function range (start: number, count: number): string {
  if (count === 0) return `${start - 1 < 0 ? 0 : start - 1},0`
  return count === 1 ? String(start) : `${start},${count}`
}

/** Unified hunks for two line arrays. */
function hunks (a: string[], b: string[]): string {
  const ops = editScript(a, b)
  // Positions (in ops) of changes, grouped into hunks with CONTEXT lines around.
  const changeAt: number[] = []
  ops.forEach((op, i) => { if (op !== 0) changeAt.push(i) })
  let out = ''
  let g = 0
  while (g < changeAt.length) {
    let last = g
    while (last + 1 < changeAt.length && (changeAt[last + 1] as number) - (changeAt[last] as number) <= 2 * CONTEXT + 1) last++
    const from = Math.max(0, (changeAt[g] as number) - CONTEXT)
    const to = Math.min(ops.length, (changeAt[last] as number) + CONTEXT + 1)
    // Line numbers at `from`.
    let ai = 0
    let bi = 0
    for (let i = 0; i < from; i++) {
      if (ops[i] !== 2) ai++
      if (ops[i] !== 1) bi++
    }
    let body = ''
    let aCount = 0
    let bCount = 0
    let aPos = ai
    let bPos = bi
    for (let i = from; i < to; i++) {
      const op = ops[i]
      if (op === 0) { body += printLine(' ', a[aPos] as string); aPos++; bPos++; aCount++; bCount++ } else if (op === 1) { body += printLine('-', a[aPos] as string); aPos++; aCount++ } else { body += printLine('+', b[bPos] as string); bPos++; bCount++ }
    }
    out += `@@ -${range(ai + 1, aCount)} +${range(bi + 1, bCount)} @@${funcName(a, ai)}\n${body}`
    g = last + 1
  }
  return out
}

/** Lines of a side whose every line is added or deleted, streamed: `prefix` before each line. */
function * wholeSide (git: FakeGitRepo, s: Side, prefix: '+' | '-'): Generator<string> {
  const size = sideSize(git, s)
  let lines = 0
  for (let start = 0; start < size; start += CHUNK) {
    for (const byte of sideBytes(git, s, start, Math.min(size, start + CHUNK))) if (byte === 10) lines++
  }
  const endsWithNewline = size === 0 || sideBytes(git, s, size - 1, size)[0] === 10
  if (!endsWithNewline) lines++
  yield prefix === '+' ? `@@ -0,0 +${range(1, lines)} @@\n` : `@@ -${range(1, lines)} +0,0 @@\n`
  let carry = ''
  for (let start = 0; start < size; start += CHUNK) {
    const text = carry + sideBytes(git, s, start, Math.min(size, start + CHUNK)).toString('latin1')
    const cut = text.lastIndexOf('\n')
    carry = text.slice(cut + 1)
    if (cut >= 0) yield prefix + text.slice(0, cut).split('\n').join('\n' + prefix) + '\n'
  }
  if (carry !== '') yield `${prefix}${carry}\n\\ No newline at end of file\n`
}

function * fileDiff (git: FakeGitRepo, pair: FilePair): Generator<string> {
  const { before, after } = pair
  const aName = quotePath('a/', (before ?? after as Side).path)
  const bName = quotePath('b/', (after ?? before as Side).path)
  let header = `diff --git ${aName} ${bName}\n`
  const renamed = before !== null && after !== null && before.path !== after.path
  const contentChanged = before === null || after === null || before.sha !== after.sha
  if (before === null && after !== null) header += `new file mode ${after.mode}\nindex ${ZERO}..${abbrev(after)}\n`
  else if (after === null && before !== null) header += `deleted file mode ${before.mode}\nindex ${abbrev(before)}..${ZERO}\n`
  else if (before !== null && after !== null) {
    if (before.mode !== after.mode) header += `old mode ${before.mode}\nnew mode ${after.mode}\n`
    if (renamed) header += `similarity index 100%\nrename from ${quotePath('', before.path)}\nrename to ${quotePath('', after.path)}\n`
    if (contentChanged) header += `index ${abbrev(before)}..${abbrev(after)}${before.mode === after.mode ? ` ${after.mode}` : ''}\n`
  }
  yield header
  if (!contentChanged) return
  if (sideSize(git, before) === 0 && sideSize(git, after) === 0) return
  if (isBinarySide(git, before) || isBinarySide(git, after)) {
    yield `Binary files ${before === null ? '/dev/null' : aName} and ${after === null ? '/dev/null' : bName} differ\n`
    return
  }
  yield `--- ${before === null ? '/dev/null' : aName}\n+++ ${after === null ? '/dev/null' : bName}\n`
  if (before === null) { yield * wholeSide(git, after as Side, '+'); return }
  if (after === null) { yield * wholeSide(git, before, '-'); return }
  yield hunks(linesOf(sideBytes(git, before).toString('latin1')), linesOf(sideBytes(git, after).toString('latin1')))
}

/** The diff Gitea's `.diff` endpoint sends for `commit`, as byte strings (one char per byte) in order. */
export function * commitDiff (git: FakeGitRepo, commit: GitCommit): Generator<string> {
  if (commit.parents.length === 0) yield showHeader(commit)
  for (const pair of filePairs(git, commit)) yield * fileDiff(git, pair)
}

/** The whole diff as bytes (for tests; the server streams it). */
export function commitDiffBytes (git: FakeGitRepo, commit: GitCommit): Buffer {
  return Buffer.concat([...commitDiff(git, commit)].map((part) => Buffer.from(part, 'latin1')))
}
