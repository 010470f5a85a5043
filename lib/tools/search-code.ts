import { Type, type Static } from 'typebox'
import type { GiteaContent } from '../gitea/types.js'
import { fitPage } from './budget.js'
import { codeSearchCacheFor, type CodeIndex, type IndexedFile, type SkippedFile, type SkipReason } from './code-search-cache.js'
import { isGiteaError } from './commits.js'
import { callOptions, fileWebUrl, getRepository, mapLimit, repoWebUrl, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { EscapedCharacters, escapeEach, escapeFields, Note, unwrap } from './sanitize.js'
import { DirPath, MAX_LIMIT, Owner, PageArg, pageArgs, Ref, Repo } from './schemas.js'
import { decodeText, formatBytes, safeStringCut } from './text.js'
import { readRecursiveTree, type TreeEntry } from './tree.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

// How search_code works, and its documented limits:
// - Gitea's API has no code search, so the server searches itself: the ref is
//   resolved to a commit SHA, the recursive tree at that commit is read (up to
//   SEARCH_CODE_TREE_ENTRIES entries), and the text files in it are read in
//   batches of up to 30 (Gitea's `file-contents`), skipping files larger than
//   SEARCH_CODE_MAX_FILE_BYTES (or MAX_FILE_SIZE_BYTES when smaller), binary
//   files (by extension, then a NUL byte or bytes that are not UTF-8), and
//   everything past SEARCH_CODE_MAX_FILES files or SEARCH_CODE_MAX_TOTAL_BYTES
//   of text. When the whole repository does not fit and `path` is given, only
//   that directory is read, so any part of a large repository can be searched.
// - The text read is kept per repository + commit SHA in a bounded LRU
//   (code-search-cache.ts: CODE_CACHE_ENTRIES indexes, CODE_CACHE_BYTES in
//   all), so a second search of the same commit, whatever the query, costs one
//   call to resolve the ref and no file reads.
// - Matching is a substring search on each line, ignoring case unless
//   `case_sensitive`; results are files in path order, each with up to
//   SEARCH_CODE_LINES_PER_FILE matching lines (number and a snippet of at most
//   SEARCH_CODE_SNIPPET_CHARS characters), SEARCH_CODE_DEFAULT_LIMIT files a page.

export const SEARCH_CODE_TREE_ENTRIES = 20_000
export const SEARCH_CODE_MAX_FILES = 5000
export const SEARCH_CODE_MAX_FILE_BYTES = 256 * 1024
export const SEARCH_CODE_MAX_TOTAL_BYTES = 16 * 1024 * 1024
export const SEARCH_CODE_LINES_PER_FILE = 5
export const SEARCH_CODE_SNIPPET_CHARS = 200
export const SEARCH_CODE_DEFAULT_LIMIT = 20
/**
 * How long one search spends reading files before it answers with what it
 * has (the batches already started finish); the next search of the same
 * commit reads on from there.
 */
export const SEARCH_CODE_BUDGET_MS = 15_000
/** Files per `file-contents` call (Gitea answers at most 30). */
const BATCH_FILES = 30
/** Longest query string of one `file-contents` call, so proxies in front of Gitea accept it. */
const BATCH_URL_CHARS = 6000
const BATCH_CONCURRENCY = 4

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'bmp', 'tif', 'tiff', 'psd', 'pdf', 'zip', 'jar', 'war', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'exe', 'dll', 'so', 'dylib', 'a', 'o', 'class', 'wasm', 'bin', 'mp3', 'mp4', 'mov', 'avi', 'webm',
  'ogg', 'wav', 'flac', 'sqlite', 'db', 'pyc'
])

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  query: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Text to find (no regular expressions), e.g. "parseConfig"'
  }),
  ref: Type.Optional(Ref),
  path: Type.Optional({ ...DirPath, description: 'Only under this directory or file' }),
  case_sensitive: Type.Optional(Type.Boolean({ default: false })),
  page: Type.Optional(PageArg),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: SEARCH_CODE_DEFAULT_LIMIT }))
}, { additionalProperties: false })

const Match = Type.Object({
  line: Type.Integer({ description: 'Line number (1-based): pass it as `start_line` to get_file_contents' }),
  text: Type.String({ description: `The line, or at most ${SEARCH_CODE_SNIPPET_CHARS} characters of it around the match ("…" where cut)` })
})

