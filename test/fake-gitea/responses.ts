// Model objects → the JSON Gitea 1.26.3 sends (services/convert and
// modules/structs). Keys follow the Go structs' field order; fields without
// omitempty are always present, nil pointers and nil slices become null.

import { createHash } from 'node:crypto'
import { atLeast } from './access.js'
import { type AccessMode, type FakeGiteaData, type FakeRepository, type FakeUser, isEmptyRepo } from './data.js'
import { type GitCommit, type GitSignature, blobBytes } from './git-objects.js'
import { GO_ZERO_TIME, goTime, pathEscape, pathEscapeSegments, queryEscape } from './go-format.js'
import {
  DEFAULT_GIT_TREES_PER_PAGE, DEFAULT_MAX_BLOB_SIZE, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_PAGING_NUM, MAX_RESPONSE_ITEMS
} from './paging.js'
import {
  type PathEntry, changedFiles, getBlob, getTagObject, lastCommitForPath, lineStats, peelToCommit, submoduleUrls
} from './revision.js'

export const GITEA_VERSION = '1.26.3'

/** Per-request context: ROOT_URL (with trailing slash), the data, and who is asking. */
export interface ResponseContext {
  appUrl: string
  data: FakeGiteaData
  viewer: FakeUser | undefined
  /** Where raw/media answers record how many body bytes they wrote. */
  streams?: StreamRecord[]
}

/** One raw or media answer: the bytes of its body written before it ended or the client left. */
export interface StreamRecord {
  path: string
  size: number
  sent: number
  /** The whole body was written (false: the client closed the connection first). */
  complete: boolean
}

type Json = Record<string, unknown>

export function swaggerUrl (appUrl: string): string {
  return appUrl + 'api/swagger'
}

export function repoHtmlUrl (ctx: ResponseContext, repo: FakeRepository): string {
  return ctx.appUrl + pathEscape(repo.owner) + '/' + pathEscape(repo.name)
}

export function repoApiUrl (ctx: ResponseContext, repo: FakeRepository): string {
  return ctx.appUrl + 'api/v1/repos/' + pathEscape(repo.owner) + '/' + pathEscape(repo.name)
}

function sigTime (s: GitSignature): string {
  return goTime(s.when, s.tz)
}

export function serverVersion (): Json {
  return { version: GITEA_VERSION }
}

export function apiSettings (): Json {
  return {
    max_response_items: MAX_RESPONSE_ITEMS,
    default_paging_num: DEFAULT_PAGING_NUM,
    default_git_trees_per_page: DEFAULT_GIT_TREES_PER_PAGE,
    default_max_blob_size: DEFAULT_MAX_BLOB_SIZE,
    default_max_response_size: DEFAULT_MAX_RESPONSE_SIZE
  }
}

/**
 * convert.toUser. `signed`: the caller is signed in (or has access, for repo
 * owners); `authed`: the caller is this user or a site admin, who also see the
 * account fields. The trailing `username` is the MarshalJSON compat field the
 * real server adds to every User (not declared in the spec).
 */
export function apiUser (ctx: ResponseContext, user: FakeUser, signed: boolean, authed: boolean): Json {
  const email = signed && (!user.keepEmailPrivate || authed) ? user.email : `${user.login.toLowerCase()}@noreply.localhost`
  return {
    id: user.id,
    login: user.login,
    login_name: '',
    source_id: 0,
    full_name: user.fullName,
    email,
    avatar_url: ctx.appUrl + 'avatars/' + createHash('md5').update(`${user.id}:${user.login}`).digest('hex'),
    html_url: ctx.appUrl + pathEscape(user.login),
    language: authed ? user.language : '',
    is_admin: authed ? user.isAdmin : false,
    last_login: authed ? user.lastLogin : GO_ZERO_TIME,
    created: user.created,
    restricted: false,
    active: authed,
    prohibit_login: false,
    location: user.location,
    website: user.website,
    description: user.description,
    visibility: user.visibility,
    followers_count: user.followers,
    following_count: user.following,
    starred_repos_count: user.starredRepos,
    username: user.login
  }
}

