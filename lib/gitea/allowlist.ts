import { GiteaError } from './errors.js'
import { mapMethods, type AnyMethod, type GiteaMethod } from './methods.js'
import { normalizePageRequest } from './paging.js'
import { contentsTarget, notFoundError, rawFileTarget, repoTarget, treeTarget } from './targets.js'
import type { CallOptions, GiteaClient, GiteaRepository, Page, PageRequest } from './types.js'
import { branchesTarget, commitsTarget, commitTarget, compareTarget, filesTarget, tagsTarget } from './targets.js'
import { issuesTarget, issueTarget, labelsTarget, pullsTarget, pullTarget, releasesTarget } from './targets.js'
import type { GiteaIssue } from './types.js'
import { actionJobTarget, actionRunsTarget, actionRunTarget } from './targets.js'
import { milestonesTarget, statusTarget, wikiPageTarget, wikiTarget } from './targets.js'
import type { RepoAllowlist } from '../config.js'

// REPO_ALLOWLIST: the repositories the tools may see. Every tool reaches
// Gitea through withRepoAllowlist, so a repository outside the list behaves
// exactly like one that does not exist (same error, same message). The
// patterns are parsed with the rest of the configuration, in lib/config.ts.
export { parseRepoAllowlist, type RepoAllowlist } from '../config.js'

/** Search results of hidden repositories dropped (and with them the total, which would count them). */
function filterIssues (allowlist: RepoAllowlist, page: Page<GiteaIssue>): Page<GiteaIssue> {
  const items = page.items.filter((issue) => issue.repository !== null && allowlist.allows(issue.repository.owner, issue.repository.name))
  return { ...page, items, total: null }
}

function repoAllowed (allowlist: RepoAllowlist, repository: GiteaRepository): boolean {
  // The client checked both fields are strings.
  return allowlist.allows(repository.owner.login, repository.name)
}

/** The methods whose first two arguments are `owner` and `repo`. */
type RepoMethod = {
  [K in GiteaMethod]: Parameters<GiteaClient[K]> extends [string, string, ...unknown[]] ? K : never
}[GiteaMethod]

/** What a refusal is about (the words a missing repository's 404 uses); undefined: no check, the client refuses first. */
type Target<K extends RepoMethod> = (...args: Parameters<GiteaClient[K]>) => string | undefined

/** An invalid index is the client's to refuse (as it does for a missing repository), before any allowlist check. */
function indexed (target: (owner: string, repo: string, index: number) => string) {
  return (owner: string, repo: string, index: number): string | undefined =>
    Number.isSafeInteger(index) && index >= 1 ? target(owner, repo, index) : undefined
}

// Every per-repository method and its target; the type makes a new one impossible to forget.
const REPO_TARGETS: { [K in RepoMethod]: Target<K> } = {
  getRepo: (owner, repo) => repoTarget(owner, repo),
  getContents: (owner, repo, path, ref) => contentsTarget(owner, repo, path, ref),
  getContentsMeta: (owner, repo, path, ref) => contentsTarget(owner, repo, path, ref),
  getTree: (owner, repo, sha) => treeTarget(owner, repo, sha),
  getRawFile: (owner, repo, path, ref) => rawFileTarget(owner, repo, path, ref),
  getMediaFile: (owner, repo, path, ref) => rawFileTarget(owner, repo, path, ref),
  listBranches: (owner, repo) => branchesTarget(owner, repo),
  listTags: (owner, repo) => tagsTarget(owner, repo),
  listCommits: (owner, repo, request) => commitsTarget(owner, repo, request.sha, request.path),
  getCommit: (owner, repo, sha) => commitTarget(owner, repo, sha),
  getCommitDiff: (owner, repo, sha) => commitTarget(owner, repo, sha),
  compareCommits: (owner, repo, base, head) => compareTarget(owner, repo, base, head),
  getFileContentsBatch: (owner, repo, _paths, ref) => filesTarget(owner, repo, ref),
  listIssues: (owner, repo) => issuesTarget(owner, repo),
  getIssue: indexed(issueTarget),
  listIssueComments: indexed(issueTarget),
  listPullRequests: (owner, repo) => pullsTarget(owner, repo),
  getPullRequest: indexed(pullTarget),
  listPullRequestFiles: indexed(pullTarget),
  getPullRequestDiff: indexed(pullTarget),
  listReleases: (owner, repo) => releasesTarget(owner, repo),
  listLabels: (owner, repo) => labelsTarget(owner, repo),
  listActionRuns: (owner, repo) => actionRunsTarget(owner, repo),
  getActionRun: (owner, repo, runId) => actionRunTarget(owner, repo, runId),
  listActionRunJobs: (owner, repo, runId) => actionRunTarget(owner, repo, runId),
  getActionJob: (owner, repo, jobId) => actionJobTarget(owner, repo, jobId),
  getActionJobLog: (owner, repo, jobId) => actionJobTarget(owner, repo, jobId),
  // Read parity (issue 14).
  listWikiPages: (owner, repo) => wikiTarget(owner, repo),
  getWikiPage: (owner, repo, name) => wikiPageTarget(owner, repo, name),
  listMilestones: (owner, repo) => milestonesTarget(owner, repo),
  listPullReviews: indexed(pullTarget),
  listPullReviewComments: indexed(pullTarget),
  getCombinedStatus: (owner, repo, ref) => statusTarget(owner, repo, ref)
}

