// The client's types. Gitea's own shapes are TypeBox schemas in schemas.ts,
// which give both the type and the check (validate.ts).

import type { GiteaBranch, GiteaChangedFile, GiteaComment, GiteaCommit, GiteaCompare, GiteaContent, GiteaIssue, GiteaLabel } from './schemas.js'
import type { GiteaPullRequest, GiteaRelease, GiteaRepository, GiteaTag, GiteaTree, GiteaUser } from './schemas.js'
import type { GiteaActionJob, GiteaActionRun } from './schemas.js'
import type { LogTail } from './log-tail.js'
import type { GiteaCommitStatus, GiteaMilestone, GiteaPullReview, GiteaPullReviewComment, GiteaWikiPage, GiteaWikiPageMeta } from './schemas.js'

/** GiteaUser, GiteaRepository, GiteaContent...: `Static` of each schema. */
export type * from './schemas.js'

/** A page of a list endpoint, with what `X-Total-Count` and `Link` said. */
export interface Page<T> {
  items: T[]
  page: number
  limit: number
  /** From `X-Total-Count`; null when Gitea did not send it. */
  total: number | null
  /** True when `Link` has rel="next" (or the total says more remain). */
  hasMore: boolean
}

export interface PageRequest {
  page?: number
  limit?: number
}

export interface RawFile {
  /** At most `maxBytes` bytes of the file. */
  bytes: Buffer
  /** True when the file is longer than `maxBytes` (the rest was never read). */
  truncated: boolean
}

/** What to ask `GET .../commits` and `GET .../git/commits/{sha}` to include (both default to false here). */
export interface CommitDetails {
  /** Line totals (`stats`): Gitea computes a diff for each commit. */
  stat?: boolean
  /** Changed files (`files`). */
  files?: boolean
}

/** `GET .../commits`. With `path`, Gitea pages by 50 whatever `limit` says. */
export interface CommitListRequest extends PageRequest, CommitDetails {
  /** Branch, tag or commit to list from; the default branch when absent. */
  sha?: string
  /** Only commits that change this file or directory. */
  path?: string
  /** RFC 3339: committed at or after / at or before. Gitea answers 422 for anything else. */
  since?: string
  until?: string
}

export interface TreeRequest {
  recursive?: boolean
  page?: number
  perPage?: number
}

export type IssueState = 'open' | 'closed' | 'all'

/** `GET /repos/{owner}/{repo}/issues`. */
export interface IssueListRequest extends PageRequest {
  state: IssueState
  /** 'issues' leaves pull requests out (Gitea lists both otherwise). */
  type?: 'issues' | 'pulls'
  /** Label names; Gitea keeps issues carrying every one that exists (and ignores unknown names). */
  labels?: string[]
  /** Gitea's keyword search (title, body and comments). */
  query?: string
  /** RFC 3339: updated after / before. */
  since?: string
  before?: string
}

/** `GET /repos/issues/search`. */
export interface IssueSearchRequest extends PageRequest {
  query: string
  state: IssueState
  type?: 'issues' | 'pulls'
}

/** `GET /repos/{owner}/{repo}/pulls`. */
export interface PullListRequest extends PageRequest {
  state: IssueState
}

/** `GET .../actions/runs`: newest first. */
export interface ActionRunListRequest extends PageRequest {
  /** Runs triggered on this branch. */
  branch?: string
  /** Runs of this commit. */
  headSha?: string
  /** Gitea's status filter: queued, in_progress, waiting, completed, success, failure, cancelled, skipped... */
  status?: string
}

/** `GET /repos/{owner}/{repo}/milestones`. */
export interface MilestoneListRequest extends PageRequest {
  state: IssueState
}

/** `GET .../commits/{ref}/status`: the combined state, and one page of the newest status of each context. */
export interface CombinedStatusPage {
  /** pending, success, error, failure, warning, skipped; '' when the commit has no status. */
  state: string
  /** The commit the ref resolved to ('' when it has no status). */
  sha: string
  statuses: Page<GiteaCommitStatus>
}

/** Per-call options; every method takes them last. */
export interface CallOptions {
  /** Aborts the call (e.g. the MCP client went away); the abort reason is thrown as is. */
  signal?: AbortSignal
  /**
   * getRepo only: an answer this client had from Gitea at most this many ms
   * ago may be given again instead of asking (it is then marked, see
   * `fromRepositoryCache`). Other methods ignore it.
   */
  maxAgeMs?: number
}