/** ToUser(ctx, user, doer): what a signed-in doer (or anonymous, undefined) sees of a user. */
export function apiUserFor (ctx: ResponseContext, user: FakeUser): Json {
  const viewer = ctx.viewer
  return apiUser(ctx, user, viewer !== undefined, viewer !== undefined && (viewer.id === user.id || viewer.isAdmin))
}

function repoSizeKiB (repo: FakeRepository): number {
  let bytes = 0
  for (const o of repo.git.objects.values()) {
    if (o.type === 'blob') bytes += o.size
    else if (o.type === 'tree') bytes += o.entries.length * 40
    else bytes += 200
  }
  return Math.floor(bytes / 1024)
}

/** convert.ToRepo with the caller's access mode. */
export function apiRepository (ctx: ResponseContext, repo: FakeRepository, access: AccessMode): Json {
  const owner = ctx.data.users.find((u) => u.login === repo.owner)
  const html = repoHtmlUrl(ctx, repo)
  const api = repoApiUrl(ctx, repo)
  const host = new URL(ctx.appUrl).hostname
  const u = repo.units
  return {
    id: repo.id,
    // ToUserWithAccessMode: emails show to callers with an access mode; anonymous callers have none.
    owner: owner !== undefined ? apiUser(ctx, owner, access !== 'none' && ctx.viewer !== undefined, false) : null,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    description: repo.description,
    empty: isEmptyRepo(repo),
    private: repo.private,
    fork: repo.fork,
    template: repo.template,
    mirror: repo.mirror,
    size: repoSizeKiB(repo),
    language: repo.language,
    languages_url: api + '/languages',
    html_url: html,
    url: api,
    link: '',
    ssh_url: `git@${host}:${repo.owner}/${repo.name}.git`,
    clone_url: html + '.git',
    original_url: '',
    website: repo.website,
    stars_count: repo.stars,
    forks_count: repo.forks,
    watchers_count: repo.watchers,
    branch_count: repo.git.branches.size,
    open_issues_count: repo.openIssueCount,
    open_pr_counter: repo.openPullCount,
    release_counter: repo.releaseCount,
    default_branch: repo.defaultBranch,
    archived: repo.archived,
    created_at: repo.created,
    updated_at: repo.updated,
    archived_at: goTime(0),
    permissions: { admin: atLeast(access, 'admin'), push: atLeast(access, 'write'), pull: atLeast(access, 'read') },
    has_code: u.code,
    has_issues: u.issues,
    ...(u.issues
      ? { internal_tracker: { enable_time_tracker: true, allow_only_contributors_to_track_time: true, enable_issue_dependencies: true } }
      : {}),
    has_wiki: u.wiki,
    has_pull_requests: u.pulls,
    has_projects: u.projects,
    projects_mode: 'all',
    has_releases: u.releases,
    has_packages: u.packages,
    has_actions: u.actions,
    ignore_whitespace_conflicts: false,
    allow_merge_commits: u.pulls,
    allow_rebase: u.pulls,
    allow_rebase_explicit: u.pulls,
    allow_squash_merge: u.pulls,
    allow_fast_forward_only_merge: u.pulls,
    allow_rebase_update: u.pulls,
    allow_manual_merge: false,
    autodetect_manual_merge: false,
    default_delete_branch_after_merge: false,
    default_merge_style: 'merge',
    default_allow_maintainer_edit: false,
    default_target_branch: '',
    avatar_url: '',
    internal: !repo.private && owner?.visibility === 'private',
    mirror_interval: '',
    object_format_name: 'sha1',
    mirror_updated: GO_ZERO_TIME,
    topics: repo.topics,
    licenses: repo.licenses
  }
}

/** The ref a contents request resolved to: how the client named it and what kind of ref it is. */
export interface ResolvedRef {
  inputRef: string
  kind: 'branch' | 'tag' | 'commit'
  /** Branch or tag name, or the commit sha. */
  name: string
  commit: GitCommit
}

function refWebLinkPath (ref: ResolvedRef): string {
  return `${ref.kind}/${pathEscapeSegments(ref.name)}`
}

