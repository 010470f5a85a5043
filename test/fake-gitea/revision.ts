// Reading a FakeGitRepo the way git does: revision names, paths in trees,
// `ls-tree -r -t` order, `git log` order, and per-commit file changes/stats.

import { type FakeGitRepo } from './data.js'
import {
  type GitBlob, type GitCommit, type GitObject, type GitTag, type GitTree, type GitTreeEntry, blobBytes, isLazy
} from './git-objects.js'
import { countChanges } from './line-diff.js'

export const FULL_SHA = /^[0-9a-f]{40}$/

export function getObject (git: FakeGitRepo, sha: string): GitObject | undefined {
  return git.objects.get(sha)
}

export function getCommit (git: FakeGitRepo, sha: string): GitCommit | undefined {
  const o = git.objects.get(sha)
  return o?.type === 'commit' ? o : undefined
}

export function getTree (git: FakeGitRepo, sha: string): GitTree | undefined {
  const o = git.objects.get(sha)
  return o?.type === 'tree' ? o : undefined
}

export function getBlob (git: FakeGitRepo, sha: string): GitBlob | undefined {
  const o = git.objects.get(sha)
  return o?.type === 'blob' ? o : undefined
}

/** Follows tag objects to the commit they point at. */
export function peelToCommit (git: FakeGitRepo, sha: string): GitCommit | undefined {
  let o = git.objects.get(sha)
  while (o?.type === 'tag') o = git.objects.get(o.object)
  return o?.type === 'commit' ? o : undefined
}

export function getTagObject (git: FakeGitRepo, sha: string): GitTag | undefined {
  const o = git.objects.get(sha)
  return o?.type === 'tag' ? o : undefined
}

/**
 * git's rev-parse for a plain name (no ~ or ^ suffixes): a full object id, HEAD,
 * refs/heads/x or refs/tags/x, a short name (tags win over branches, as in git's
 * dwim order) or an unambiguous abbreviated object id of at least 4 hex digits.
 */
export function revParse (git: FakeGitRepo, defaultBranch: string, rev: string): string | undefined {
  if (FULL_SHA.test(rev)) return git.objects.has(rev) ? rev : undefined
  if (rev === 'HEAD') return git.branches.get(defaultBranch)
  if (rev.startsWith('refs/heads/')) return git.branches.get(rev.slice(11))
  if (rev.startsWith('refs/tags/')) return git.tags.get(rev.slice(10))
  const named = git.tags.get(rev) ?? git.branches.get(rev)
  if (named !== undefined) return named
  if (/^[0-9a-f]{4,39}$/.test(rev)) {
    let found: string | undefined
    for (const sha of git.objects.keys()) {
      if (!sha.startsWith(rev)) continue
      if (found !== undefined) return undefined // ambiguous
      found = sha
    }
    return found
  }
  return undefined
}

export interface PathEntry {
  /** Full path inside the repository ('' for the root tree). */
  path: string
  name: string
  mode: GitTreeEntry['mode']
  sha: string
}

/** The entry at `path` in a tree, or undefined. '' is the root tree itself. */
export function lookupPath (git: FakeGitRepo, rootTree: string, path: string): PathEntry | undefined {
  if (path === '') return { path: '', name: '', mode: '40000', sha: rootTree }
  const parts = path.split('/')
  let tree = getTree(git, rootTree)
  for (let i = 0; i < parts.length; i++) {
    const entry = tree?.entries.find((e) => e.name === parts[i])
    if (entry === undefined) return undefined
    if (i === parts.length - 1) return { path, name: entry.name, mode: entry.mode, sha: entry.sha }
    if (entry.mode !== '40000') return undefined
    tree = getTree(git, entry.sha)
  }
  return undefined
}

export function listTree (git: FakeGitRepo, treeSha: string, prefix = ''): PathEntry[] {
  return (getTree(git, treeSha)?.entries ?? []).map((e) => ({ path: prefix + e.name, name: e.name, mode: e.mode, sha: e.sha }))
}

/** `git ls-tree -r -t`: every entry, a directory listed just before its contents. */
export function listTreeRecursive (git: FakeGitRepo, treeSha: string): PathEntry[] {
  const out: PathEntry[] = []
  const walk = (sha: string, prefix: string): void => {
    for (const e of listTree(git, sha, prefix)) {
      out.push(e)
      if (e.mode === '40000') walk(e.sha, e.path + '/')
    }
  }
  walk(treeSha, '')
  return out
}

/** All non-directory entries of a tree by path (submodules included). */
export function flattenTree (git: FakeGitRepo, treeSha: string): Map<string, PathEntry> {
  return new Map(listTreeRecursive(git, treeSha).filter((e) => e.mode !== '40000').map((e) => [e.path, e]))
}

/** `git log <start>` order: newest committer date first, each commit once. */
export function history (git: FakeGitRepo, start: string): GitCommit[] {
  const out: GitCommit[] = []
  const seen = new Set<string>()
  const queue: GitCommit[] = []
  const push = (sha: string): void => {
    const c = getCommit(git, sha)
    if (c !== undefined && !seen.has(sha)) { seen.add(sha); queue.push(c) }
  }
  push(start)
  while (queue.length > 0) {
    queue.sort((a, b) => b.committer.when - a.committer.when)
    const next = queue.shift() as GitCommit
    out.push(next)
    for (const p of next.parents) push(p)
  }
  return out
}

