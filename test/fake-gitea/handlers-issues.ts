// Issue tracker endpoints: issues and their comments, pull requests with their
// changed files and diff, releases, labels, and the instance-wide issue search
// (routers/api/v1/repo/{issue,issue_comment,pull,release,label}.go and
// services/convert/{issue,issue_comment,pull,release}.go of Gitea 1.26.3).
//
// Behaviour kept from Gitea: issues are listed newest first and, unless
// `type` says otherwise, pull requests with them; `state` defaults to open;
// `labels` keeps issues carrying every named label that exists (unknown names
// are dropped, and when none is known there is no label filter at all); `q`
// matches the title, the body or a comment (case-insensitive substring, as the
// database indexer does); comments are not paged; the label list has no Link
// header and without `page` returns every label; releases hide drafts from
// callers without write access; the issue search covers every public
// repository and every private one the caller can read, 20 per page by default.
// A changed file's status is "changed" for a modification, as Gitea says.
// The changed files are found as Gitea finds them, by parsing the diff (with
// the server's own parser, lib/tools/diff.ts); the diff itself is git-diff.ts's
// commit diff with the merge base as the parent. Not modelled: repository
// units turned off (every sample repository has issues, pulls and releases),
// assets and the `.patch` form (milestones and reviews: handlers-parity.ts).