/**
 * files_service.getFileContentsByEntryInternal for GET .../contents: commit
 * metadata always included, file content only for a single regular file.
 */
export function apiContents (ctx: ResponseContext, repo: FakeRepository, ref: ResolvedRef, entry: PathEntry,
  includeContent: boolean, includeLastCommit = true): Json {
  const git = repo.git
  const api = repoApiUrl(ctx, repo)
  const html = repoHtmlUrl(ctx, repo)
  const self = `${api}/contents/${pathEscapeSegments(entry.path)}?ref=${queryEscape(ref.inputRef)}`
  // contents-ext looks the last commit up only when asked (it walks the history).
  const last = includeLastCommit ? lastCommitForPath(git, ref.commit.sha, entry.path) : undefined
  const isFile = entry.mode === '100644' || entry.mode === '100755'
  const isLink = entry.mode === '120000'
  const isSubmodule = entry.mode === '160000'
  const blob = isFile || isLink ? getBlob(git, entry.sha) : undefined
  const type = isFile ? 'file' : isLink ? 'symlink' : isSubmodule ? 'submodule' : 'dir'
  let encoding: string | null = null
  let content: string | null = null
  if (isFile && includeContent && blob !== undefined && blob.size <= DEFAULT_MAX_BLOB_SIZE) {
    encoding = 'base64'
    content = blobBytes(blob).toString('base64')
  }
  const target = isLink && blob !== undefined ? blobBytes(blob, 0, Math.min(1024, blob.size)).toString('utf8') : null
  const submoduleUrl = isSubmodule ? (submoduleUrls(git, ref.commit.tree).get(entry.path) ?? null) : null
  const htmlUrl = isSubmodule ? null : `${html}/src/${refWebLinkPath(ref)}/${pathEscapeSegments(entry.path)}`
  const gitUrl = isSubmodule ? null : `${api}/git/blobs/${pathEscape(entry.sha)}`
  return {
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    ...(last !== undefined
      ? { last_commit_sha: last.sha, last_committer_date: sigTime(last.committer), last_author_date: sigTime(last.author) }
      : {}),
    type,
    size: blob?.size ?? 0,
    encoding,
    content,
    target,
    url: self,
    html_url: htmlUrl,
    git_url: gitUrl,
    download_url: isFile || isLink ? `${html}/raw/${refWebLinkPath(ref)}/${pathEscapeSegments(entry.path)}` : null,
    submodule_git_url: submoduleUrl,
    _links: { self, git: gitUrl, html: htmlUrl }
  }
}

/** One entry of GitTreeResponse.tree. */
export function apiTreeEntry (ctx: ResponseContext, repo: FakeRepository, entry: PathEntry): Json {
  const api = repoApiUrl(ctx, repo)
  const kind = entry.mode === '40000' ? 'tree' : entry.mode === '160000' ? 'commit' : 'blob'
  return {
    path: entry.path,
    mode: entry.mode.padStart(6, '0'),
    type: kind,
    size: kind === 'blob' ? (getBlob(repo.git, entry.sha)?.size ?? 0) : 0,
    sha: entry.sha,
    url: kind === 'tree' ? `${api}/git/trees/${entry.sha}` : kind === 'commit' ? '' : `${api}/git/blobs/${entry.sha}`
  }
}

function userByEmail (ctx: ResponseContext, email: string): FakeUser | undefined {
  const lower = email.toLowerCase()
  return ctx.data.users.find((u) => !u.isOrganization && u.email.toLowerCase() === lower)
}