function entryAt (git: FakeGitRepo, commit: GitCommit, path: string): string | undefined {
  const e = lookupPath(git, commit.tree, path)
  return e === undefined ? undefined : e.mode + e.sha
}

/** Whether `commit` changed `path` compared with its first parent (`git log -- path` semantics). */
export function touchesPath (git: FakeGitRepo, commit: GitCommit, path: string): boolean {
  const mine = entryAt(git, commit, path)
  const parent = commit.parents[0] !== undefined ? getCommit(git, commit.parents[0]) : undefined
  const theirs = parent !== undefined ? entryAt(git, parent, path) : undefined
  return mine !== theirs
}

/** The newest commit reachable from `start` that changed `path` (`git log -1 -- path`). */
export function lastCommitForPath (git: FakeGitRepo, start: string, path: string): GitCommit | undefined {
  if (path === '') return getCommit(git, start)
  return history(git, start).find((c) => touchesPath(git, c, path))
}

export interface FileChanges { added: string[], removed: string[], modified: string[] }

/** Files a commit added, removed and modified compared with its first parent. */
export function changedFiles (git: FakeGitRepo, commit: GitCommit): FileChanges {
  const parent = commit.parents[0] !== undefined ? getCommit(git, commit.parents[0]) : undefined
  const before = parent !== undefined ? flattenTree(git, parent.tree) : new Map<string, PathEntry>()
  const after = flattenTree(git, commit.tree)
  const changes: FileChanges = { added: [], removed: [], modified: [] }
  for (const [path, e] of after) {
    const old = before.get(path)
    if (old === undefined) changes.added.push(path)
    else if (old.sha !== e.sha || old.mode !== e.mode) changes.modified.push(path)
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path)
  return changes
}

const lineCountCache = new Map<string, number>()

/** Text lines of a blob, or null for binary content (a NUL byte in the first 8000 bytes, as git decides). */
function blobLines (git: FakeGitRepo, sha: string | undefined): string[] | null {
  if (sha === undefined) return []
  const blob = getBlob(git, sha)
  if (blob === undefined) return [] // a submodule commit: no lines
  if (blobBytes(blob, 0, Math.min(8000, blob.size)).includes(0)) return null
  const text = blobBytes(blob).toString('latin1')
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Line count of a text blob without keeping its lines (for large generated files). */
function countLines (git: FakeGitRepo, sha: string): number {
  const cached = lineCountCache.get(sha)
  if (cached !== undefined) return cached
  const blob = getBlob(git, sha)
  if (blob === undefined) return 0
  if (blobBytes(blob, 0, Math.min(8000, blob.size)).includes(0)) return 0
  let count = 0
  const step = 1 << 20
  for (let start = 0; start < blob.size; start += step) {
    const chunk = blobBytes(blob, start, Math.min(blob.size, start + step))
    for (const b of chunk) if (b === 10) count++
  }
  if (blob.size > 0 && blobBytes(blob, blob.size - 1, blob.size)[0] !== 10) count++
  lineCountCache.set(sha, count)
  return count
}

export interface LineStats { additions: number, deletions: number }

/**
 * `git diff --shortstat` line totals against the first parent, from the same
 * line diff the fake's `.diff` endpoint prints (line-diff.ts).
 */
export function lineStats (git: FakeGitRepo, commit: GitCommit): LineStats {
  const parent = commit.parents[0] !== undefined ? getCommit(git, commit.parents[0]) : undefined
  const before = parent !== undefined ? flattenTree(git, parent.tree) : new Map<string, PathEntry>()
  const changes = changedFiles(git, commit)
  const after = flattenTree(git, commit.tree)
  let additions = 0
  let deletions = 0
  const isBig = (sha: string | undefined): boolean => {
    const b = sha !== undefined ? getBlob(git, sha) : undefined
    return b !== undefined && isLazy(b.content)
  }
  for (const path of changes.added) {
    const sha = after.get(path)?.sha
    additions += sha !== undefined && isBig(sha) ? countLines(git, sha) : (blobLines(git, sha)?.length ?? 0)
  }
  for (const path of changes.removed) {
    const sha = before.get(path)?.sha
    deletions += sha !== undefined && isBig(sha) ? countLines(git, sha) : (blobLines(git, sha)?.length ?? 0)
  }
  for (const path of changes.modified) {
    const a = blobLines(git, before.get(path)?.sha)
    const b = blobLines(git, after.get(path)?.sha)
    if (a === null || b === null) continue
    const changed = countChanges(a, b)
    deletions += changed.deletions
    additions += changed.additions
  }
  return { additions, deletions }
}

/** Parses .gitmodules (path → url) from a commit, as Gitea does to describe submodules. */
export function submoduleUrls (git: FakeGitRepo, rootTree: string): Map<string, string> {
  const entry = lookupPath(git, rootTree, '.gitmodules')
  const blob = entry !== undefined ? getBlob(git, entry.sha) : undefined
  const urls = new Map<string, string>()
  if (blob === undefined) return urls
  let path: string | undefined
  let url: string | undefined
  const flush = (): void => { if (path !== undefined && url !== undefined) urls.set(path, url); path = undefined; url = undefined }
  for (const raw of blobBytes(blob).toString('utf8').split('\n')) {
    const line = raw.trim()
    if (line.startsWith('[')) { flush(); continue }
    const m = /^(\w+)\s*=\s*(.*)$/.exec(line)
    if (m?.[1] === 'path') path = m[2]
    if (m?.[1] === 'url') url = m[2]
  }
  flush()
  return urls
}
