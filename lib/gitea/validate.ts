import type { GiteaContent, GiteaRepository, GiteaTree, GiteaTreeEntry, GiteaUser } from './types.js'

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