import { atLeast, canSeeOwner, repoAccess } from './access.js'
import { type AccessMode, type FakeGiteaData, type FakeIssue, type FakeRelease, type FakeRepository, type FakeUser, findUser } from './data.js'
import { type QueryValues, formInt, formString, pathEscape, pathEscapeSegments } from './go-format.js'
import { listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { type ResponseContext, apiRepository, apiUserFor, repoApiUrl, repoHtmlUrl } from './responses.js'
import { commitDiff } from './git-diff.js'
import { getCommit } from './revision.js'
import { type DiffFile, parseDiff } from '../../lib/tools/diff.js'

type Json = Record<string, unknown>

/** setting.UI.IssuePagingNum: the issue search's default page size. */
export const ISSUE_PAGING_NUM = 20

// ---------------------------------------------------------------------------
// JSON (services/convert)

function user (ctx: ResponseContext, login: string): Json | null {
  const found = findUser(ctx.data, login)
  return found === undefined ? null : apiUserFor(ctx, found)
}

/** ToUser(ctx, u, nil): how Gitea shows assignees, mergers and comment authors to nobody in particular. */
function anonymousUser (ctx: ResponseContext, login: string): Json | null {
  return user({ ...ctx, viewer: undefined }, login)
}

function labelJson (ctx: ResponseContext, repo: FakeRepository, name: string): Json | undefined {
  const label = (repo.labels ?? []).find((l) => l.name === name)
  if (label === undefined) return undefined
  return {
    id: label.id,
    name: label.name,
    exclusive: label.exclusive,
    is_archived: label.archived,
    color: label.color,
    description: label.description,
    url: `${repoApiUrl(ctx, repo)}/labels/${label.id}`
  }
}

function issueLabels (ctx: ResponseContext, repo: FakeRepository, issue: FakeIssue): Json[] {
  return issue.labels.map((name) => labelJson(ctx, repo, name)).filter((l): l is Json => l !== undefined)
}

function issueHtmlUrl (ctx: ResponseContext, repo: FakeRepository, issue: FakeIssue): string {
  return `${repoHtmlUrl(ctx, repo)}/${issue.pull !== undefined ? 'pulls' : 'issues'}/${issue.index}`
}

/** setting.Repository.PullRequest.WorkInProgressPrefixes, matched case-insensitively. */
function isWorkInProgress (issue: FakeIssue): boolean {
  const title = issue.title.toUpperCase()
  return title.startsWith('WIP:') || title.startsWith('[WIP]')
}

/** convert.ToAPIIssue. */
export function apiIssue (ctx: ResponseContext, repo: FakeRepository, issue: FakeIssue): Json {
  const assignees = issue.assignees.map((login) => anonymousUser(ctx, login)).filter((u): u is Json => u !== null)
  const pull = issue.pull
  return {
    id: issue.id,
    url: `${repoApiUrl(ctx, repo)}/issues/${issue.index}`,
    html_url: issueHtmlUrl(ctx, repo, issue),
    number: issue.index,
    user: user(ctx, issue.author),
    original_author: '',
    original_author_id: 0,
    title: issue.title,
    body: issue.body,
    ref: '',
    assets: [],
    labels: issueLabels(ctx, repo, issue),
    milestone: null,
    assignee: assignees[0] ?? null,
    assignees: assignees.length > 0 ? assignees : null,
    state: issue.state,
    is_locked: issue.locked,
    comments: issue.comments.length,
    created_at: issue.created,
    updated_at: issue.updated,
    closed_at: issue.closed,
    due_date: null,
    time_estimate: 0,
    pull_request: pull === undefined
      ? null
      : { merged: pull.merged !== null, merged_at: pull.merged?.at ?? null, draft: isWorkInProgress(issue), html_url: issueHtmlUrl(ctx, repo, issue) },
    repository: { id: repo.id, name: repo.name, owner: repo.owner, full_name: `${repo.owner}/${repo.name}` },
    pin_order: 0,
    content_version: 0
  }
}

/** convert.ToAPIComment. */
function apiComment (ctx: ResponseContext, repo: FakeRepository, issue: FakeIssue, comment: FakeIssue['comments'][number]): Json {
  const html = issueHtmlUrl(ctx, repo, issue)
  return {
    id: comment.id,
    html_url: `${html}#issuecomment-${comment.id}`,
    pull_request_url: issue.pull !== undefined ? html : '',
    issue_url: issue.pull !== undefined ? '' : html,
    user: anonymousUser(ctx, comment.author),
    original_author: '',
    original_author_id: 0,
    body: comment.body,
    assets: [],
    created_at: comment.created,
    updated_at: comment.updated
  }
}

/** `git diff -M <merge base> <head>` of a pull request, as bytes (what `.diff` sends). */
function pullDiffBytes (repo: FakeRepository, issue: FakeIssue): Buffer {
  const pull = issue.pull
  const head = pull !== undefined ? getCommit(repo.git, pull.headSha) : undefined
  if (pull === undefined || head === undefined) return Buffer.alloc(0)
  // The head seen as a child of the merge base: its diff is the pull request's.
  const parts = [...commitDiff(repo.git, { ...head, parents: [pull.mergeBase] })]
  return Buffer.concat(parts.map((part) => Buffer.from(part, 'latin1')))
}

/** The changed files, as Gitea finds them: by parsing that diff. */
function pullDiff (repo: FakeRepository, issue: FakeIssue): DiffFile[] {
  return parseDiff(pullDiffBytes(repo, issue).toString('utf8')).files
}

/** convert.ToAPIPullRequest, as seen by a caller with `access`. */
export function apiPullRequest (ctx: ResponseContext, repo: FakeRepository, issue: FakeIssue, access: AccessMode): Json {
  const pull = issue.pull
  if (pull === undefined) throw new Error('not a pull request')
  const asIssue = apiIssue(ctx, repo, issue)
  const html = issueHtmlUrl(ctx, repo, issue)
  const files = pullDiff(repo, issue)
  const additions = files.reduce((sum, f) => sum + f.additions, 0)
  const deletions = files.reduce((sum, f) => sum + f.deletions, 0)
  const headExists = repo.git.branches.get(pull.headBranch) === pull.headSha
  const repoJson = apiRepository(ctx, repo, access)
  const draft = isWorkInProgress(issue)
  return {
    id: pull.id,
    url: html,
    number: issue.index,
    user: asIssue.user,
    title: issue.title,
    body: issue.body,
    labels: asIssue.labels,
    milestone: null,
    assignee: asIssue.assignee,
    assignees: asIssue.assignees,
    requested_reviewers: null,
    requested_reviewers_teams: null,
    state: issue.state,
    draft,
    is_locked: issue.locked,
    comments: issue.comments.length,
    additions,
    deletions,
    changed_files: files.length,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    mergeable: !draft,
    merged: pull.merged !== null,
    merged_at: pull.merged?.at ?? null,
    merge_commit_sha: pull.merged?.commit ?? null,
    merged_by: pull.merged !== null ? anonymousUser(ctx, pull.merged.by) : null,
    allow_maintainer_edit: false,
    base: {
      label: pull.baseBranch,
      ref: pull.baseBranch,
      sha: repo.git.branches.get(pull.baseBranch) ?? '',
      repo_id: repo.id,
      repo: repoJson
    },
    head: {
      label: pull.headBranch,
      ref: headExists ? pull.headBranch : `refs/pull/${issue.index}/head`,
      sha: pull.headSha,
      repo_id: repo.id,
      repo: repoJson
    },
    merge_base: pull.mergeBase,
    due_date: null,
    created_at: issue.created,
    updated_at: issue.updated,
    closed_at: issue.closed,
    pin_order: 0
  }
}

/** convert.ToChangedFile (Gitea says "changed" for a modified file, "unchanged" when no line changed). */
function apiChangedFile (ctx: ResponseContext, repo: FakeRepository, file: DiffFile, commit: string): Json {
  const status = file.status === 'modified' ? (file.additions === 0 && file.deletions === 0 ? 'unchanged' : 'changed') : file.status
  const escaped = pathEscapeSegments(file.path)
  return {
    filename: file.path,
    ...(file.status === 'renamed' && file.oldPath !== null ? { previous_filename: file.oldPath } : {}),
    status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    html_url: `${repoHtmlUrl(ctx, repo)}/src/commit/${commit}/${escaped}`,
    contents_url: `${repoApiUrl(ctx, repo)}/contents/${escaped}?ref=${commit}`,
    raw_url: `${repoHtmlUrl(ctx, repo)}/raw/commit/${commit}/${escaped}`
  }
}

/** convert.ToAPIRelease. */
function apiRelease (ctx: ResponseContext, repo: FakeRepository, release: FakeRelease): Json {
  const api = `${repoApiUrl(ctx, repo)}/releases/${release.id}`
  const html = repoHtmlUrl(ctx, repo)
  return {
    id: release.id,
    tag_name: release.tag,
    target_commitish: release.target,
    name: release.name,
    body: release.body,
    url: api,
    html_url: `${html}/releases/tag/${pathEscape(release.tag)}`,
    tarball_url: `${html}/archive/${pathEscape(release.tag)}.tar.gz`,
    zipball_url: `${html}/archive/${pathEscape(release.tag)}.zip`,
    upload_url: `${api}/assets`,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.created,
    published_at: release.created,
    author: anonymousUser(ctx, release.author),
    assets: []
  }
}

// ---------------------------------------------------------------------------
// Filters

/** context.GetQueryBeforeSince: RFC 3339, else Go's parse error (answered with 422). */
function parseFormTime (query: QueryValues, name: string): { unix: number } | { error: string } {
  const value = formString(query, name).trim()
  if (value === '') return { unix: 0 }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value)
  const unix = m === null ? NaN : Date.parse(value)
  if (Number.isNaN(unix)) return { error: `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"` }
  return { unix: Math.floor(unix / 1000) }
}

