// The fake Gitea's in-memory model: accounts, organisations and teams, and
// repositories holding real git objects (blobs, trees, commits, tags) with
// branches and tags pointing at them. Issues, pull requests and releases can be
// added to FakeRepository later without changing what is here.

import {
  type GitBlob, type GitCommit, type GitMode, type GitObject, type GitSignature, type GitTreeEntry, type LazyBytes,
  makeBlob, makeCommit, makeTag, makeTree
} from './git-objects.js'
import type { FakeActionRun } from './actions-model.js'
import type { FakeParityFields } from './data-parity.js'

/** A user or an organisation (Gitea stores both in one table). */
export interface FakeUser {
  id: number
  login: string
  fullName: string
  email: string
  /** Hides the email from other signed-in users (they see <login>@noreply.localhost). */
  keepEmailPrivate: boolean
  isOrganization: boolean
  isAdmin: boolean
  visibility: 'public' | 'limited' | 'private'
  description: string
  location: string
  website: string
  language: string
  /** Go time strings (RFC 3339). */
  created: string
  lastLogin: string
  followers: number
  following: number
  starredRepos: number
}

/** An organisation team: its members get `permission` on its repositories. */
export interface FakeTeam {
  org: string
  name: string
  permission: 'read' | 'write' | 'admin' | 'owner'
  includesAllRepositories: boolean
  /** Repository names (in the org) when includesAllRepositories is false. */
  repositories: string[]
  members: string[]
}

export type AccessMode = 'none' | 'read' | 'write' | 'admin' | 'owner'

export interface FakeBranchProtection {
  /** Branch name this rule protects (exact match). */
  branch: string
  requiredApprovals: number
  enableStatusCheck: boolean
  statusCheckContexts: string[]
}

/** The git side of a repository: an object store plus refs. */
export interface FakeGitRepo {
  objects: Map<string, GitObject>
  /** Branch name → commit sha. */
  branches: Map<string, string>
  /** Tag name → commit sha (lightweight tag) or tag object sha (annotated tag). */
  tags: Map<string, string>
}

export interface FakeRepository extends FakeParityFields {
  id: number
  owner: string
  name: string
  description: string
  website: string
  private: boolean
  fork: boolean
  template: boolean
  mirror: boolean
  archived: boolean
  defaultBranch: string
  /** Primary language, as Gitea's language statistics would report it ("" for none). */
  language: string
  topics: string[]
  /** SPDX ids Gitea detected from a LICENSE file. */
  licenses: string[]
  stars: number
  forks: number
  watchers: number
  /**
   * Counters Gitea keeps on the repository row. Issues, pull requests and
   * releases themselves, when modelled, go in their own arrays (e.g. `issues`,
   * `pulls`, `releases`) and these counters can then be derived from them.
   */
  openIssueCount: number
  openPullCount: number
  releaseCount: number
  created: string
  updated: string
  /** Repository units; Gitea's defaults enable all of them. */
  units: { code: boolean, issues: boolean, pulls: boolean, wiki: boolean, projects: boolean, releases: boolean, packages: boolean, actions: boolean }
  collaborators: Array<{ login: string, permission: 'read' | 'write' | 'admin' }>
  protectedBranches: FakeBranchProtection[]
  git: FakeGitRepo
  /** Issues and pull requests, sharing one index sequence (see FakeIssue). */
  issues?: FakeIssue[]
  labels?: FakeLabel[]
  releases?: FakeRelease[]
  /** Git LFS objects by sha256 oid: what `media` serves for a pointer blob. */
  lfsObjects?: Map<string, Buffer>
  /** Actions runs, newest last (actions-model.ts). */
  actions?: FakeActionRun[]
}

/** A repository label; issues refer to it by name. */
export interface FakeLabel {
  id: number
  name: string
  /** Six hex digits without "#". */
  color: string
  description: string
  exclusive: boolean
  archived: boolean
}

export interface FakeComment {
  id: number
  author: string
  body: string
  /** RFC 3339 (UTC, "Z"). */
  created: string
  updated: string
}

/** What makes an issue a pull request. */
export interface FakePull {
  /** Its own id (pull_request.id), distinct from the issue's. */
  id: number
  baseBranch: string
  /** The head branch name (it may have been deleted since: then only refs/pull/N/head holds headSha). */
  headBranch: string
  headSha: string
  mergeBase: string
  merged: { at: string, by: string, commit: string } | null
}

/** An issue, or a pull request when `pull` is set. */
export interface FakeIssue {
  /** Instance-wide id. */
  id: number
  /** Index in the repository (#n), shared by issues and pull requests. */
  index: number
  author: string
  title: string
  body: string
  /** Label names (of the repository's labels). */
  labels: string[]
  assignees: string[]
  state: 'open' | 'closed'
  locked: boolean
  /** RFC 3339 (UTC, "Z"); `closed` is null while open. */
  created: string
  updated: string
  closed: string | null
  comments: FakeComment[]
  pull?: FakePull
}

export interface FakeRelease {
  id: number
  tag: string
  /** Branch or commit the tag was (or will be) created from. */
  target: string
  name: string
  body: string
  draft: boolean
  prerelease: boolean
  author: string
  /** RFC 3339 (UTC, "Z"). */
  created: string
}

