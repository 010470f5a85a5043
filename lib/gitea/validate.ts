import type { GiteaContent, GiteaRepository, GiteaTree, GiteaTreeEntry, GiteaUser } from './types.js'
import type { GiteaBranch, GiteaCommit, GiteaCommitUser, GiteaCompare, GiteaPayloadUser, GiteaTag } from './types.js'
import type {
  GiteaChangedFile, GiteaComment, GiteaIssue, GiteaLabel, GiteaPRBranch, GiteaPullRequest, GiteaRelease, GiteaReleaseAsset
} from './types.js'

// Checks that what Gitea (or whatever answers at GITEA_URL) sent has the
// fields the tools rely on, so a proxy page or an incompatible server is
// reported as such instead of surfacing later as `undefined` in a tool. Only
// the fields we use are checked; the rest passes through untouched.

export class ShapeError extends Error {
  override readonly name = 'ShapeError'
}

type Json = Record<string, unknown>

function isObject (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function object (value: unknown, what: string): Json {
  if (!isObject(value)) throw new ShapeError(`${what} is not an object`)
  return value
}

function requireType (obj: Json, key: string, type: 'string' | 'number' | 'boolean', what: string): void {
  if (typeof obj[key] !== type) throw new ShapeError(`${what}.${key} is not a ${type}`)
}

/** Missing nullable fields become null, so callers can rely on `=== null`. */
function nullIfMissing (obj: Json, keys: readonly string[]): void {
  for (const key of keys) if (obj[key] === undefined) obj[key] = null
}

export function expectVersion (value: unknown): string {
  const obj = object(value, 'version')
  requireType(obj, 'version', 'string', 'version')
  return obj.version as string
}

export function expectUser (value: unknown, what = 'user'): GiteaUser {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'login', 'string', what)
  return obj as unknown as GiteaUser
}

export function expectRepository (value: unknown, what = 'repository'): GiteaRepository {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'name', 'string', what)
  requireType(obj, 'full_name', 'string', what)
  expectUser(obj.owner, `${what}.owner`)
  return obj as unknown as GiteaRepository
}

export function expectRepositoryList (value: unknown): GiteaRepository[] {
  if (!Array.isArray(value)) throw new ShapeError('repository list is not an array')
  return value.map((item, i) => expectRepository(item, `repository[${i}]`))
}

/** `GET /repos/search` answers `{ok, data}`; `ok: false` is a failed search. */
export function expectSearchResults (value: unknown): GiteaRepository[] {
  const obj = object(value, 'search results')
  if (obj.ok === false) throw new ShapeError('search results say ok: false')
  return expectRepositoryList(obj.data)
}

const CONTENT_TYPES = new Set(['file', 'dir', 'symlink', 'submodule'])
const CONTENT_NULLABLE = ['encoding', 'content', 'target', 'html_url', 'git_url', 'download_url', 'submodule_git_url'] as const

export function expectContent (value: unknown, what = 'contents'): GiteaContent {
  const obj = object(value, what)
  requireType(obj, 'name', 'string', what)
  requireType(obj, 'path', 'string', what)
  requireType(obj, 'sha', 'string', what)
  requireType(obj, 'size', 'number', what)
  if (typeof obj.type !== 'string' || !CONTENT_TYPES.has(obj.type)) throw new ShapeError(`${what}.type is not file, dir, symlink or submodule`)
  nullIfMissing(obj, CONTENT_NULLABLE)
  if (obj.url === undefined || obj.url === null) obj.url = ''
  return obj as unknown as GiteaContent
}

export function expectContents (value: unknown): GiteaContent | GiteaContent[] {
  if (Array.isArray(value)) return value.map((item, i) => expectContent(item, `contents[${i}]`))
  return expectContent(value)
}

/** The first commit's sha of a `GET /commits` answer; undefined when the list is empty. */
export function expectFirstCommitSha (value: unknown): string | undefined {
  if (!Array.isArray(value)) throw new ShapeError('commit list is not an array')
  if (value.length === 0) return undefined
  const first = object(value[0], 'commit[0]')
  requireType(first, 'sha', 'string', 'commit[0]')
  return first.sha as string
}

const TREE_ENTRY_TYPES = new Set(['blob', 'tree', 'commit'])