interface IssueFilter {
  closed: boolean | undefined
  isPull: boolean | undefined
  keyword: string
  since: number
  before: number
}

/** The filters every issue list shares; undefined after answering 422 for a bad time. */
function issueFilter (state: RequestState): IssueFilter | undefined {
  const q = state.query
  const before = parseFormTime(q, 'before')
  const since = parseFormTime(q, 'since')
  for (const parsed of [before, since]) {
    if ('error' in parsed) { apiError(state, 422, parsed.error); return undefined }
  }
  const stateParam = formString(q, 'state')
  const type = formString(q, 'type')
  const keyword = formString(q, 'q').trim()
  return {
    closed: stateParam === 'closed' ? true : stateParam === 'all' ? undefined : false,
    isPull: type === 'pulls' ? true : type === 'issues' ? false : undefined,
    keyword: keyword.includes('\u0000') ? '' : keyword.toLowerCase(),
    since: 'unix' in since ? since.unix : 0,
    before: 'unix' in before ? before.unix : 0
  }
}

function unix (time: string): number {
  return Math.floor(Date.parse(time) / 1000)
}

function matches (issue: FakeIssue, filter: IssueFilter): boolean {
  if (filter.closed !== undefined && (issue.state === 'closed') !== filter.closed) return false
  if (filter.isPull !== undefined && (issue.pull !== undefined) !== filter.isPull) return false
  if (filter.since !== 0 && unix(issue.updated) < filter.since) return false
  if (filter.before !== 0 && unix(issue.updated) > filter.before) return false
  if (filter.keyword !== '') {
    const k = filter.keyword
    if (!issue.title.toLowerCase().includes(k) && !issue.body.toLowerCase().includes(k) &&
      !issue.comments.some((c) => c.body.toLowerCase().includes(k))) return false
  }
  return true
}