/** What the tools need from Gitea. Everything is read-only. */
export interface GiteaClient {
  /** Gitea host, for audit and messages (never the token). */
  readonly host: string
  getVersion (call?: CallOptions): Promise<string>
  /** The token's user; used by /ready to prove the token works. */
  getCurrentUser (call?: CallOptions): Promise<GiteaUser>
  /** `GET /user/repos`: repositories the token's user owns, collaborates on, or reaches through orgs. */
  listMyRepos (page: PageRequest, call?: CallOptions): Promise<Page<GiteaRepository>>
  /** `GET /users/{owner}/repos` (a user or an organisation): the owner's repositories the token can read, by id; a page may be short. */
  listOwnerRepos (owner: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaRepository>>
  /** `GET /repos/search`: names (and descriptions) matching `query`, among all the token can read. */
  searchRepos (query: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaRepository>>
  getRepo (owner: string, repo: string, call?: CallOptions): Promise<GiteaRepository>
  /** `path` '' is the repository root. A directory answers an array. */
  getContents (owner: string, repo: string, path: string, ref?: string, call?: CallOptions): Promise<GiteaContent | GiteaContent[]>
  /**
   * Like getContents but never the file's bytes: `contents-ext` with
   * `includes=lfs_metadata` (`lfs_oid`/`lfs_size` set for an LFS pointer);
   * on a Gitea without contents-ext, the plain contents endpoint (whose
   * `content` may then be set).
   */
  getContentsMeta (owner: string, repo: string, path: string, ref?: string, call?: CallOptions): Promise<GiteaContent | GiteaContent[]>
  /** `sha` may be a commit SHA, tree SHA, branch or tag name. */
  getTree (owner: string, repo: string, sha: string, request?: TreeRequest, call?: CallOptions): Promise<GiteaTree>
  /** Streams `GET /raw/{path}` and stops reading after `maxBytes`. */
  getRawFile (owner: string, repo: string, path: string, ref: string | undefined, maxBytes: number, call?: CallOptions): Promise<RawFile>
  /** Streams `GET /media/{path}` (an LFS pointer's object, else the blob) and stops reading after `maxBytes`. */
  getMediaFile (owner: string, repo: string, path: string, ref: string | undefined, maxBytes: number, call?: CallOptions): Promise<RawFile>
  /** `GET .../branches`: newest head commit first. An empty repository has none. */
  listBranches (owner: string, repo: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaBranch>>
  /** `GET .../tags`: newest first. */
  listTags (owner: string, repo: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaTag>>
  /** `GET .../commits`: `git log` order. An empty repository is `empty_repository`; with `path`, no matching commit is `not_found`. */
  listCommits (owner: string, repo: string, request: CommitListRequest, call?: CallOptions): Promise<Page<GiteaCommit>>
  /** `GET .../git/commits/{sha}`: `sha` may also be a branch or tag (names with "/" are resolved first). */
  getCommit (owner: string, repo: string, sha: string, details?: CommitDetails, call?: CallOptions): Promise<GiteaCommit>
  /** Streams `GET .../git/commits/{sha}.diff` (`git diff` against the first parent; `git show` for a root commit) up to `maxBytes`. */
  getCommitDiff (owner: string, repo: string, sha: string, maxBytes: number, call?: CallOptions): Promise<RawFile>
  /** `GET .../compare/{base}...{head}`: commits (with stats and files) on head since it left base. */
  compareCommits (owner: string, repo: string, base: string, head: string, call?: CallOptions): Promise<GiteaCompare>
  /**
   * `GET .../file-contents?body={"files":[...]}`: several files at once, with
   * their base64 content (null for files over 10 MiB). Gitea answers at most
   * 30 files per call, in the order asked; a path it cannot read is null.
   */
  getFileContentsBatch (owner: string, repo: string, paths: readonly string[], ref: string, call?: CallOptions): Promise<Array<GiteaContent | null>>
  /** `GET .../issues` (read:issue): issues and, unless `type` says otherwise, pull requests; newest first. */
  listIssues (owner: string, repo: string, request: IssueListRequest, call?: CallOptions): Promise<Page<GiteaIssue>>
  /** `GET /repos/issues/search` (read:issue): issues and pull requests of every repository the token can read. */
  searchIssues (request: IssueSearchRequest, call?: CallOptions): Promise<Page<GiteaIssue>>
  /** `GET .../issues/{index}`: an issue, or a pull request seen as an issue. */
  getIssue (owner: string, repo: string, index: number, call?: CallOptions): Promise<GiteaIssue>
  /** `GET .../issues/{index}/comments`: every comment, oldest first (Gitea does not page them). */
  listIssueComments (owner: string, repo: string, index: number, call?: CallOptions): Promise<GiteaComment[]>
  /** `GET .../pulls` (read:repository): newest first. */
  listPullRequests (owner: string, repo: string, request: PullListRequest, call?: CallOptions): Promise<Page<GiteaPullRequest>>
  getPullRequest (owner: string, repo: string, index: number, call?: CallOptions): Promise<GiteaPullRequest>
  /** `GET .../pulls/{index}/files`: changed files with line counts. */
  listPullRequestFiles (owner: string, repo: string, index: number, page: PageRequest, call?: CallOptions): Promise<Page<GiteaChangedFile>>
  /** Streams `GET .../pulls/{index}.diff` and stops reading after `maxBytes`. */
  getPullRequestDiff (owner: string, repo: string, index: number, maxBytes: number, call?: CallOptions): Promise<RawFile>
  /** `GET .../releases`: newest first; drafts only for writers. */
  listReleases (owner: string, repo: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaRelease>>
  /** `GET .../labels` (read:issue): by name. */
  listLabels (owner: string, repo: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaLabel>>

  // Actions (a 403 when Actions are off for the repository or the instance; a 404 from a Gitea without this API)
  /** `GET .../actions/runs`: newest first. */
  listActionRuns (owner: string, repo: string, request: ActionRunListRequest, call?: CallOptions): Promise<Page<GiteaActionRun>>
  /** `GET .../actions/runs/{run}`. */
  getActionRun (owner: string, repo: string, runId: number, call?: CallOptions): Promise<GiteaActionRun>
  /** `GET .../actions/runs/{run}/jobs`: with their steps, by id. */
  listActionRunJobs (owner: string, repo: string, runId: number, page: PageRequest, call?: CallOptions): Promise<Page<GiteaActionJob>>
  /** `GET .../actions/jobs/{job_id}`. */
  getActionJob (owner: string, repo: string, jobId: number, call?: CallOptions): Promise<GiteaActionJob>
  /** Streams `GET .../actions/jobs/{job_id}/logs` to its end, keeping only its last `tailLines` lines (each cut at `maxLineChars`). */
  getActionJobLog (owner: string, repo: string, jobId: number, tailLines: number, maxLineChars: number, call?: CallOptions): Promise<LogTail>

  // --- Read parity (issue 14) ---
  /** `GET .../wiki/pages` (read:repository): titles in the wiki's file order; 404 when the repository has no wiki. */
  listWikiPages (owner: string, repo: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaWikiPageMeta>>
  /** `GET .../wiki/page/{pageName}`: `name` is a title or its `sub_url` (spaces become "-", as Gitea's links have them). */
  getWikiPage (owner: string, repo: string, name: string, call?: CallOptions): Promise<GiteaWikiPage>
  /** `GET .../milestones` (read:issue): open ones by default. */
  listMilestones (owner: string, repo: string, request: MilestoneListRequest, call?: CallOptions): Promise<Page<GiteaMilestone>>
  /** `GET .../pulls/{index}/reviews`: oldest first. */
  listPullReviews (owner: string, repo: string, index: number, page: PageRequest, call?: CallOptions): Promise<Page<GiteaPullReview>>
  /** `GET .../pulls/{index}/reviews/{id}/comments`: every line comment of one review (not paged). */
  listPullReviewComments (owner: string, repo: string, index: number, reviewId: number, call?: CallOptions): Promise<GiteaPullReviewComment[]>
  /** `GET .../commits/{ref}/status`: `ref` a branch, tag or SHA (names with "/" are resolved first). */
  getCombinedStatus (owner: string, repo: string, ref: string, page: PageRequest, call?: CallOptions): Promise<CombinedStatusPage>
}