function expectTreeEntry (value: unknown, what: string): GiteaTreeEntry {
  const obj = object(value, what)
  requireType(obj, 'path', 'string', what)
  requireType(obj, 'sha', 'string', what)
  requireType(obj, 'mode', 'string', what)
  if (typeof obj.type !== 'string' || !TREE_ENTRY_TYPES.has(obj.type)) throw new ShapeError(`${what}.type is not blob, tree or commit`)
  // Gitea omits size for trees and submodules.
  if (typeof obj.size !== 'number') obj.size = 0
  if (typeof obj.url !== 'string') obj.url = ''
  return obj as unknown as GiteaTreeEntry
}

export function expectTree (value: unknown): GiteaTree {
  const obj = object(value, 'tree')
  requireType(obj, 'sha', 'string', 'tree')
  // Gitea sends `tree: null` for an empty page.
  if (obj.tree === null || obj.tree === undefined) obj.tree = []
  if (!Array.isArray(obj.tree)) throw new ShapeError('tree.tree is not an array')
  obj.tree = obj.tree.map((item, i) => expectTreeEntry(item, `tree.tree[${i}]`))
  if (typeof obj.truncated !== 'boolean') obj.truncated = false
  if (typeof obj.page !== 'number') obj.page = 1
  if (typeof obj.total_count !== 'number') obj.total_count = (obj.tree as unknown[]).length
  if (typeof obj.url !== 'string') obj.url = ''
  return obj as unknown as GiteaTree
}

// Branches, tags, commits and comparisons (the history tools), and the batch
// file read (search_code). Required: what identifies an item (name, sha);
// other fields the tools read get a neutral default when missing.

function textField (obj: Json, key: string): void {
  if (typeof obj[key] !== 'string') obj[key] = ''
}

/** A list Gitea may send as `null` (a nil slice) when it is empty. */
function listOf<T> (value: unknown, what: string, item: (value: unknown, what: string) => T): T[] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) throw new ShapeError(`${what} is not an array`)
  return value.map((entry, i) => item(entry, `${what}[${i}]`))
}

function payloadUser (value: unknown, what: string): GiteaPayloadUser | null {
  if (value === null || value === undefined) return null
  const obj = object(value, what)
  for (const key of ['name', 'email', 'username']) textField(obj, key)
  return obj as unknown as GiteaPayloadUser
}

function expectBranch (value: unknown, what: string): GiteaBranch {
  const obj = object(value, what)
  requireType(obj, 'name', 'string', what)
  const commit = object(obj.commit, `${what}.commit`)
  requireType(commit, 'id', 'string', `${what}.commit`)
  for (const key of ['message', 'url', 'timestamp']) textField(commit, key)
  commit.author = payloadUser(commit.author, `${what}.commit.author`)
  commit.committer = payloadUser(commit.committer, `${what}.commit.committer`)
  if (typeof obj.protected !== 'boolean') obj.protected = false
  return obj as unknown as GiteaBranch
}

/** `GET .../branches`; an empty repository answers `null`. */
export function expectBranches (value: unknown): GiteaBranch[] {
  return listOf(value, 'branch list', expectBranch)
}

function expectTag (value: unknown, what: string): GiteaTag {
  const obj = object(value, what)
  requireType(obj, 'name', 'string', what)
  const commit = object(obj.commit, `${what}.commit`)
  requireType(commit, 'sha', 'string', `${what}.commit`)
  textField(commit, 'url')
  textField(commit, 'created')
  for (const key of ['message', 'zipball_url', 'tarball_url']) textField(obj, key)
  if (typeof obj.id !== 'string') obj.id = commit.sha
  return obj as unknown as GiteaTag
}

export function expectTags (value: unknown): GiteaTag[] {
  return listOf(value, 'tag list', expectTag)
}

function commitUser (value: unknown, what: string): GiteaCommitUser {
  const obj = value === null || value === undefined ? {} : object(value, what)
  for (const key of ['name', 'email', 'date']) textField(obj, key)
  return obj as unknown as GiteaCommitUser
}

function optionalUser (value: unknown, what: string): GiteaUser | null {
  return value === null || value === undefined ? null : expectUser(value, what)
}