const Result = Type.Object({
  path: Type.String(),
  url: Type.String({ description: 'Web page of the file at the commit searched' }),
  match_count: Type.Integer({ description: 'Lines of this file that match' }),
  matches: Type.Array(Match, { description: `The first ${SEARCH_CODE_LINES_PER_FILE} matching lines` })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  ref: Type.String({ description: 'The branch, tag or commit searched' }),
  commit_sha: Type.String({ description: 'The commit it resolved to: pass it as `ref` to get_file_contents to read exactly what was searched' }),
  query: Type.String(),
  case_sensitive: Type.Boolean(),
  path: Type.Union([Type.String(), Type.Null()], { description: 'The directory searched; null for the whole repository' }),
  results: Type.Array(Result),
  total_files: Type.Integer({ description: 'Files that match, in all' }),
  total_matches: Type.Integer({ description: 'Matching lines, in all' }),
  page: Type.Integer(),
  limit: Type.Integer(),
  has_more: Type.Boolean({ description: 'More matching files follow: ask for the page in `next`' }),
  truncated: Type.Boolean({ description: 'This page was cut to fit the response size limit; `next` continues right after the last file shown' }),
  next: Type.Optional(Type.Object({ page: Type.Integer(), limit: Type.Integer() }, { description: 'Arguments (with the same query) that ask for the next files' })),
  searched: Type.Object({
    files: Type.Integer({ description: 'Text files searched' }),
    bytes: Type.Integer()
  }),
  skipped: Type.Object({
    too_large: Type.Integer({ description: 'Files over the per-file limit' }),
    binary: Type.Integer({ description: 'Binary files, or text not in UTF-8' }),
    over_limit: Type.Integer({ description: 'Files past the limits on files or bytes searched per repository' }),
    unreadable: Type.Integer()
  }, { description: 'Files not searched, by reason' }),
  complete: Type.Boolean({ description: 'Every text file in scope within the per-file limit was searched' }),
  cached: Type.Boolean({ description: 'The files came from the cache of an earlier search of the same commit' }),
  escaped_characters: EscapedCharacters,
  note: Note
})

type Output = Static<typeof output>
type ResultT = Static<typeof Result>

function extension (path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase()
}