/** Newest created first (SortByCreatedDesc), then the higher id. */
function newestFirst (a: FakeIssue, b: FakeIssue): number {
  return unix(b.created) - unix(a.created) || b.id - a.id
}

function findIssue (repo: FakeRepository, rawIndex: string): FakeIssue | undefined {
  // PathParamInt64: anything that is not a number is 0, which no issue has.
  const index = /^\d{1,18}$/.test(rawIndex) ? Number(rawIndex) : 0
  return (repo.issues ?? []).find((i) => i.index === index)
}

// ---------------------------------------------------------------------------
// Handlers

/** GET .../issues. */
export function listIssues (state: RequestState, repo: FakeRepository): void {
  const filter = issueFilter(state)
  if (filter === undefined) return
  const names = formString(state.query, 'labels').split(',')
  const known = (repo.labels ?? []).filter((l) => names.includes(l.name)).map((l) => l.name)
  const opts = listOptions(state.query)
  const found = (repo.issues ?? [])
    .filter((i) => matches(i, filter) && known.every((name) => i.labels.includes(name)))
    .sort(newestFirst)
  setLinkHeader(state, found.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, found.length)
  sendJson(state.res, 200, pageOf(found, opts.page, opts.pageSize).map((i) => apiIssue(state.ctx, repo, i)))
}

/** GET .../issues/{index}: pull requests too. */
export function getIssue (state: RequestState, repo: FakeRepository, rawIndex: string): void {
  const issue = findIssue(repo, rawIndex)
  if (issue === undefined) { notFound(state); return }
  sendJson(state.res, 200, apiIssue(state.ctx, repo, issue))
}

/** GET .../issues/{index}/comments: every plain comment, oldest first, no paging. */
export function listIssueComments (state: RequestState, repo: FakeRepository, rawIndex: string): void {
  const before = parseFormTime(state.query, 'before')
  const since = parseFormTime(state.query, 'since')
  for (const parsed of [before, since]) {
    if ('error' in parsed) { apiError(state, 422, parsed.error); return }
  }
  const issue = findIssue(repo, rawIndex)
  if (issue === undefined) {
    const index = /^\d{1,18}$/.test(rawIndex) ? Number(rawIndex) : 0
    notFound(state, 'not found', [`issue does not exist [id: 0, repo_id: ${repo.id}, index: ${index}]`])
    return
  }
  const sinceUnix = 'unix' in since ? since.unix : 0
  const beforeUnix = 'unix' in before ? before.unix : 0
  const comments = issue.comments
    .filter((c) => (sinceUnix === 0 || unix(c.updated) >= sinceUnix) && (beforeUnix === 0 || unix(c.updated) <= beforeUnix))
    .sort((a, b) => unix(a.created) - unix(b.created) || a.id - b.id)
  setTotalCount(state, comments.length)
  sendJson(state.res, 200, comments.map((c) => apiComment(state.ctx, repo, issue, c)))
}