export function expectCommit (value: unknown, what = 'commit'): GiteaCommit {
  const obj = object(value, what)
  requireType(obj, 'sha', 'string', what)
  for (const key of ['url', 'html_url', 'created']) textField(obj, key)
  const inner = object(obj.commit, `${what}.commit`)
  textField(inner, 'message')
  inner.author = commitUser(inner.author, `${what}.commit.author`)
  inner.committer = commitUser(inner.committer, `${what}.commit.committer`)
  obj.author = optionalUser(obj.author, `${what}.author`)
  obj.committer = optionalUser(obj.committer, `${what}.committer`)
  obj.parents = listOf(obj.parents, `${what}.parents`, (item, at) => {
    const parent = object(item, at)
    requireType(parent, 'sha', 'string', at)
    return parent
  })
  obj.files = obj.files === null || obj.files === undefined
    ? null
    : listOf(obj.files, `${what}.files`, (item, at) => {
      const file = object(item, at)
      requireType(file, 'filename', 'string', at)
      textField(file, 'status')
      return file
    })
  if (obj.stats === null || obj.stats === undefined) {
    obj.stats = null
  } else {
    const stats = object(obj.stats, `${what}.stats`)
    for (const key of ['total', 'additions', 'deletions']) if (typeof stats[key] !== 'number') stats[key] = 0
  }
  return obj as unknown as GiteaCommit
}

export function expectCommitList (value: unknown): GiteaCommit[] {
  return listOf(value, 'commit list', expectCommit)
}

export function expectCompare (value: unknown): GiteaCompare {
  const obj = object(value, 'comparison')
  obj.commits = listOf(obj.commits, 'comparison.commits', expectCommit)
  if (typeof obj.total_commits !== 'number') obj.total_commits = (obj.commits as unknown[]).length
  return obj as unknown as GiteaCompare
}

/** `GET .../file-contents`: an array of contents, `null` where a file could not be read. */
export function expectContentsBatch (value: unknown): Array<GiteaContent | null> {
  return listOf(value, 'file contents', (item, what) => item === null ? null : expectContent(item, what))
}

// Issues, pull requests, releases and labels. Required: what identifies the
// item (id, number, name, state); everything else gets a neutral default when
// missing so the tools never meet `undefined`.

function stringOr (obj: Json, key: string, fallback = ''): void {
  if (typeof obj[key] !== 'string') obj[key] = fallback
}

function numberOr (obj: Json, key: string): void {
  if (typeof obj[key] !== 'number') obj[key] = 0
}

function boolOr (obj: Json, key: string): void {
  if (typeof obj[key] !== 'boolean') obj[key] = false
}

function nullableString (obj: Json, key: string): void {
  if (typeof obj[key] !== 'string') obj[key] = null
}

function nullableUser (obj: Json, key: string, what: string): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = null
  else expectUser(obj[key], `${what}.${key}`)
}

/** A list Gitea may send as `null` (a nil slice) when empty. */
function list<T> (value: unknown, what: string, item: (value: unknown, what: string) => T): T[] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) throw new ShapeError(`${what} is not an array`)
  return value.map((entry, i) => item(entry, `${what}[${i}]`))
}

function state (obj: Json, what: string): void {
  if (obj.state !== 'open' && obj.state !== 'closed') throw new ShapeError(`${what}.state is not open or closed`)
}

export function expectLabel (value: unknown, what = 'label'): GiteaLabel {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'name', 'string', what)
  stringOr(obj, 'color')
  stringOr(obj, 'description')
  boolOr(obj, 'exclusive')
  boolOr(obj, 'is_archived')
  return obj as unknown as GiteaLabel
}

export function expectLabels (value: unknown): GiteaLabel[] {
  return list(value, 'label list', expectLabel)
}

export function expectIssue (value: unknown, what = 'issue'): GiteaIssue {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'number', 'number', what)
  requireType(obj, 'title', 'string', what)
  state(obj, what)
  for (const key of ['body', 'created_at', 'updated_at', 'html_url']) stringOr(obj, key)
  numberOr(obj, 'comments')
  boolOr(obj, 'is_locked')
  nullableString(obj, 'closed_at')
  nullableUser(obj, 'user', what)
  obj.labels = list(obj.labels, `${what}.labels`, expectLabel)
  obj.assignees = obj.assignees === null || obj.assignees === undefined ? null : list(obj.assignees, `${what}.assignees`, expectUser)
  if (obj.pull_request === undefined || obj.pull_request === null) {
    obj.pull_request = null
  } else {
    const pr = object(obj.pull_request, `${what}.pull_request`)
    boolOr(pr, 'merged')
    boolOr(pr, 'draft')
    nullableString(pr, 'merged_at')
    stringOr(pr, 'html_url')
  }
  if (obj.repository === undefined || obj.repository === null) {
    obj.repository = null
  } else {
    const repo = object(obj.repository, `${what}.repository`)
    requireType(repo, 'owner', 'string', `${what}.repository`)
    requireType(repo, 'name', 'string', `${what}.repository`)
    numberOr(repo, 'id')
    stringOr(repo, 'full_name', `${String(repo.owner)}/${String(repo.name)}`)
  }
  return obj as unknown as GiteaIssue
}

