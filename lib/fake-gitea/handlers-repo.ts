// Repository endpoints: the repository itself, branches, tags and the commit
// list (routers/api/v1/repo/{repo,branch,tag,commits}.go).

import { type AccessMode, type FakeRepository, isEmptyRepo } from './data.js'
import { type GitCommit } from './git-objects.js'
import { formBool, formString } from './go-format.js'
import { COMMITS_RANGE_SIZE, listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { apiBranch, apiCommit, apiRepository, apiTag } from './responses.js'
import { getCommit, history, peelToCommit, revParse, touchesPath } from './revision.js'

export function getRepository (state: RequestState, repo: FakeRepository, access: AccessMode): void {
  sendJson(state.res, 200, apiRepository(state.ctx, repo, access))
}

/** Branches newest commit first, then by name (FindBranchOptions' "commit_time DESC, name ASC"). */
function sortedBranches (repo: FakeRepository): Array<{ name: string, commit: GitCommit }> {
  const list: Array<{ name: string, commit: GitCommit }> = []
  for (const [name, sha] of repo.git.branches) {
    const commit = getCommit(repo.git, sha)
    if (commit !== undefined) list.push({ name, commit })
  }
  return list.sort((a, b) => b.commit.committer.when - a.commit.committer.when || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** GET .../branches. An empty repository answers `null` (a nil slice in Go) with X-Total-Count 0. */
export function listBranches (state: RequestState, repo: FakeRepository, access: AccessMode): void {
  const opts = listOptions(state.query)
  const all = sortedBranches(repo)
  const body = isEmptyRepo(repo)
    ? null
    : pageOf(all, opts.page, opts.pageSize).map((b) => apiBranch(state.ctx, repo, b.name, b.commit, access))
  setLinkHeader(state, all.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, all.length)
  sendJson(state.res, 200, body)
}

/** GET .../branches/{branch}: the name may contain slashes. */
export function getBranch (state: RequestState, repo: FakeRepository, access: AccessMode, name: string): void {
  const sha = repo.git.branches.get(name)
  const commit = sha !== undefined ? getCommit(repo.git, sha) : undefined
  if (commit === undefined) { notFound(state); return }
  sendJson(state.res, 200, apiBranch(state.ctx, repo, name, commit, access))
}

/**
 * GET .../tags: newest first (by tagger date, or committer date for a
 * lightweight tag). Quirks kept from GetTagInfos: no Link header, and without a
 * `page` parameter every tag is returned whatever `limit` says.
 */
export function listTags (state: RequestState, repo: FakeRepository): void {
  const opts = listOptions(state.query)
  const tags = [...repo.git.tags].map(([name, target]) => {
    const tagObject = repo.git.objects.get(target)
    const when = tagObject?.type === 'tag' ? tagObject.tagger.when : (peelToCommit(repo.git, target)?.committer.when ?? 0)
    return { name, target, when }
  }).sort((a, b) => b.when - a.when)
  const page = opts.rawPage !== 0 ? pageOf(tags, opts.page, opts.pageSize) : tags
  setTotalCount(state, tags.length)
  sendJson(state.res, 200, page.map((t) => apiTag(state.ctx, repo, t.name, t.target)))
}

function commitOption (state: RequestState, key: string): boolean {
  return formString(state.query, key) === '' || formBool(state.query, key)
}

/**
 * GET .../commits: 409 for an empty repository, `sha` any revision (404 with a
 * `null` body when unknown), `path` filters, limit capped at 50, the usual
 * X-Total-Count and Link plus the legacy X-Page/X-PerPage/X-Total/X-PageCount/X-HasMore.
 */
export function listCommits (state: RequestState, repo: FakeRepository): void {
  if (isEmptyRepo(repo)) {
    apiError(state, 409, 'Git Repository is empty.')
    return
  }
  const opts = listOptions(state.query)
  const pageSize = Math.min(opts.pageSize, COMMITS_RANGE_SIZE)
  const sha = formString(state.query, 'sha')
  const start = sha === ''
    ? repo.git.branches.get(repo.defaultBranch)
    : revParse(repo.git, repo.defaultBranch, sha)
  const base = start !== undefined ? peelToCommit(repo.git, start) : undefined
  if (base === undefined) {
    sendJson(state.res, 404, null)
    return
  }
  const path = formString(state.query, 'path')
  let commits = history(repo.git, base.sha)
  if (path !== '') commits = commits.filter((c) => touchesPath(repo.git, c, path))
  const total = commits.length
  const pageCount = Math.ceil(total / pageSize)
  const body = pageOf(commits, opts.page, pageSize).map((c) => apiCommit(state.ctx, repo, c, {
    stat: commitOption(state, 'stat'),
    files: commitOption(state, 'files'),
    verification: commitOption(state, 'verification')
  }))
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