const PULL_SORTS: Record<string, (a: FakeIssue, b: FakeIssue) => number> = {
  oldest: (a, b) => unix(a.created) - unix(b.created) || a.id - b.id,
  recentupdate: (a, b) => unix(b.updated) - unix(a.updated) || b.id - a.id,
  leastupdate: (a, b) => unix(a.updated) - unix(b.updated) || a.id - b.id,
  recentclose: (a, b) => unix(b.closed ?? '1970-01-01T00:00:00Z') - unix(a.closed ?? '1970-01-01T00:00:00Z') || b.id - a.id,
  mostcomment: (a, b) => b.comments.length - a.comments.length || b.id - a.id,
  leastcomment: (a, b) => a.comments.length - b.comments.length || a.id - b.id
}

/** GET .../pulls: state (default open), sort (default newest), page and limit. */
export function listPullRequests (state: RequestState, repo: FakeRepository, access: AccessMode): void {
  const stateParam = formString(state.query, 'state').trim() || 'open'
  const opts = listOptions(state.query)
  const found = (repo.issues ?? [])
    .filter((i) => i.pull !== undefined && (stateParam === 'all' || i.state === stateParam || !['open', 'closed'].includes(stateParam)))
    .sort(PULL_SORTS[formString(state.query, 'sort').trim()] ?? newestFirst)
  setLinkHeader(state, found.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, found.length)
  sendJson(state.res, 200, pageOf(found, opts.page, opts.pageSize).map((i) => apiPullRequest(state.ctx, repo, i, access)))
}

/** GET .../pulls/{index} (an issue index that is no pull request is 404). */
export function getPullRequest (state: RequestState, repo: FakeRepository, access: AccessMode, rawIndex: string): void {
  const issue = findIssue(repo, rawIndex)
  if (issue?.pull === undefined) { notFound(state); return }
  sendJson(state.res, 200, apiPullRequest(state.ctx, repo, issue, access))
}

/** GET .../pulls/{index}/files: paged, with X-Total-Count, Link and the legacy X-Page headers. */
export function listPullRequestFiles (state: RequestState, repo: FakeRepository, rawIndex: string): void {
  const issue = findIssue(repo, rawIndex)
  if (issue?.pull === undefined) { notFound(state); return }
  const files = pullDiff(repo, issue)
  const opts = listOptions(state.query)
  const pageCount = Math.ceil(files.length / opts.pageSize)
  setLinkHeader(state, files.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, files.length)
  const res = state.res
  res.setHeader('X-Page', String(opts.page))
  res.setHeader('X-PerPage', String(opts.pageSize))
  res.setHeader('X-PageCount', String(pageCount))
  res.setHeader('X-HasMore', String(opts.page < pageCount))
  res.setHeader('Access-Control-Expose-Headers', [res.getHeader('Access-Control-Expose-Headers'), 'X-Page, X-PerPage, X-PageCount, X-HasMore'].filter((v) => v !== undefined).join(', '))
  sendJson(res, 200, pageOf(files, opts.page, opts.pageSize).map((f) => apiChangedFile(state.ctx, repo, f, issue.pull?.headSha ?? '')))
}

