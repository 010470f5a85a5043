// History endpoints (routers/api/v1/repo/{commits,compare}.go) and the batch
// file read (repo/file.go GetFileContentsGet): the commit list with its
// filters, one commit, its diff, a comparison of two refs, and several files
// at once.

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type FakeRepository, isEmptyRepo } from './data.js'
import type { GitCommit } from './git-objects.js'
import { commitDiff } from './git-diff.js'
import { formBool, formString } from './go-format.js'
import { COMMITS_RANGE_SIZE, DEFAULT_PAGING_NUM, listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { type ResolvedRef, apiCommit, apiContents } from './responses.js'
import { FULL_SHA, getCommit, history, lookupPath, peelToCommit, revParse, touchesPath } from './revision.js'

/** `stat`, `files` and `verification` default to true (ParseCommitOptions). */
function commitOption (state: RequestState, key: string): boolean {
  return formString(state.query, key) === '' || formBool(state.query, key)
}

function commitOptions (state: RequestState): { stat: boolean, files: boolean, verification: boolean } {
  return { stat: commitOption(state, 'stat'), files: commitOption(state, 'files'), verification: commitOption(state, 'verification') }
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/

/** Go's time.Parse(time.RFC3339, value) as Unix seconds, or undefined where Go returns an error. */
export function parseRfc3339 (value: string): number | undefined {
  const m = RFC3339.exec(value)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined
  const zone = m[8] as string
  let offset = 0
  if (zone !== 'Z' && zone !== 'z') {
    const zh = Number(m[9])
    const zm = Number(m[10])
    if (zh > 23 || zm > 59) return undefined
    offset = (zh * 60 + zm) * (zone.startsWith('-') ? -1 : 1)
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset * 60
}

/**
 * GET .../commits: 409 for an empty repository. Without `path`: `sha` any
 * revision (404 with a `null` body when unknown), `limit` capped at 50. With
 * `path`: pages of [git] COMMITS_RANGE_SIZE (50) whatever `limit` says, 404
 * "FileCommitsCount" when no commit touches it, and a 500 for an unknown
 * `sha` (git rev-list fails). `since`/`until` (RFC 3339, else 422) keep
 * commits by committer date. Headers: X-Total-Count and Link (from `limit`),
 * and the legacy X-Page/X-PerPage/X-Total/X-PageCount/X-HasMore.
 */
export function listCommits (state: RequestState, repo: FakeRepository): void {
  if (isEmptyRepo(repo)) {
    apiError(state, 409, 'Git Repository is empty.')
    return
  }
  const bounds: Record<'since' | 'until', number | undefined> = { since: undefined, until: undefined }
  for (const key of ['since', 'until'] as const) {
    const value = formString(state.query, key)
    if (value === '') continue
    bounds[key] = parseRfc3339(value)
    if (bounds[key] === undefined) {
      apiError(state, 422, `invalid '${key}' format, expected ISO 8601 (RFC3339)`)
      return
    }
  }
  const opts = listOptions(state.query)
  const pageSize = Math.min(opts.pageSize, COMMITS_RANGE_SIZE)
  const path = formString(state.query, 'path')
  const sha = formString(state.query, 'sha')
  const start = sha === '' ? repo.git.branches.get(repo.defaultBranch) : revParse(repo.git, repo.defaultBranch, sha)
  const base = start !== undefined ? peelToCommit(repo.git, start) : undefined
  if (base === undefined) {
    if (path !== '') apiError(state, 500, '')
    else sendJson(state.res, 404, null)
    return
  }
  let commits = history(repo.git, base.sha)
  if (path !== '') commits = commits.filter((c) => touchesPath(repo.git, c, path))
  commits = commits.filter((c) => (bounds.since === undefined || c.committer.when >= bounds.since) && (bounds.until === undefined || c.committer.when <= bounds.until))
  const total = commits.length
  if (path !== '' && total === 0) {
    notFound(state, 'FileCommitsCount')
    return
  }
  const shown = pageOf(commits, opts.page, path !== '' ? COMMITS_RANGE_SIZE : pageSize)
  const pageCount = Math.ceil(total / pageSize)
  const body = shown.map((c) => apiCommit(state.ctx, repo, c, commitOptions(state)))
  setLinkHeader(state, total, pageSize, opts.rawPage)
  setTotalCount(state, total)
  const res = state.res
  res.setHeader('X-Page', String(opts.page))
  res.setHeader('X-PerPage', String(pageSize))
  res.setHeader('X-Total', String(total))
  res.setHeader('X-PageCount', String(pageCount))
  res.setHeader('X-HasMore', String(opts.page < pageCount))
  res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count, X-PerPage, X-Total, X-PageCount, X-HasMore, Link')
  sendJson(res, 200, body)
}

/** git.IsValidRefPattern: what git check-ref-format would accept as a name (a SHA passes too). */
export function isValidRefPattern (name: string): boolean {
  // eslint-disable-next-line no-control-regex -- git refuses control characters in a ref name
  if (name === '' || /[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return false
  if (name.includes('..') || name.includes('@{') || name.includes('//') || name === '@') return false
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock') || name.startsWith('-')) return false
  return !name.split('/').some((part) => part.startsWith('.'))
}

/** Repository.GetCommit: any revision, tags peeled to their commit. */
function resolveCommit (repo: FakeRepository, rev: string): GitCommit | undefined {
  const sha = revParse(repo.git, repo.defaultBranch, rev)
  return sha !== undefined ? peelToCommit(repo.git, sha) : undefined
}

/** GET .../git/commits/{sha}: 422 for a name git would refuse, 404 `{"message": sha}` when unknown. */
export function getSingleCommit (state: RequestState, repo: FakeRepository, sha: string): void {
  if (!isValidRefPattern(sha)) {
    apiError(state, 422, `no valid ref or sha: ${sha}`)
    return
  }
  const commit = isEmptyRepo(repo) ? undefined : resolveCommit(repo, sha)
  if (commit === undefined) {
    notFound(state, sha)
    return
  }
  sendJson(state.res, 200, apiCommit(state.ctx, repo, commit, commitOptions(state)))
}

/**
 * GET .../git/commits/{sha}.diff: git.GetRawDiff writes straight to the
 * response (Go sniffs it as text/plain), streamed; 404 `{"message": sha}`
 * when the commit is unknown.
 */
export async function getCommitDiff (state: RequestState, repo: FakeRepository, sha: string): Promise<void> {
  const commit = isEmptyRepo(repo) ? undefined : resolveCommit(repo, sha)
  if (commit === undefined) {
    notFound(state, sha)
    return
  }
  const res = state.res
  res.statusCode = 200
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  async function * chunks (): AsyncGenerator<Buffer> {
    let pending: string[] = []
    let size = 0
    for (const part of commitDiff(repo.git, commit as GitCommit)) {
      pending.push(part)
      size += part.length
      if (size >= 64 * 1024) {
        yield Buffer.from(pending.join(''), 'latin1')
        pending = []
        size = 0
      }
    }
    if (pending.length > 0) yield Buffer.from(pending.join(''), 'latin1')
  }
  // A client that stops reading (a size cap) closes the socket; that ends the pipeline, which is fine.
  await pipeline(Readable.from(chunks()), res).catch(() => {})
}

/** Commits reachable from `head` and not from `base` (git log base..head), newest first. */
function commitsBetween (repo: FakeRepository, base: GitCommit, head: GitCommit): GitCommit[] {
  const excluded = new Set(history(repo.git, base.sha).map((c) => c.sha))
  return history(repo.git, head.sha).filter((c) => !excluded.has(c.sha))
}

/** A compare side: a branch, a tag, or a commit SHA (7 to 40 hex digits). */
function compareSide (repo: FakeRepository, name: string): GitCommit | undefined {
  const target = repo.git.branches.get(name) ?? repo.git.tags.get(name)
  if (target !== undefined) return peelToCommit(repo.git, target)
  if (/^[0-9a-f]{7,40}$/.test(name)) {
    const sha = revParse(repo.git, repo.defaultBranch, name)
    return sha !== undefined ? getCommit(repo.git, sha) : undefined
  }
  return undefined
}

/**
 * GET .../compare/{base}...{head} (also `base..head`, or just `head` against
 * the default branch): `{total_commits, commits}` with stats always, files
 * unless files=false; no diff text and no paging. 404 for an empty repository
 * or a side that is not a branch, tag or commit.
 */
export function compare (state: RequestState, repo: FakeRepository, basehead: string): void {
  if (isEmptyRepo(repo)) { notFound(state); return }
  let sides = [repo.defaultBranch, repo.defaultBranch]
  if (basehead !== '') {
    sides = basehead.includes('...') ? splitOnce(basehead, '...') : basehead.includes('..') ? splitOnce(basehead, '..') : [repo.defaultBranch, basehead]
  }
  const base = compareSide(repo, sides[0] as string)
  const head = compareSide(repo, sides[1] as string)
  if (base === undefined || head === undefined) { notFound(state); return }
  const commits = commitsBetween(repo, base, head)
  const options = { stat: true, files: commitOption(state, 'files'), verification: commitOption(state, 'verification') }
  sendJson(state.res, 200, { total_commits: commits.length, commits: commits.map((c) => apiCommit(state.ctx, repo, c, options)) })
}

function splitOnce (value: string, separator: string): [string, string] {
  const at = value.indexOf(separator)
  return [value.slice(0, at), value.slice(at + separator.length)]
}

/**
 * GET .../file-contents?ref=&body={"files":[...]}: the files' contents (with
 * content, like a single-file contents call) in the order asked, `null` for a
 * path that cannot be read, at most DEFAULT_PAGING_NUM (30) of them. 400 for a
 * body that is not that JSON; 404 for an unknown ref.
 */
export function getFileContentsBatch (state: RequestState, repo: FakeRepository): void {
  let files: unknown
  try {
    files = (JSON.parse(formString(state.query, 'body')) as { files?: unknown }).files
  } catch {
    files = undefined
  }
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) {
    apiError(state, 400, 'invalid request body: expected {"files": ["path", ...]}')
    return
  }
  if (isEmptyRepo(repo)) { notFound(state); return }
  const inputRef = formString(state.query, 'ref').trim() || repo.defaultBranch
  const ref = resolveBatchRef(repo, inputRef)
  if (ref === undefined) {
    notFound(state, 'not found', [`object does not exist [id: ${inputRef}, rel_path: ]`])
    return
  }
  const out: unknown[] = []
  for (const path of files) {
    const clean = path.split('/').filter((part) => part !== '' && part !== '.').join('/')
    const entry = clean === '' || clean.split('/').includes('..') ? undefined : lookupPath(repo.git, ref.commit.tree, clean)
    out.push(entry === undefined ? null : apiContents(state.ctx, repo, ref, entry, true))
    if (out.length === DEFAULT_PAGING_NUM) break
  }
  sendJson(state.res, 200, out)
}

/** utils.ResolveRefCommit: a branch, a tag, or a full commit SHA. */
function resolveBatchRef (repo: FakeRepository, inputRef: string): ResolvedRef | undefined {
  for (const [kind, refs] of [['branch', repo.git.branches], ['tag', repo.git.tags]] as const) {
    const target = refs.get(inputRef)
    const commit = target !== undefined ? peelToCommit(repo.git, target) : undefined
    if (commit !== undefined) return { inputRef, kind, name: inputRef, commit }
  }
  if (FULL_SHA.test(inputRef)) {
    const commit = getCommit(repo.git, inputRef)
    if (commit !== undefined) return { inputRef, kind: 'commit', name: inputRef, commit }
  }
  return undefined
}