export function expectIssueList (value: unknown): GiteaIssue[] {
  return list(value, 'issue list', expectIssue)
}

function expectComment (value: unknown, what: string): GiteaComment {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  for (const key of ['body', 'created_at', 'updated_at', 'html_url']) stringOr(obj, key)
  nullableUser(obj, 'user', what)
  return obj as unknown as GiteaComment
}

export function expectComments (value: unknown): GiteaComment[] {
  return list(value, 'comment list', expectComment)
}

function expectBranchInfo (value: unknown, what: string): GiteaPRBranch {
  const obj = object(value, what)
  for (const key of ['label', 'ref', 'sha']) stringOr(obj, key)
  numberOr(obj, 'repo_id')
  obj.repo = obj.repo === undefined || obj.repo === null ? null : expectRepository(obj.repo, `${what}.repo`)
  return obj as unknown as GiteaPRBranch
}

export function expectPullRequest (value: unknown, what = 'pull request'): GiteaPullRequest {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'number', 'number', what)
  requireType(obj, 'title', 'string', what)
  state(obj, what)
  for (const key of ['body', 'created_at', 'updated_at', 'html_url', 'merge_base']) stringOr(obj, key)
  for (const key of ['draft', 'mergeable', 'merged']) boolOr(obj, key)
  numberOr(obj, 'comments')
  for (const key of ['merged_at', 'merge_commit_sha', 'closed_at']) nullableString(obj, key)
  for (const key of ['additions', 'deletions', 'changed_files']) {
    if (typeof obj[key] !== 'number') delete obj[key]
  }
  nullableUser(obj, 'user', what)
  nullableUser(obj, 'merged_by', what)
  obj.labels = list(obj.labels, `${what}.labels`, expectLabel)
  obj.base = expectBranchInfo(obj.base, `${what}.base`)
  obj.head = expectBranchInfo(obj.head, `${what}.head`)
  return obj as unknown as GiteaPullRequest
}

export function expectPullRequestList (value: unknown): GiteaPullRequest[] {
  return list(value, 'pull request list', expectPullRequest)
}

function expectChangedFile (value: unknown, what: string): GiteaChangedFile {
  const obj = object(value, what)
  requireType(obj, 'filename', 'string', what)
  stringOr(obj, 'status', 'changed')
  for (const key of ['additions', 'deletions', 'changes']) numberOr(obj, key)
  stringOr(obj, 'html_url')
  if (typeof obj.previous_filename !== 'string' || obj.previous_filename === '') delete obj.previous_filename
  return obj as unknown as GiteaChangedFile
}

export function expectChangedFiles (value: unknown): GiteaChangedFile[] {
  return list(value, 'changed file list', expectChangedFile)
}

function expectReleaseAsset (value: unknown, what: string): GiteaReleaseAsset {
  const obj = object(value, what)
  requireType(obj, 'name', 'string', what)
  numberOr(obj, 'size')
  numberOr(obj, 'download_count')
  stringOr(obj, 'browser_download_url')
  return obj as unknown as GiteaReleaseAsset
}

function expectRelease (value: unknown, what: string): GiteaRelease {
  const obj = object(value, what)
  requireType(obj, 'id', 'number', what)
  requireType(obj, 'tag_name', 'string', what)
  for (const key of ['target_commitish', 'name', 'body', 'created_at', 'published_at', 'html_url']) stringOr(obj, key)
  boolOr(obj, 'draft')
  boolOr(obj, 'prerelease')
  nullableUser(obj, 'author', what)
  obj.assets = list(obj.assets, `${what}.assets`, expectReleaseAsset)
  return obj as unknown as GiteaRelease
}

export function expectReleases (value: unknown): GiteaRelease[] {
  return list(value, 'release list', expectRelease)
}
