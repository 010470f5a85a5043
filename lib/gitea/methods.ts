import type { GiteaClient } from './types.js'

// One way to put something in front of every call of a GiteaClient (the
// allowlist, per-call error reporting), without a Proxy: a wrapper is a table
// of methods built from this list.

export type GiteaMethod = Exclude<keyof GiteaClient, 'host'>

export type AnyMethod = (...args: any[]) => Promise<unknown>

// A Record over GiteaMethod: the compiler insists every method is listed, once.
const METHODS: Record<GiteaMethod, true> = {
  getVersion: true,
  getCurrentUser: true,
  listMyRepos: true,
  listOwnerRepos: true,
  searchRepos: true,
  getRepo: true,
  getContents: true,
  getContentsMeta: true,
  getTree: true,
  getRawFile: true,
  getMediaFile: true,
  listBranches: true,
  listTags: true,
  listCommits: true,
  getCommit: true,
  getCommitDiff: true,
  compareCommits: true,
  getFileContentsBatch: true,
  listIssues: true,
  searchIssues: true,
  getIssue: true,
  listIssueComments: true,
  listPullRequests: true,
  getPullRequest: true,
  listPullRequestFiles: true,
  getPullRequestDiff: true,
  listReleases: true,
  listLabels: true,
  listActionRuns: true,
  getActionRun: true,
  listActionRunJobs: true,
  getActionJob: true,
  getActionJobLog: true,
  // Read parity (issue 14).
  listWikiPages: true,
  getWikiPage: true,
  listMilestones: true,
  listPullReviews: true,
  listPullReviewComments: true,
  getCombinedStatus: true
}

export const GITEA_METHODS = Object.keys(METHODS) as GiteaMethod[]

/** A client whose every method is what `wrap` makes of `client`'s (bound to it). */
export function mapMethods (client: GiteaClient, wrap: (name: GiteaMethod, method: AnyMethod) => AnyMethod): GiteaClient {
  const mapped: Record<string, unknown> = { host: client.host }
  for (const name of GITEA_METHODS) {
    mapped[name] = wrap(name, (client[name] as AnyMethod).bind(client))
  }
  return mapped as unknown as GiteaClient
}