/** GET .../pulls/{index}.diff: `git diff` from the merge base to the head, as text. */
export function getPullRequestDiff (state: RequestState, repo: FakeRepository, rawIndex: string): void {
  const issue = findIssue(repo, rawIndex)
  if (issue?.pull === undefined) { notFound(state); return }
  const body = pullDiffBytes(repo, issue)
  state.res.statusCode = 200
  state.res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  state.res.setHeader('Content-Length', String(body.length))
  state.res.end(body)
}

/** GET .../releases: newest first; drafts only for writers; `draft` and `pre-release` filter. */
export function listReleases (state: RequestState, repo: FakeRepository, access: AccessMode): void {
  const q = state.query
  const flag = (name: string): boolean | undefined => {
    const v = formString(q, name)
    if (v === '') return undefined
    return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)
  }
  const draft = flag('draft')
  const pre = flag('pre-release')
  const opts = listOptions(q)
  const found = (repo.releases ?? [])
    .filter((r) => (atLeast(access, 'write') || !r.draft) && (draft === undefined || r.draft === draft) && (pre === undefined || r.prerelease === pre))
    .sort((a, b) => unix(b.created) - unix(a.created) || b.id - a.id)
  setLinkHeader(state, found.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, found.length)
  sendJson(state.res, 200, pageOf(found, opts.page, opts.pageSize).map((r) => apiRelease(state.ctx, repo, r)))
}

/** GET .../labels: by name; X-Total-Count but no Link; every label when no `page` is given. */
export function listLabels (state: RequestState, repo: FakeRepository): void {
  const opts = listOptions(state.query)
  const labels = [...(repo.labels ?? [])].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
  const shown = opts.rawPage > 0 ? pageOf(labels, opts.page, opts.pageSize) : labels
  setTotalCount(state, labels.length)
  sendJson(state.res, 200, shown.map((l) => labelJson(state.ctx, repo, l.name)))
}

/** The repositories the issue search looks in: every public one the caller may see, and private ones it can read. */
function searchableRepositories (data: FakeGiteaData, viewer: FakeUser | undefined, owner: FakeUser | undefined): FakeRepository[] {
  return data.repositories.filter((r) => {
    if (owner !== undefined && r.owner !== owner.login) return false
    const repoOwner = findUser(data, r.owner)
    if (!r.private && repoOwner !== undefined && canSeeOwner(repoOwner, viewer)) return true
    return viewer !== undefined && repoAccess(data, r, viewer) !== 'none'
  })
}

/** GET /repos/issues/search (repo.SearchIssues). */
export function searchIssues (state: RequestState, viewer: FakeUser | undefined): void {
  const data = state.ctx.data
  const q = state.query
  const filter = issueFilter(state)
  if (filter === undefined) return
  const ownerName = formString(q, 'owner')
  const owner = ownerName === '' ? undefined : findUser(data, ownerName)
  if (ownerName !== '' && owner === undefined) {
    apiError(state, 400, `user redirect does not exist [name: ${ownerName.toLowerCase()}]`)
    return
  }
  const labelNames = formString(q, 'labels').trim()
  const wantedLabels = labelNames === '' ? [] : labelNames.split(',')
  let limit = formInt(q, 'limit')
  if (limit <= 0) limit = ISSUE_PAGING_NUM
  else if (limit > 50) limit = 50
  const rawPage = formInt(q, 'page')
  const found: Array<{ repo: FakeRepository, issue: FakeIssue }> = []
  for (const repo of searchableRepositories(data, viewer, owner)) {
    for (const issue of repo.issues ?? []) {
      if (!matches(issue, filter)) continue
      if (wantedLabels.length > 0 && !issue.labels.some((name) => wantedLabels.includes(name))) continue
      found.push({ repo, issue })
    }
  }
  found.sort((a, b) => newestFirst(a.issue, b.issue))
  setLinkHeader(state, found.length, limit, rawPage)
  setTotalCount(state, found.length)
  sendJson(state.res, 200, pageOf(found, Math.max(1, rawPage), limit).map(({ repo, issue }) => apiIssue(state.ctx, repo, issue)))
}