function unsignedVerification (): Json {
  return { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' }
}

/** convert.ToBranch for an unprotected or protected branch, as seen by a caller with `access`. */
export function apiBranch (ctx: ResponseContext, repo: FakeRepository, name: string, commit: GitCommit,
  access: AccessMode): Json {
  const html = repoHtmlUrl(ctx, repo)
  const payloadUser = (s: GitSignature): Json => ({ name: s.name, email: s.email, username: userByEmail(ctx, s.email)?.login ?? '' })
  const rule = repo.protectedBranches.find((p) => p.branch === name)
  const canWrite = atLeast(access, 'write')
  return {
    name,
    commit: {
      id: commit.sha,
      message: commit.message,
      url: `${html}/commit/${commit.sha}`,
      author: payloadUser(commit.author),
      committer: payloadUser(commit.committer),
      verification: unsignedVerification(),
      timestamp: sigTime(commit.author),
      added: null,
      removed: null,
      modified: null
    },
    protected: rule !== undefined,
    required_approvals: rule?.requiredApprovals ?? 0,
    enable_status_check: rule?.enableStatusCheck ?? false,
    status_check_contexts: rule?.statusCheckContexts ?? [],
    // A protection rule without push/merge whitelists lets nobody push directly; merging needs write access.
    user_can_push: rule === undefined ? canWrite : false,
    user_can_merge: canWrite,
    effective_branch_protection_name: rule !== undefined && atLeast(access, 'admin') ? rule.branch : ''
  }
}

/** convert.ToTag: a lightweight tag reports its commit; an annotated one its tag object and tagger. */
export function apiTag (ctx: ResponseContext, repo: FakeRepository, name: string, target: string): Json {
  const html = repoHtmlUrl(ctx, repo)
  const api = repoApiUrl(ctx, repo)
  const tagObject = getTagObject(repo.git, target)
  const commit = peelToCommit(repo.git, target)
  const message = tagObject?.message ?? commit?.message ?? ''
  const created = tagObject !== undefined ? tagObject.tagger : commit?.committer
  return {
    name,
    message: message.trim(),
    id: target,
    commit: {
      url: `${api}/git/commits/${target}`,
      sha: commit?.sha ?? target,
      created: created !== undefined ? sigTime(created) : GO_ZERO_TIME
    },
    zipball_url: `${html}/archive/${pathEscape(name + '.zip')}`,
    tarball_url: `${html}/archive/${pathEscape(name + '.tar.gz')}`
  }
}

export interface CommitOptions { stat: boolean, files: boolean, verification: boolean }

/** convert.ToCommit (note Gitea's quirk: commit.tree.sha is the commit's own sha). */
export function apiCommit (ctx: ResponseContext, repo: FakeRepository, commit: GitCommit, opts: CommitOptions): Json {
  const api = repoApiUrl(ctx, repo)
  const html = repoHtmlUrl(ctx, repo)
  const url = `${api}/git/commits/${commit.sha}`
  const author = userByEmail(ctx, commit.author.email)
  const committer = userByEmail(ctx, commit.committer.email)
  const anonymousView = { ...ctx, viewer: undefined }
  let files: Json[] | null = null
  if (opts.files) {
    const changes = changedFiles(repo.git, commit)
    files = [
      ...changes.added.map((filename) => ({ filename, status: 'added' })),
      ...changes.removed.map((filename) => ({ filename, status: 'removed' })),
      ...changes.modified.map((filename) => ({ filename, status: 'modified' }))
    ]
  }
  let stats: Json | null = null
  if (opts.stat) {
    const s = lineStats(repo.git, commit)
    stats = { total: s.additions + s.deletions, additions: s.additions, deletions: s.deletions }
  }
  return {
    url,
    sha: commit.sha,
    created: sigTime(commit.committer),
    html_url: `${html}/commit/${commit.sha}`,
    commit: {
      url,
      author: { name: commit.author.name, email: commit.author.email, date: sigTime(commit.author) },
      committer: { name: commit.committer.name, email: commit.committer.email, date: sigTime(commit.committer) },
      message: commit.message,
      tree: { url: `${api}/git/trees/${commit.sha}`, sha: commit.sha, created: sigTime(commit.committer) },
      verification: opts.verification ? unsignedVerification() : null
    },
    author: author !== undefined ? apiUserFor(anonymousView, author) : null,
    committer: committer !== undefined ? apiUserFor(anonymousView, committer) : null,
    parents: commit.parents.map((p) => ({ url: `${api}/git/commits/${p}`, sha: p, created: GO_ZERO_TIME })),
    files,
    stats
  }
}