function inScope (scope: string, path: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}/`)
}

export interface Plan {
  scope: string
  read: TreeEntry[]
  skipped: SkippedFile[]
  complete: boolean
}

/** Which files to read: text-looking files under `scope`, within the limits, in tree order. */
export function plan (entries: readonly TreeEntry[], scope: string, maxFileBytes: number, maxTotalBytes = SEARCH_CODE_MAX_TOTAL_BYTES): Plan {
  const skipped: SkippedFile[] = []
  const read: TreeEntry[] = []
  // The index names every file in scope (read or skipped): their paths come off the top.
  let bytes = 0
  for (const entry of entries) if (entry.type === 'file' && inScope(scope, entry.path)) bytes += entry.path.length
  let complete = true
  for (const entry of entries) {
    if (entry.type !== 'file' || !inScope(scope, entry.path)) continue
    const size = entry.size ?? 0
    if (BINARY_EXTENSIONS.has(extension(entry.path))) { skipped.push({ path: entry.path, reason: 'binary' }); continue }
    if (size > maxFileBytes) { skipped.push({ path: entry.path, reason: 'too_large' }); continue }
    if (read.length >= SEARCH_CODE_MAX_FILES || bytes + size > maxTotalBytes) {
      skipped.push({ path: entry.path, reason: 'over_limit' })
      complete = false
      continue
    }
    read.push(entry)
    bytes += size
  }
  return { scope, read, skipped, complete }
}

/** Batches of paths for `file-contents`: at most 30 each, and a query string a proxy accepts. */
function batches (paths: readonly string[]): string[][] {
  const out: string[][] = []
  let current: string[] = []
  let chars = 0
  for (const path of paths) {
    const cost = encodeURIComponent(JSON.stringify(path)).length + 3
    if (current.length > 0 && (current.length >= BATCH_FILES || chars + cost > BATCH_URL_CHARS)) {
      out.push(current)
      current = []
      chars = 0
    }
    current.push(path)
    chars += cost
  }
  if (current.length > 0) out.push(current)
  return out
}

/** Text files read so far and the files skipped on the way. */
interface Reading {
  texts: Map<string, string>
  skipped: SkippedFile[]
  /** Paths not read because the time ran out, in plan order. */
  unread: string[]
}

/**
 * Reads `paths` (batch by batch, re-asking for any Gitea left out) until
 * `deadline`: the first batch is always read; after the deadline no new
 * batch starts, and the paths of those never started are `unread`.
 */
async function readFiles (ctx: ToolContext, owner: string, repo: string, commit: string, paths: readonly string[], deadline: number): Promise<Reading> {
  const skipped: SkippedFile[] = []
  const skip = (path: string, reason: SkipReason): void => { skipped.push({ path, reason }) }
  const texts = new Map<string, string>()
  const read = async (batch: string[]): Promise<void> => {
    let rest = batch
    while (rest.length > 0) {
      ctx.signal?.throwIfAborted()
      const got: Array<GiteaContent | null> = await ctx.gitea.getFileContentsBatch(owner, repo, rest, commit, callOptions(ctx))
      if (got.length === 0) {
        for (const path of rest) skip(path, 'unreadable')
        return
      }
      got.slice(0, rest.length).forEach((content, i) => {
        const path = rest[i] as string
        if (content === null || content.type !== 'file') { skip(path, 'unreadable'); return }
        if (content.content === null || content.encoding !== 'base64') { skip(path, 'too_large'); return }
        const decoded = decodeText(Buffer.from(content.content, 'base64'))
        if (decoded.binary) { skip(path, 'binary'); return }
        texts.set(path, decoded.text)
      })
      // Gitea stops early past its own limits: ask again for the rest.
      rest = rest.slice(got.length)
    }
  }
  const all = batches(paths)
  // Batches start in order, so what was read is always a prefix of `paths`.
  let started = 0
  await mapLimit(all, BATCH_CONCURRENCY, async (batch, i) => {
    if (i > 0 && Date.now() >= deadline) return
    started = Math.max(started, i + 1)
    await read(batch)
  })
  const unread = all.slice(started).flat()
  return { texts, skipped, unread }
}

/** What an index holds in bytes: its texts and every path it names. */
function indexBytes (files: readonly IndexedFile[], skipped: readonly SkippedFile[], unread: readonly string[]): number {
  let bytes = 0
  for (const file of files) bytes += Buffer.byteLength(file.text, 'utf8') + file.path.length
  for (const file of skipped) bytes += file.path.length
  for (const path of unread) bytes += path.length
  return bytes
}

/** Reads the planned files into an index, within the time budget. */
async function buildIndex (ctx: ToolContext, owner: string, repo: string, commit: string, chosen: Plan, treeTruncated: boolean, deadline: number): Promise<CodeIndex> {
  const reading = await readFiles(ctx, owner, repo, commit, chosen.read.map((entry) => entry.path), deadline)
  const files: IndexedFile[] = []
  for (const entry of chosen.read) {
    const text = reading.texts.get(entry.path)
    if (text !== undefined) files.push({ path: entry.path, text })
  }
  const skipped = [...chosen.skipped, ...reading.skipped]
  return {
    commit,
    scope: chosen.scope,
    files,
    bytes: indexBytes(files, skipped, reading.unread),
    skipped,
    complete: chosen.complete && !treeTruncated,
    treeTruncated,
    unread: reading.unread
  }
}

/** The index with the next files of its `unread` read (within the time budget): a new index, in tree order still. */
async function extendIndex (ctx: ToolContext, owner: string, repo: string, index: CodeIndex, deadline: number): Promise<CodeIndex> {
  const reading = await readFiles(ctx, owner, repo, index.commit, index.unread, deadline)
  const files = [...index.files]
  for (const path of index.unread) {
    const text = reading.texts.get(path)
    if (text !== undefined) files.push({ path, text })
  }
  const skipped = [...index.skipped, ...reading.skipped]
  return { ...index, files, skipped, unread: reading.unread, bytes: indexBytes(files, skipped, reading.unread) }
}

function escapeRegExp (text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

/** The line, or a window of it around the match, at most SEARCH_CODE_SNIPPET_CHARS characters. */
function snippet (line: string, column: number, length: number): string {
  const clean = line.endsWith('\r') ? line.slice(0, -1) : line
  if (clean.length <= SEARCH_CODE_SNIPPET_CHARS) return clean
  const room = SEARCH_CODE_SNIPPET_CHARS - 2
  let start = Math.max(0, Math.min(column - Math.floor((room - length) / 2), clean.length - room))
  if (start > 0 && clean.charCodeAt(start) >= 0xdc00 && clean.charCodeAt(start) <= 0xdfff) start++
  const end = safeStringCut(clean, start + room)
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`
}

interface FileMatches { path: string, count: number, matches: Array<{ line: number, column: number, text: string, length: number }> }