/** Most pages of one owner's repositories read for `owner/*` (50 each). */
const MAX_OWNER_PAGES = 100
const OWNER_PAGE = 50

/** A repository that is gone, or only reachable under another name (renamed: Gitea redirects the old one). */
function isMissing (error: unknown): boolean {
  return error instanceof GiteaError && (error.code === 'not_found' || (error.status !== undefined && error.status >= 300 && error.status < 400))
}

/**
 * Every repository REPO_ALLOWLIST names that the token can read, sorted by
 * name: `owner/*` through the owner's listing, exact entries by name
 * (a missing one skipped). Nothing is cached: the allowlisted client lives
 * for one call.
 */
async function allowedRepositories (client: GiteaClient, allowlist: RepoAllowlist, call?: CallOptions): Promise<GiteaRepository[]> {
  const found = new Map<string, GiteaRepository>()
  const add = (repository: GiteaRepository): void => {
    if (repoAllowed(allowlist, repository)) found.set(`${repository.owner.login}/${repository.name}`.toLowerCase(), repository)
  }
  const entries = allowlist.patterns.map((pattern) => pattern.split('/') as [string, string])
  const owners = new Set(entries.filter(([, repo]) => repo === '*').map(([owner]) => owner.toLowerCase()))
  for (const owner of owners) {
    try {
      for (let page = 1; page <= MAX_OWNER_PAGES; page++) {
        const listing = await client.listOwnerRepos(owner, { page, limit: OWNER_PAGE }, call)
        listing.items.forEach(add)
        if (!listing.hasMore) break
      }
    } catch (error) {
      if (!isMissing(error)) throw error
    }
  }
  for (const [owner, repo] of entries) {
    // An owner listed whole already brought its repositories.
    if (repo === '*' || owners.has(owner.toLowerCase())) continue
    try {
      add(await client.getRepo(owner, repo, call))
    } catch (error) {
      if (!isMissing(error)) throw error
    }
  }
  // By name, as Gitea sorts /user/repos; owner, then id, break ties so the order is stable.
  const key = (repository: GiteaRepository): string => `${repository.name}\u0000${repository.owner.login}`.toLowerCase()
  return [...found.values()].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id
  })
}

/** One page of the allowed repositories: full until the last, with an exact total. */
async function allowedPage (client: GiteaClient, allowlist: RepoAllowlist, request: PageRequest, call?: CallOptions): Promise<Page<GiteaRepository>> {
  const { page, limit } = normalizePageRequest(request)
  const all = await allowedRepositories(client, allowlist, call)
  const items = all.slice((page - 1) * limit, page * limit)
  return { items, page, limit, total: all.length, hasMore: page * limit < all.length }
}

/**
 * The client restricted to REPO_ALLOWLIST. Per-repository calls outside it
 * throw the not_found error a missing repository gives (after `onDenied`, for
 * auditing); the token's repository list is built from the allowlist itself
 * (so its pages are full), other lists are filtered, and their `total`
 * dropped since it would count hidden repositories. An empty allowlist
 * returns `client` itself. It holds no state: build one per call.
 */
export function withRepoAllowlist (client: GiteaClient, allowlist: RepoAllowlist, onDenied?: (owner: string, repo: string) => void): GiteaClient {
  if (allowlist.allowsAll) return client

  function check (owner: string, repo: string, target: string): void {
    if (allowlist.allows(String(owner), String(repo))) return
    onDenied?.(owner, repo)
    throw notFoundError(target)
  }

  function filter (page: Page<GiteaRepository>): Page<GiteaRepository> {
    return { ...page, items: page.items.filter((repository) => repoAllowed(allowlist, repository)), total: null }
  }

  // The lists that are not about one repository; getVersion and getCurrentUser pass through.
  const lists: Pick<GiteaClient, 'listMyRepos' | 'listOwnerRepos' | 'searchRepos' | 'searchIssues'> = {
    listMyRepos: async (page, call) => await allowedPage(client, allowlist, page, call),
    listOwnerRepos: async (owner, page, call) => filter(await client.listOwnerRepos(owner, page, call)),
    searchRepos: async (text, page, call) => filter(await client.searchRepos(text, page, call)),
    // Issues and pull requests of hidden repositories are left out.
    searchIssues: async (request, call) => filterIssues(allowlist, await client.searchIssues(request, call))
  }

  return mapMethods(client, (name, method) => {
    const target = (REPO_TARGETS as Partial<Record<GiteaMethod, (...args: unknown[]) => string | undefined>>)[name]
    if (target === undefined) return (lists as Partial<Record<GiteaMethod, AnyMethod>>)[name] ?? method
    return async (...args: unknown[]) => {
      const about = target(...args)
      if (about !== undefined) check(args[0] as string, args[1] as string, about)
      return await method(...args)
    }
  })
}
