// Repository endpoints: the repository itself, branches and tags
// (routers/api/v1/repo/{repo,branch,tag}.go). The commit list is in
// handlers-history.ts.

import { type AccessMode, type FakeRepository, isEmptyRepo } from './data.js'
import { type GitCommit } from './git-objects.js'
import { listOptions, pageOf } from './paging.js'
import { type RequestState, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { apiBranch, apiRepository, apiTag } from './responses.js'
import { getCommit, peelToCommit } from './revision.js'

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
