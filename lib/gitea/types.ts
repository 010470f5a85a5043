// The subset of Gitea 1.26 API shapes this project reads. Field names follow
// the spec (test/fixtures/gitea/openapi-v1.json); pointer fields Gitea may send as
// null are typed `| null`.

export interface GiteaUser {
  id: number
  login: string
  full_name: string
  email: string
  avatar_url: string
  html_url: string
}

export interface GiteaRepository {
  id: number
  name: string
  full_name: string
  owner: GiteaUser
  description: string
  private: boolean
  fork: boolean
  archived: boolean
  empty: boolean
  mirror: boolean
  default_branch: string
  size: number
  language: string
  html_url: string
  clone_url: string
  stars_count: number
  forks_count: number
  open_issues_count: number
  created_at: string
  updated_at: string
  topics?: string[] | null
}

/** One entry of `GET /repos/{owner}/{repo}/contents/{path}` (a directory answers an array). */
export interface GiteaContent {
  name: string
  path: string
  sha: string
  type: 'file' | 'dir' | 'symlink' | 'submodule'
  size: number
  encoding: string | null
  content: string | null
  target: string | null
  url: string
  html_url: string | null
  git_url: string | null
  download_url: string | null
  submodule_git_url: string | null
  last_commit_sha?: string
}

export interface GiteaTreeEntry {
  path: string
  mode: string
  type: 'blob' | 'tree' | 'commit'
  size: number
  sha: string
  url: string
}

export interface GiteaTree {
  sha: string
  url: string
  tree: GiteaTreeEntry[]
  truncated: boolean
  page: number
  total_count: number
}

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

/** Who made a commit, as a branch's head commit names them (PayloadUser). */
export interface GiteaPayloadUser {
  name: string
  email: string
  /** The Gitea account with that email, or ''. */
  username: string
}

/** `GET .../branches`: a branch and the commit it points at. */
export interface GiteaBranch {
  name: string
  commit: {
    id: string
    message: string
    url: string
    author: GiteaPayloadUser | null
    committer: GiteaPayloadUser | null
    /** RFC 3339. */
    timestamp: string
  }
  protected: boolean
}

/** `GET .../tags`: `id` is the tag object for an annotated tag, the commit for a lightweight one. */
export interface GiteaTag {
  name: string
  message: string
  id: string
  commit: { sha: string, url: string, created: string }
  zipball_url: string
  tarball_url: string
}

/** Name, email and date (RFC 3339) in a commit. */
export interface GiteaCommitUser {
  name: string
  email: string
  date: string
}

/** One file of a commit's `files` (status added, removed or modified). */
export interface GiteaCommitFile {
  filename: string
  status: string
}

/** `GET .../git/commits/{sha}`, an item of `GET .../commits` and of a comparison. */
export interface GiteaCommit {
  sha: string
  url: string
  html_url: string
  created: string
  commit: {
    message: string
    author: GiteaCommitUser
    committer: GiteaCommitUser
  }
  /** The Gitea accounts matching the commit's emails; null when none does. */
  author: GiteaUser | null
  committer: GiteaUser | null
  parents: Array<{ sha: string }>
  /** null when not asked for (files=false). */
  files: GiteaCommitFile[] | null
  /** null when not asked for (stat=false). */
  stats: { total: number, additions: number, deletions: number } | null
}

/** `GET .../compare/{base}...{head}`: the commits on head that base lacks, newest first. No diff text, no paging. */
export interface GiteaCompare {
  total_commits: number
  commits: GiteaCommit[]
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

/** A label (`GET /repos/{owner}/{repo}/labels`, and on issues and pull requests). */
export interface GiteaLabel {
  id: number
  name: string
  /** Six hex digits, without "#". */
  color: string
  description: string
  /** A scoped label ("scope/name") of which an issue may carry only one per scope. */
  exclusive: boolean
  is_archived: boolean
}

/** Set on an issue that is a pull request. */
export interface GiteaPullRequestMeta {
  merged: boolean
  merged_at: string | null
  draft: boolean
  html_url: string
}

/** An issue or pull request as the issue endpoints send it. */
export interface GiteaIssue {
  id: number
  /** The index in its repository (#12). */
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  user: GiteaUser | null
  labels: GiteaLabel[]
  assignees: GiteaUser[] | null
  /** Number of comments. */
  comments: number
  is_locked: boolean
  created_at: string
  updated_at: string
  closed_at: string | null
  html_url: string
  /** null for an issue, set for a pull request. */
  pull_request: GiteaPullRequestMeta | null
  /** Set by the issue endpoints; the repository-wide search needs it to say where an issue lives. */
  repository: { id: number, name: string, owner: string, full_name: string } | null
}

export interface GiteaComment {
  id: number
  body: string
  user: GiteaUser | null
  created_at: string
  updated_at: string
  html_url: string
}

/** One side of a pull request. */
export interface GiteaPRBranch {
  /** The branch name. */
  label: string
  /** The branch, or `refs/pull/N/head` once the head branch is gone. */
  ref: string
  sha: string
  repo_id: number
  repo: GiteaRepository | null
}

export interface GiteaPullRequest {
  id: number
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  user: GiteaUser | null
  labels: GiteaLabel[]
  draft: boolean
  mergeable: boolean
  merged: boolean
  merged_at: string | null
  merged_by: GiteaUser | null
  merge_commit_sha: string | null
  merge_base: string
  base: GiteaPRBranch
  head: GiteaPRBranch
  comments: number
  /** Diff totals; absent when Gitea did not compute them. */
  additions?: number
  deletions?: number
  changed_files?: number
  created_at: string
  updated_at: string
  closed_at: string | null
  html_url: string
}

/** One file of `GET .../pulls/{index}/files`. */
export interface GiteaChangedFile {
  filename: string
  /** Set for a renamed file. */
  previous_filename?: string
  /** added, deleted, changed, renamed, copied or unchanged. */
  status: string
  additions: number
  deletions: number
  changes: number
  html_url: string
}

export interface GiteaReleaseAsset {
  name: string
  size: number
  download_count: number
  browser_download_url: string
}

export interface GiteaRelease {
  id: number
  tag_name: string
  target_commitish: string
  name: string
  body: string
  draft: boolean
  prerelease: boolean
  author: GiteaUser | null
  created_at: string
  published_at: string
  html_url: string
  assets: GiteaReleaseAsset[]
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

/** Per-call options; every method takes them last. */
export interface CallOptions {
  /** Aborts the call (e.g. the MCP client went away); the abort reason is thrown as is. */
  signal?: AbortSignal
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
  /** `sha` may be a commit SHA, tree SHA, branch or tag name. */
  getTree (owner: string, repo: string, sha: string, request?: TreeRequest, call?: CallOptions): Promise<GiteaTree>
  /** Streams `GET /raw/{path}` and stops reading after `maxBytes`. */
  getRawFile (owner: string, repo: string, path: string, ref: string | undefined, maxBytes: number, call?: CallOptions): Promise<RawFile>
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
}
