// Issue 14's read endpoints: the wiki (routers/api/v1/repo/wiki.go), milestones
// (milestone.go), pull request reviews and their comments (pull_review.go) and
// a commit's combined status (status.go), with services/convert's JSON of
// Gitea 1.26.3.
//
// Behaviour kept from Gitea: wiki pages are listed in the wiki's git file
// order (by file name, "<sub_url>.md"), `limit` <= 1 means 30 and has no upper
// cap, only X-Total-Count is sent; a repository without a wiki is 404 and one
// whose wiki unit is off 403; a page's content, sidebar and footer are base64.
// Milestones: `state` defaults to open, `name` is a case-insensitive substring,
// ordered by due date (none last) then id, with Link and X-Total-Count.
// Reviews: oldest first, X-Total-Count only; a pending review is shown only to
// its author (and admins); a review's comments are not paged; `position` is a
// comment's line on the new side, `original_position` on the old one. The
// combined status holds the newest status of each context (paged, newest
// first), its state the worst of them; a ref that resolves to nothing has no
// statuses (200 with an empty combined status, as Gitea answers).

import type { AccessMode, FakeRepository, FakeUser } from './data.js'
import { findUser } from './data.js'
import type { FakeCommitStatus, FakeReview, FakeReviewComment, FakeStatusState, FakeWikiPage } from './data-parity.js'
import { formString, pathEscape } from './go-format.js'
import { DEFAULT_PAGING_NUM, listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { type ResponseContext, apiRepository, apiUserFor, repoApiUrl, repoHtmlUrl } from './responses.js'
import { peelToCommit, revParse } from './revision.js'

type Json = Record<string, unknown>

function user (ctx: ResponseContext, login: string): Json | null {
  const found = findUser(ctx.data, login)
  return found === undefined ? null : apiUserFor(ctx, found)
}

// ---------------------------------------------------------------------------
// Wiki

/** The page's web path (sub_url): the title with "-" for each space, path-escaped. */
export function wikiSubUrl (title: string): string {
  return pathEscape(title.replace(/ /g, '-'))
}

function wikiFile (page: FakeWikiPage): string {
  return `${page.title.replace(/ /g, '-')}.md`
}

function wikiCommit (page: FakeWikiPage): Json | null {
  const last = page.commits[0]
  if (last === undefined) return null
  const who = { name: last.author.name, email: last.author.email, date: last.author.date }
  return { sha: last.sha, author: who, commiter: who, message: last.message }
}

function wikiMeta (ctx: ResponseContext, repo: FakeRepository, page: FakeWikiPage): Json {
  const sub = wikiSubUrl(page.title)
  return { title: page.title, html_url: `${repoHtmlUrl(ctx, repo)}/wiki/${sub}`, sub_url: sub, last_commit: wikiCommit(page) }
}

/** The wiki's pages, or undefined after answering 403/404 as Gitea does. */
function wikiPages (state: RequestState, repo: FakeRepository): FakeWikiPage[] | undefined {
  if (!repo.units.wiki) {
    apiError(state, 403, 'user should have specific read permission or be a repo admin or a site admin')
    return undefined
  }
  if (repo.wiki === undefined) {
    notFound(state, 'not found', [`repository does not exist [id: 0, uid: 0, owner_name: ${repo.owner}, name: ${repo.name}.wiki]`])
    return undefined
  }
  return repo.wiki
}

/** GET .../wiki/pages. */
export function listWikiPages (state: RequestState, repo: FakeRepository): void {
  const pages = wikiPages(state, repo)
  if (pages === undefined) return
  const sorted = [...pages].sort((a, b) => Buffer.compare(Buffer.from(wikiFile(a)), Buffer.from(wikiFile(b))))
  const page = Math.max(1, Number.parseInt(formString(state.query, 'page'), 10) || 1)
  const rawLimit = Number.parseInt(formString(state.query, 'limit'), 10) || 0
  // wiki.go: `if limit <= 1 { limit = DefaultPagingNum }`, and no upper cap.
  const limit = rawLimit <= 1 ? DEFAULT_PAGING_NUM : rawLimit
  setTotalCount(state, sorted.length)
  sendJson(state.res, 200, pageOf(sorted, page, limit).map((p) => wikiMeta(state.ctx, repo, p)))
}

/** GET .../wiki/page/{pageName}: `name` already unescaped. */
export function getWikiPage (state: RequestState, repo: FakeRepository, name: string): void {
  const pages = wikiPages(state, repo)
  if (pages === undefined) return
  const wanted = `${name.replace(/ /g, '-')}.md`
  const page = pages.find((p) => wikiFile(p) === wanted)
  if (page === undefined) { notFound(state); return }
  const special = (title: string): string => Buffer.from(pages.find((p) => p.title === title)?.content ?? '', 'utf8').toString('base64')
  sendJson(state.res, 200, {
    ...wikiMeta(state.ctx, repo, page),
    content_base64: Buffer.from(page.content, 'utf8').toString('base64'),
    commit_count: page.commits.length,
    sidebar: special('_Sidebar'),
    footer: special('_Footer')
  })
}

// ---------------------------------------------------------------------------
// Milestones

/** Gitea stores "no due date" as 9999-12-31, so those sort last. */
const NO_DUE = '9999-12-31T23:59:59Z'

/** GET .../milestones. */
export function listMilestones (state: RequestState, repo: FakeRepository): void {
  const wanted = formString(state.query, 'state')
  const name = formString(state.query, 'name').toUpperCase()
  const milestones = (repo.milestones ?? [])
    .filter((m) => wanted === 'all' || m.state === (wanted === 'closed' ? 'closed' : 'open'))
    .filter((m) => name === '' || m.title.toUpperCase().includes(name))
    .sort((a, b) => (a.due ?? NO_DUE).localeCompare(b.due ?? NO_DUE) || a.id - b.id)
  const opts = listOptions(state.query)
  setLinkHeader(state, milestones.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, milestones.length)
  sendJson(state.res, 200, pageOf(milestones, opts.page, opts.pageSize).map((m) => ({
    id: m.id,
    title: m.title,
    description: m.description,
    state: m.state,
    open_issues: m.openIssues,
    closed_issues: m.closedIssues,
    created_at: m.created,
    updated_at: m.updated,
    closed_at: m.closed,
    due_on: m.due
  })))
}

// ---------------------------------------------------------------------------
// Reviews

function pullHtmlUrl (ctx: ResponseContext, repo: FakeRepository, index: number): string {
  return `${repoHtmlUrl(ctx, repo)}/pulls/${index}`
}

function visibleTo (review: FakeReview, viewer: FakeUser | undefined): boolean {
  return review.state !== 'PENDING' || viewer?.isAdmin === true || viewer?.login === review.reviewer
}

/** The pull request's index, or undefined after a 404 (not a number, no such pull request). */
function pullIndex (state: RequestState, repo: FakeRepository, rawIndex: string): number | undefined {
  const index = /^\d{1,18}$/.test(rawIndex) ? Number(rawIndex) : 0
  if ((repo.issues ?? []).some((i) => i.index === index && i.pull !== undefined)) return index
  notFound(state)
  return undefined
}

/** GET .../pulls/{index}/reviews. */
export function listPullReviews (state: RequestState, repo: FakeRepository, rawIndex: string): void {
  const index = pullIndex(state, repo, rawIndex)
  if (index === undefined) return
  const ctx = state.ctx
  const reviews = (repo.reviews ?? []).filter((r) => r.pullIndex === index).sort((a, b) => a.id - b.id)
  const opts = listOptions(state.query)
  setTotalCount(state, reviews.length)
  const html = pullHtmlUrl(ctx, repo, index)
  sendJson(state.res, 200, pageOf(reviews, opts.page, opts.pageSize).filter((r) => visibleTo(r, ctx.viewer)).map((r) => ({
    id: r.id,
    user: user(ctx, r.reviewer),
    team: null,
    state: r.state,
    body: r.body,
    commit_id: r.commitId,
    stale: r.stale,
    official: r.official,
    dismissed: r.dismissed,
    comments_count: r.comments.length,
    submitted_at: r.submitted === '' ? '0001-01-01T00:00:00Z' : r.submitted,
    updated_at: r.updated,
    html_url: `${html}#issuecomment-${r.id}`,
    pull_request_url: html
  })))
}

function reviewComment (ctx: ResponseContext, repo: FakeRepository, review: FakeReview, c: FakeReviewComment): Json {
  const html = pullHtmlUrl(ctx, repo, review.pullIndex)
  return {
    id: c.id,
    body: c.body,
    user: user(ctx, c.author),
    resolver: null,
    pull_request_review_id: review.id,
    created_at: c.created,
    updated_at: c.updated,
    path: c.path,
    commit_id: review.commitId,
    original_commit_id: review.commitId,
    diff_hunk: c.diffHunk,
    position: c.line > 0 ? c.line : 0,
    original_position: c.line < 0 ? -c.line : 0,
    html_url: `${html}/files#issuecomment-${c.id}`,
    pull_request_url: html
  }
}

/** GET .../pulls/{index}/reviews/{id}/comments. */
export function listPullReviewComments (state: RequestState, repo: FakeRepository, rawIndex: string, rawId: string): void {
  const index = pullIndex(state, repo, rawIndex)
  if (index === undefined) return
  const id = /^\d{1,18}$/.test(rawId) ? Number(rawId) : 0
  const review = (repo.reviews ?? []).find((r) => r.id === id && r.pullIndex === index)
  if (review === undefined) { notFound(state); return }
  if (!visibleTo(review, state.ctx.viewer)) { apiError(state, 403, 'reviewer and doer not the same'); return }
  sendJson(state.res, 200, review.comments.map((c) => reviewComment(state.ctx, repo, review, c)))
}

// ---------------------------------------------------------------------------
// Commit statuses

/** commitstatus.NoBetterThan: the combined state is the worst one. */
const WORST_FIRST: FakeStatusState[] = ['error', 'failure', 'warning', 'pending', 'success', 'skipped']

function statusJson (ctx: ResponseContext, repo: FakeRepository, s: FakeCommitStatus): Json {
  return {
    id: s.id,
    status: s.state,
    target_url: s.targetUrl,
    description: s.description,
    url: `${repoApiUrl(ctx, repo)}/statuses/${s.sha}`,
    context: s.context,
    creator: user(ctx, s.creator),
    created_at: s.created,
    updated_at: s.created
  }
}

/** GET .../commits/{ref}/status. */
export function getCombinedStatus (state: RequestState, repo: FakeRepository, access: AccessMode, ref: string): void {
  const ctx = state.ctx
  const resolved = revParse(repo.git, repo.defaultBranch, ref)
  const sha = resolved === undefined ? ref : peelToCommit(repo.git, resolved)?.sha ?? resolved
  const newest = new Map<string, FakeCommitStatus>()
  for (const s of (repo.statuses ?? []).filter((x) => x.sha === sha).sort((a, b) => b.id - a.id)) {
    if (!newest.has(s.context)) newest.set(s.context, s)
  }
  const latest = [...newest.values()]
  const opts = listOptions(state.query)
  const shown = pageOf(latest, opts.page, opts.pageSize).sort((a, b) => a.id - b.id)
  if (shown.length === 0) {
    sendJson(state.res, 200, { state: '', sha: '', total_count: 0, statuses: null, repository: null, commit_url: '', url: '' })
    return
  }
  const worst = WORST_FIRST.find((candidate) => shown.some((s) => s.state === candidate)) ?? 'pending'
  const api = repoApiUrl(ctx, repo)
  setTotalCount(state, latest.length)
  sendJson(state.res, 200, {
    state: worst,
    sha,
    total_count: shown.length,
    statuses: shown.map((s) => statusJson(ctx, repo, s)),
    repository: apiRepository(ctx, repo, access),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`
  })
}

/**
 * Routes `rest` (the path after /repos/{owner}/{repo}/) to the handlers
 * above; false when it is none of theirs.
 */
export function routeParity (state: RequestState, repo: FakeRepository, access: AccessMode, rest: readonly string[]): boolean {
  const [first, second, third, fourth, fifth] = rest
  if (first === 'wiki' && second === 'pages' && rest.length === 2) { listWikiPages(state, repo); return true }
  if (first === 'wiki' && second === 'page' && rest.length >= 3 && third !== '') { getWikiPage(state, repo, rest.slice(2).join('/')); return true }
  if (first === 'milestones' && rest.length === 1) { listMilestones(state, repo); return true }
  if (first === 'pulls' && third === 'reviews' && second !== undefined) {
    if (rest.length === 3) { listPullReviews(state, repo, second); return true }
    if (rest.length === 5 && fifth === 'comments' && fourth !== undefined) { listPullReviewComments(state, repo, second, fourth); return true }
  }
  if (first === 'commits' && rest.length >= 3 && rest.at(-1) === 'status') {
    getCombinedStatus(state, repo, access, rest.slice(1, -1).join('/'))
    return true
  }
  return false
}
