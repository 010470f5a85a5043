import { contentsTarget, notFoundError, rawFileTarget, repoTarget, treeTarget } from './targets.js'
import type { GiteaClient, GiteaRepository, Page } from './types.js'
import { branchesTarget, commitsTarget, commitTarget, compareTarget, filesTarget, tagsTarget } from './targets.js'
import { issuesTarget, issueTarget, labelsTarget, pullsTarget, pullTarget, releasesTarget } from './targets.js'
import type { GiteaIssue } from './types.js'
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

/**
 * The client restricted to REPO_ALLOWLIST. Per-repository calls outside it
 * throw the not_found error a missing repository gives (after `onDenied`, for
 * auditing); lists are filtered, and their `total` dropped since it would
 * count hidden repositories. An empty allowlist returns `client` itself.
 */
export function withRepoAllowlist (client: GiteaClient, allowlist: RepoAllowlist, onDenied?: (owner: string, repo: string) => void): GiteaClient {
  if (allowlist.allowsAll) return client

  function check (owner: string, repo: string, target: string): void {
    if (allowlist.allows(String(owner), String(repo))) return
    onDenied?.(owner, repo)
    throw notFoundError(target)
  }

  /** An invalid index is the client's to refuse (as it does for a missing repository), before any allowlist check. */
  function checkIndexed (owner: string, repo: string, index: number, target: string): void {
    if (Number.isSafeInteger(index) && index >= 1) check(owner, repo, target)
  }

  function filter (page: Page<GiteaRepository>): Page<GiteaRepository> {
    return { ...page, items: page.items.filter((repository) => repoAllowed(allowlist, repository)), total: null }
  }

  return {
    host: client.host,
    getVersion: async (call) => await client.getVersion(call),
    getCurrentUser: async (call) => await client.getCurrentUser(call),
    listMyRepos: async (page, call) => filter(await client.listMyRepos(page, call)),
    searchRepos: async (text, page, call) => filter(await client.searchRepos(text, page, call)),
    async getRepo (owner, repo, call) {
      check(owner, repo, repoTarget(owner, repo))
      return await client.getRepo(owner, repo, call)
    },
    async getContents (owner, repo, path, ref, call) {
      check(owner, repo, contentsTarget(owner, repo, path, ref))
      return await client.getContents(owner, repo, path, ref, call)
    },
    async getTree (owner, repo, sha, request, call) {
      check(owner, repo, treeTarget(owner, repo, sha))
      return await client.getTree(owner, repo, sha, request, call)
    },
    async getRawFile (owner, repo, path, ref, maxBytes, call) {
      check(owner, repo, rawFileTarget(owner, repo, path, ref))
      return await client.getRawFile(owner, repo, path, ref, maxBytes, call)
    },
    async listBranches (owner, repo, page, call) {
      check(owner, repo, branchesTarget(owner, repo))
      return await client.listBranches(owner, repo, page, call)
    },
    async listTags (owner, repo, page, call) {
      check(owner, repo, tagsTarget(owner, repo))
      return await client.listTags(owner, repo, page, call)
    },
    async listCommits (owner, repo, request, call) {
      check(owner, repo, commitsTarget(owner, repo, request.sha, request.path))
      return await client.listCommits(owner, repo, request, call)
    },
    async getCommit (owner, repo, sha, details, call) {
      check(owner, repo, commitTarget(owner, repo, sha))
      return await client.getCommit(owner, repo, sha, details, call)
    },
    async getCommitDiff (owner, repo, sha, maxBytes, call) {
      check(owner, repo, commitTarget(owner, repo, sha))
      return await client.getCommitDiff(owner, repo, sha, maxBytes, call)
    },
    async compareCommits (owner, repo, base, head, call) {
      check(owner, repo, compareTarget(owner, repo, base, head))
      return await client.compareCommits(owner, repo, base, head, call)
    },
    async getFileContentsBatch (owner, repo, paths, ref, call) {
      check(owner, repo, filesTarget(owner, repo, ref))
      return await client.getFileContentsBatch(owner, repo, paths, ref, call)
    },
    async listIssues (owner, repo, request, call) {
      check(owner, repo, issuesTarget(owner, repo))
      return await client.listIssues(owner, repo, request, call)
    },
    // Issues and pull requests of hidden repositories are left out.
    searchIssues: async (request, call) => filterIssues(allowlist, await client.searchIssues(request, call)),
    async getIssue (owner, repo, index, call) {
      checkIndexed(owner, repo, index, issueTarget(owner, repo, index))
      return await client.getIssue(owner, repo, index, call)
    },
    async listIssueComments (owner, repo, index, call) {
      checkIndexed(owner, repo, index, issueTarget(owner, repo, index))
      return await client.listIssueComments(owner, repo, index, call)
    },
    async listPullRequests (owner, repo, request, call) {
      check(owner, repo, pullsTarget(owner, repo))
      return await client.listPullRequests(owner, repo, request, call)
    },
    async getPullRequest (owner, repo, index, call) {
      checkIndexed(owner, repo, index, pullTarget(owner, repo, index))
      return await client.getPullRequest(owner, repo, index, call)
    },
    async listPullRequestFiles (owner, repo, index, request, call) {
      checkIndexed(owner, repo, index, pullTarget(owner, repo, index))
      return await client.listPullRequestFiles(owner, repo, index, request, call)
    },
    async getPullRequestDiff (owner, repo, index, maxBytes, call) {
      checkIndexed(owner, repo, index, pullTarget(owner, repo, index))
      return await client.getPullRequestDiff(owner, repo, index, maxBytes, call)
    },
    async listReleases (owner, repo, request, call) {
      check(owner, repo, releasesTarget(owner, repo))
      return await client.listReleases(owner, repo, request, call)
    },
    async listLabels (owner, repo, request, call) {
      check(owner, repo, labelsTarget(owner, repo))
      return await client.listLabels(owner, repo, request, call)
    }
  }
}
