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

export interface TreeRequest {
  recursive?: boolean
  page?: number
  perPage?: number
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
  /** `GET /repos/search`: names (and descriptions) matching `query`, among all the token can read. */
  searchRepos (query: string, page: PageRequest, call?: CallOptions): Promise<Page<GiteaRepository>>
  getRepo (owner: string, repo: string, call?: CallOptions): Promise<GiteaRepository>
  /** `path` '' is the repository root. A directory answers an array. */
  getContents (owner: string, repo: string, path: string, ref?: string, call?: CallOptions): Promise<GiteaContent | GiteaContent[]>
  /** `sha` may be a commit SHA, tree SHA, branch or tag name. */
  getTree (owner: string, repo: string, sha: string, request?: TreeRequest, call?: CallOptions): Promise<GiteaTree>
  /** Streams `GET /raw/{path}` and stops reading after `maxBytes`. */
  getRawFile (owner: string, repo: string, path: string, ref: string | undefined, maxBytes: number, call?: CallOptions): Promise<RawFile>
}