export interface FakeGiteaData {
  users: FakeUser[]
  teams: FakeTeam[]
  repositories: FakeRepository[]
  /** Login of the user the fake's API token belongs to. */
  tokenOwner: string
}

/** What a path in a commit can hold; null in a commit's `files` deletes the path. */
export type FileSpec =
  | string
  | Buffer
  | LazyBytes
  | { executable: string | Buffer }
  | { symlink: string }
  | { submodule: { commit: string } }

export interface CommitSpec {
  branch: string
  message: string
  author: GitSignature
  /** Defaults to the author. */
  committer?: GitSignature
  /** Path → new content, or null to delete it. Paths not listed are inherited from the parent. */
  files: Record<string, FileSpec | null>
  /** Parent commit; defaults to the branch's head (or `from`'s head for a new branch). */
  parent?: string
  /** When the branch does not exist yet, start it from this branch's head. */
  from?: string
}

interface FlatEntry { mode: Exclude<GitMode, '40000'>, sha: string }

/**
 * Builds a repository's history commit by commit, like a developer would
 * with `git commit`: each commit states only the files it changes.
 */
export class GitHistory {
  readonly git: FakeGitRepo = { objects: new Map(), branches: new Map(), tags: new Map() }
  private readonly flat = new Map<string, Map<string, FlatEntry>>()

  commit (spec: CommitSpec): GitCommit {
    const parent = spec.parent ?? this.git.branches.get(spec.branch) ??
      (spec.from !== undefined ? this.git.branches.get(spec.from) : undefined)
    const files = new Map(parent !== undefined ? this.flat.get(parent) : undefined)
    for (const [path, content] of Object.entries(spec.files)) {
      if (content === null) files.delete(path)
      else files.set(path, this.store(content))
    }
    const commit = makeCommit({
      tree: this.buildTree(files, ''),
      parents: parent !== undefined ? [parent] : [],
      author: spec.author,
      committer: spec.committer ?? spec.author,
      message: spec.message
    })
    this.git.objects.set(commit.sha, commit)
    this.flat.set(commit.sha, files)
    this.git.branches.set(spec.branch, commit.sha)
    return commit
  }

  lightweightTag (name: string, commit: string): void {
    this.git.tags.set(name, commit)
  }

  annotatedTag (name: string, commit: string, tagger: GitSignature, message: string): void {
    const tag = makeTag({ object: commit, name, tagger, message })
    this.git.objects.set(tag.sha, tag)
    this.git.tags.set(name, tag.sha)
  }

  private store (content: FileSpec): FlatEntry {
    const put = (blob: GitBlob): string => { this.git.objects.set(blob.sha, blob); return blob.sha }
    if (typeof content === 'string') return { mode: '100644', sha: put(makeBlob(Buffer.from(content, 'utf8'))) }
    if (Buffer.isBuffer(content)) return { mode: '100644', sha: put(makeBlob(content)) }
    if ('executable' in content) {
      const bytes = typeof content.executable === 'string' ? Buffer.from(content.executable, 'utf8') : content.executable
      return { mode: '100755', sha: put(makeBlob(bytes)) }
    }
    if ('symlink' in content) return { mode: '120000', sha: put(makeBlob(Buffer.from(content.symlink, 'utf8'))) }
    if ('submodule' in content) return { mode: '160000', sha: content.submodule.commit }
    return { mode: '100644', sha: put(makeBlob(content)) }
  }

  private buildTree (files: Map<string, FlatEntry>, prefix: string): string {
    const entries: GitTreeEntry[] = []
    const subdirs = new Set<string>()
    for (const [path, entry] of files) {
      if (!path.startsWith(prefix)) continue
      const rest = path.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash === -1) entries.push({ name: rest, mode: entry.mode, sha: entry.sha })
      else subdirs.add(rest.slice(0, slash))
    }
    for (const dir of subdirs) {
      entries.push({ name: dir, mode: '40000', sha: this.buildTree(files, prefix + dir + '/') })
    }
    const tree = makeTree(entries)
    this.git.objects.set(tree.sha, tree)
    return tree.sha
  }
}

/** A signature at a wall-clock time in a zone: sig('Alice', 'a@x', '2024-01-08T09:12:44', 60). */
export function signature (name: string, email: string, localTime: string, tzMinutes: number): GitSignature {
  const when = Math.round(Date.parse(localTime + 'Z') / 1000) - tzMinutes * 60
  return { name, email, when, tz: tzMinutes }
}

export function emptyGitRepo (): FakeGitRepo {
  return { objects: new Map(), branches: new Map(), tags: new Map() }
}

export function isEmptyRepo (repo: FakeRepository): boolean {
  return repo.git.branches.size === 0
}

export function findUser (data: FakeGiteaData, login: string): FakeUser | undefined {
  const lower = login.toLowerCase()
  return data.users.find((u) => u.login.toLowerCase() === lower)
}

export function findRepository (data: FakeGiteaData, owner: string, name: string): FakeRepository | undefined {
  const o = owner.toLowerCase()
  const n = name.toLowerCase()
  return data.repositories.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n)
}