/** Matching lines of one file (all counted, the first few kept). */
function searchFile (file: IndexedFile, pattern: RegExp): FileMatches | null {
  pattern.lastIndex = 0
  let found = pattern.exec(file.text)
  if (found === null) return null
  const result: FileMatches = { path: file.path, count: 0, matches: [] }
  const text = file.text
  let line = 1
  let lineStart = 0
  let scanned = 0
  let lastLine = 0
  while (found !== null) {
    const at = found.index
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
      line++
      lineStart = i + 1
    }
    scanned = at
    if (line !== lastLine) {
      lastLine = line
      result.count++
      if (result.matches.length < SEARCH_CODE_LINES_PER_FILE) {
        const end = text.indexOf('\n', at)
        result.matches.push({ line, column: at - lineStart, length: found[0].length, text: text.slice(lineStart, end === -1 ? text.length : end) })
      }
    }
    // Go on from the next line: one entry per line.
    const next = text.indexOf('\n', at)
    if (next === -1) break
    pattern.lastIndex = next + 1
    found = pattern.exec(text)
  }
  return result
}

export const searchCode: ToolDefinition<typeof input, typeof output> = {
  name: 'search_code',
  toolset: 'code',
  title: 'Search code in a repository',
  description: 'Finds text in the files of one repository at a branch, tag or commit, e.g. where `parseConfig` is used: a plain substring within a line, ' +
    `case ignored unless \`case_sensitive\`. Returns matching files in path order with line numbers and up to ${SEARCH_CODE_LINES_PER_FILE} snippet lines each. ` +
    `Reads text files up to ${formatBytes(SEARCH_CODE_MAX_FILE_BYTES)}, at most ${SEARCH_CODE_MAX_FILES} files and ${formatBytes(SEARCH_CODE_MAX_TOTAL_BYTES)} ` +
    '(`skipped` and `complete` say what was left out). Read a hit with get_file_contents (`ref` = commit_sha, `start_line`).',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer files with a smaller `limit`, or a narrower `path`.',
  async run (args, ctx) {
    const { owner, repo, query } = args
    const scope = args.path ?? ''
    const caseSensitive = args.case_sensitive === true
    const { page, limit } = pageArgs(args, SEARCH_CODE_DEFAULT_LIMIT)
    if (/[\r\n]/.test(query)) throw new ToolError('invalid_arguments', 'Invalid arguments: `query` must be one line: matches are found within a line.')
    const call = callOptions(ctx)
    const repository = await getRepository(ctx, owner, repo)
    const ref = args.ref ?? repository.default_branch
    const base = { owner, repo, ref, query, case_sensitive: caseSensitive, path: scope === '' ? null : scope }
    const nothing = (note: string): Output => ({
      ...base,
      commit_sha: '',
      results: [],
      total_files: 0,
      total_matches: 0,
      page,
      limit,
      has_more: false,
      truncated: false,
      searched: { files: 0, bytes: 0 },
      skipped: { too_large: 0, binary: 0, over_limit: 0, unreadable: 0 },
      complete: true,
      cached: false,
      note
    })
    if (repository.empty === true) return nothing('The repository is empty: it has no files yet.')

    // Resolve the ref to one commit: the cache key must name exactly what was read.
    let commit: string
    try {
      commit = (await ctx.gitea.getCommit(owner, repo, ref, {}, call)).sha
    } catch (error) {
      if (isGiteaError(error, 'empty_repository')) return nothing('The repository is empty: it has no files yet.')
      throw withAdvice(error, 'Check `ref` with list_branches or list_tags (a branch, tag or commit SHA).', ['not_found', 'bad_request'])
    }

    const cache = ctx.codeCache ?? codeSearchCacheFor(ctx.gitea)
    const deadline = Date.now() + (ctx.searchCodeBudgetMs ?? SEARCH_CODE_BUDGET_MS)
    // An index never holds more than the whole cache may.
    const maxTotalBytes = Math.min(SEARCH_CODE_MAX_TOTAL_BYTES, cache.maxBytes)
    const key = (forScope: string): string => `${owner.toLowerCase()}/${repo.toLowerCase()}@${commit}#${forScope}`
    const whole = cache.get(key(''))
    let index: CodeIndex | undefined = whole !== undefined && ((whole.complete && whole.unread.length === 0) || scope === '') ? whole : undefined
    if (index === undefined && scope !== '') index = cache.get(key(scope))
    const cached = index !== undefined
    if (cached) cache.noteHit()
    if (index !== undefined && index.unread.length > 0) {
      // A search cut short by the time budget: read on from where it stopped.
      const partial = index
      const storeKey = key(partial.scope)
      index = await cache.getOrBuild(`${storeKey}>more`, async () => await extendIndex(ctx, owner, repo, partial, deadline), () => storeKey)
    }
    if (index === undefined) {
      index = await cache.getOrBuild(`${key('')}>${scope}`, async () => {
        let tree
        try {
          tree = await readRecursiveTree(ctx, owner, repo, commit, '', SEARCH_CODE_TREE_ENTRIES)
        } catch (error) {
          throw withAdvice(error, 'The commit was found but its files could not be listed; try again.', ['not_found', 'bad_request'])
        }
        const maxFileBytes = Math.min(SEARCH_CODE_MAX_FILE_BYTES, ctx.limits.maxFileBytes)
        // The whole repository when it fits the limits (then any `path` can use it later), else just
        // `path` (also when the whole repository is being read in parts, over several searches).
        let chosen = plan(tree.entries, '', maxFileBytes, maxTotalBytes)
        if (scope !== '' && (!chosen.complete || whole !== undefined)) chosen = plan(tree.entries, scope, maxFileBytes, maxTotalBytes)
        return await buildIndex(ctx, owner, repo, commit, chosen, tree.truncated, deadline)
      }, (built) => key(built.scope))
    }

    // Search.
    const pattern = new RegExp(escapeRegExp(query), caseSensitive ? 'gu' : 'giu')
    const matched: FileMatches[] = []
    let totalMatches = 0
    let searchedFiles = 0
    let searchedBytes = 0
    for (const file of index.files) {
      if (!inScope(scope, file.path)) continue
      searchedFiles++
      searchedBytes += Buffer.byteLength(file.text, 'utf8')
      const found = searchFile(file, pattern)
      if (found === null) continue
      matched.push(found)
      totalMatches += found.count
    }
    const offset = (page - 1) * limit
    const repoUrl = repoWebUrl(repository)
    const results = escapeEach(matched.slice(offset, offset + limit), (file, escapes): ResultT => ({
      path: escapes.text(file.path),
      url: fileWebUrl(repoUrl, commit, file.path, 'commit'),
      match_count: file.count,
      matches: file.matches.map((m) => ({ line: m.line, text: escapes.text(snippet(m.text, m.column, m.length)) }))
    }))

    const notes: string[] = []
    const skipped = { too_large: 0, binary: 0, over_limit: 0, unreadable: 0 }
    for (const file of index.skipped) if (inScope(scope, file.path)) skipped[file.reason]++
    const unread = index.unread.filter((path) => inScope(scope, path)).length
    if (unread > 0) {
      notes.push(`Searched ${searchedFiles.toLocaleString('en-US')} of ${(searchedFiles + unread).toLocaleString('en-US')} files in the time budget; ` +
        'search again to continue, or narrow the search with `path`: the results so far are below.')
    }
    if (index.treeTruncated) notes.push(`The repository has more than ${SEARCH_CODE_TREE_ENTRIES} files and directories; only the first ${SEARCH_CODE_TREE_ENTRIES} were looked at: narrow the search with \`path\`.`)
    if (skipped.over_limit > 0) {
      notes.push(index.scope === ''
        ? `The repository is larger than this server searches at once (${SEARCH_CODE_MAX_FILES} files, ${formatBytes(SEARCH_CODE_MAX_TOTAL_BYTES)}): ${skipped.over_limit} files were not searched. Give a directory as \`path\` to search it in full.`
        : `${JSON.stringify(index.scope)} is larger than this server searches at once (${SEARCH_CODE_MAX_FILES} files, ${formatBytes(SEARCH_CODE_MAX_TOTAL_BYTES)}): ${skipped.over_limit} files were not searched. Give a narrower \`path\`.`)
    }
    if (skipped.too_large > 0) notes.push(`${skipped.too_large} files larger than ${formatBytes(Math.min(SEARCH_CODE_MAX_FILE_BYTES, ctx.limits.maxFileBytes))} were not searched.`)
    if (matched.length > 0 && offset >= matched.length) notes.push(`Page ${page} is past the last page of results (${Math.ceil(matched.length / limit)}).`)
    if (matched.length === 0) notes.push(`No line contains ${JSON.stringify(query)}${caseSensitive ? ' (case-sensitive)' : ''}.`)

    const hasMore = offset + results.length < matched.length
    return fitPage(results, { page, limit, hasMore }, (shown, paging): Output => {
      const { values, escaped } = unwrap(shown)
      return {
        ...base,
        commit_sha: commit,
        results: values,
        total_files: matched.length,
        total_matches: totalMatches,
        ...paging,
        searched: { files: searchedFiles, bytes: searchedBytes },
        skipped,
        complete: skipped.over_limit === 0 && !index.treeTruncated && unread === 0,
        cached,
        ...escapeFields(escaped, notes)
      }
    }, ctx.limits.maxResponseBytes, 'file of results')
  }
}
