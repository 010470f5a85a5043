// File endpoints: contents, raw and git trees (routers/api/v1/repo/{file,tree}.go,
// services/repository/files, routers/common/serve.go).

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type FakeRepository, isEmptyRepo } from './data.js'
import { type GitBlob, blobBytes } from './git-objects.js'
import { formBool, formInt, formString, httpDate } from './go-format.js'
import { DEFAULT_GIT_TREES_PER_PAGE } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setTotalCount } from './reply.js'
import { type ResolvedRef, type StreamRecord, apiContents, apiTreeEntry, repoApiUrl } from './responses.js'
import {
  FULL_SHA, type PathEntry, getBlob, getTree, lastCommitForPath, listTree, listTreeRecursive, lookupPath, peelToCommit, revParse
} from './revision.js'

/** Go's path.Clean for slash-separated paths. */
function cleanPath (p: string): string {
  const rooted = p.startsWith('/')
  const out: string[] = []
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') { if (out.length > 0 && out[out.length - 1] !== '..') out.pop(); else if (!rooted) out.push('..'); continue }
    out.push(part)
  }
  const joined = (rooted ? '/' : '') + out.join('/')
  return joined === '' ? '.' : joined
}

/** util.PathJoinRel as used by CleanGitTreePath: relative, no "..", "" for the root. */
function cleanTreePath (p: string): string {
  const cleaned = cleanPath('/' + p).slice(1)
  return cleaned === '.' ? '' : cleaned
}

/** utils.ResolveRefCommit: a branch, else a tag, else a full commit sha (default branch when empty). */
function resolveRef (repo: FakeRepository, inputRef: string): ResolvedRef | undefined {
  const git = repo.git
  const branch = git.branches.get(inputRef)
  if (branch !== undefined) {
    const commit = peelToCommit(git, branch)
    return commit !== undefined ? { inputRef, kind: 'branch', name: inputRef, commit } : undefined
  }
  const tag = git.tags.get(inputRef)
  if (tag !== undefined) {
    const commit = peelToCommit(git, tag)
    return commit !== undefined ? { inputRef, kind: 'tag', name: inputRef, commit } : undefined
  }
  if (FULL_SHA.test(inputRef)) {
    const o = git.objects.get(inputRef)
    const commit = o?.type === 'commit' ? o : undefined
    return commit !== undefined ? { inputRef, kind: 'commit', name: inputRef, commit } : undefined
  }
  return undefined
}

/**
 * GET .../contents and .../contents/{filepath}: a directory answers an array
 * (files without content), anything else a single object.
 */
export function getContents (state: RequestState, repo: FakeRepository, rawTreePath: string): void {
  const treePath = cleanTreePath(rawTreePath)
  if (isEmptyRepo(repo)) {
    if (treePath === '' && rawTreePath === '') sendJson(state.res, 200, [])
    else notFound(state)
    return
  }
  const inputRef = formString(state.query, 'ref').trim() || repo.defaultBranch
  const ref = resolveRef(repo, inputRef)
  if (ref === undefined) {
    notFound(state, 'not found', [`object does not exist [id: ${inputRef}, rel_path: ]`])
    return
  }
  if (treePath === '' && rawTreePath !== '') {
    // A path that cleans to nothing ("." or "..") is ErrFilenameInvalid, which Gitea
    // does not map to 404: a 500 whose message production builds blank out.
    apiError(state, 500, '')
    return
  }
  const entry = lookupPath(repo.git, ref.commit.tree, treePath)
  if (entry === undefined) {
    notFound(state, 'GetContentsOrList', [`object does not exist [id: , rel_path: ${treePath}]`])
    return
  }
  if (entry.mode === '40000') {
    const prefix = treePath === '' ? '' : treePath + '/'
    sendJson(state.res, 200, listTree(repo.git, entry.sha, prefix).map((e) => apiContents(state.ctx, repo, ref, e, false)))
    return
  }
  sendJson(state.res, 200, apiContents(state.ctx, repo, ref, entry, true))
}

const CONTENTS_EXT_INCLUDES = new Set(['file_content', 'lfs_metadata', 'commit_metadata', 'commit_message'])

/** A Git LFS pointer (lfs.ReadPointerFromBuffer: at most 1024 bytes, version line first). */
export function lfsPointer (blob: GitBlob): { oid: string, size: number } | undefined {
  if (blob.size > 1024) return undefined
  const text = blobBytes(blob).toString('utf8')
  const m = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (\d+)\n/.exec(text)
  return m === null ? undefined : { oid: m[1] as string, size: Number(m[2]) }
}

/**
 * GET .../contents-ext/{filepath} (Gitea 1.25+): `{file_contents}` for a
 * file, symlink or submodule, `{dir_contents}` for a directory ("" or "." is
 * the root). Only metadata unless `includes` asks for more: file_content
 * (base64, up to DEFAULT_MAX_BLOB_SIZE), lfs_metadata (lfs_oid, lfs_size of a
 * pointer), commit_metadata (last_commit_sha and dates); an unknown include is 400.
 */
export function getContentsExt (state: RequestState, repo: FakeRepository, rawTreePath: string): void {
  const includes = formString(state.query, 'includes').split(',').map((part) => part.trim()).filter((part) => part !== '')
  const unknown = includes.find((part) => !CONTENTS_EXT_INCLUDES.has(part))
  if (unknown !== undefined) { apiError(state, 400, `unknown include option ${JSON.stringify(unknown)}`); return }
  const want = new Set(includes)
  const treePath = cleanTreePath(rawTreePath === '.' ? '' : rawTreePath)
  if (isEmptyRepo(repo)) { notFound(state); return }
  const inputRef = formString(state.query, 'ref').trim() || repo.defaultBranch
  const ref = resolveRef(repo, inputRef)
  if (ref === undefined) { notFound(state, 'not found', [`object does not exist [id: ${inputRef}, rel_path: ]`]); return }
  const entry = treePath === '' ? undefined : lookupPath(repo.git, ref.commit.tree, treePath)
  if (treePath !== '' && entry === undefined) {
    notFound(state, 'GetContentsOrList', [`object does not exist [id: , rel_path: ${treePath}]`])
    return
  }
  const shaped = (e: PathEntry, withContent: boolean): Record<string, unknown> => {
    const out = apiContents(state.ctx, repo, ref, e, withContent, want.has('commit_metadata'))
    const blob = e.mode === '100644' || e.mode === '100755' ? getBlob(repo.git, e.sha) : undefined
    const pointer = blob !== undefined && want.has('lfs_metadata') ? lfsPointer(blob) : undefined
    if (pointer !== undefined) {
      out.lfs_oid = pointer.oid
      out.lfs_size = pointer.size
    }
    return out
  }
  if (entry === undefined || entry.mode === '40000') {
    const treeSha = entry?.sha ?? ref.commit.tree
    const prefix = treePath === '' ? '' : treePath + '/'
    sendJson(state.res, 200, { dir_contents: listTree(repo.git, treeSha, prefix).map((e) => shaped(e, false)) })
    return
  }
  sendJson(state.res, 200, { file_contents: shaped(entry, want.has('file_content')) })
}

/** Valid UTF-8, allowing a multi-byte character cut off by the 1024-byte sniffing window. */
function isUtf8Prefix (head: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (let cut = 0; cut <= (head.length === 1024 ? 3 : 0); cut++) {
    try { decoder.decode(head.subarray(0, head.length - cut)); return true } catch { /* try a shorter prefix */ }
  }
  return false
}

/** What routers/common/serve.go + typesniffer report for the first 1024 bytes of a blob. */
function sniffContentType (head: Buffer, name: string): string {
  const starts = (sig: number[]): boolean => sig.every((b, i) => head[i] === b)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'image/gif'
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'
  if (name.toLowerCase().endsWith('.svg') && head.toString('utf8').includes('<svg')) return 'image/svg+xml'
  // Go's http.DetectContentType calls content binary when it meets a control byte.
  const binary = head.subarray(0, 512).some((b) => b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f))
  if (binary) return 'application/octet-stream'
  return isUtf8Prefix(head) ? 'text/plain; charset=utf-8' : 'text/plain; charset=iso-8859-1'
}

interface RawTarget { commitSha: string, treePath: string }

/**
 * context.getRefNameLegacy: `ref` joined with the path, then the shortest
 * leading part naming a branch, else a tag, else a 40-hex first part as a
 * commit; anything else falls back to the default branch with the path as is
 * (so an unknown ?ref= silently reads the default branch, as Gitea does).
 */
function rawTarget (repo: FakeRepository, reqPath: string, ref: string): RawTarget | 'no-ref' {
  const git = repo.git
  const joined = cleanPath([ref, reqPath].filter((s) => s !== '').join('/'))
  const parts = (joined === '.' ? '' : joined).split('/')
  for (const refs of [git.branches, git.tags]) {
    for (let i = 0; i < parts.length; i++) {
      const target = refs.get(parts.slice(0, i + 1).join('/'))
      const commit = target !== undefined ? peelToCommit(git, target) : undefined
      if (commit !== undefined) return { commitSha: commit.sha, treePath: parts.slice(i + 1).join('/') }
    }
  }
  const first = parts[0] ?? ''
  if (FULL_SHA.test(first)) {
    const o = git.objects.get(first)
    return o?.type === 'commit' ? { commitSha: first, treePath: parts.slice(1).join('/') } : 'no-ref'
  }
  const head = git.branches.get(repo.defaultBranch)
  return head !== undefined ? { commitSha: head, treePath: reqPath } : 'no-ref'
}

function quoteFilename (name: string): string {
  return name.replace(/[\\"]/g, (c) => '\\' + c)
}

/**
 * GET .../raw/{filepath} (and .../media/{filepath}, which answers an LFS
 * pointer with its object when the server has it): the blob's bytes, no size cap, streamed, with ETag
 * (the blob sha), Last-Modified, 304 on If-None-Match / If-Modified-Since and
 * single-range requests; directories and submodules are 404.
 */
export async function getRaw (state: RequestState, repo: FakeRepository, reqPath: string, media = false): Promise<void> {
  if (isEmptyRepo(repo)) { notFound(state); return }
  const target = rawTarget(repo, reqPath, formString(state.query, 'ref').trim())
  if (target === 'no-ref') { notFound(state, 'unable to find a git ref'); return }
  const git = repo.git
  const commit = peelToCommit(git, target.commitSha)
  const treePath = cleanTreePath(target.treePath)
  const entry: PathEntry | undefined = commit !== undefined ? lookupPath(git, commit.tree, treePath) : undefined
  if (commit === undefined || entry === undefined) { notFound(state); return }
  if (entry.mode === '40000' || entry.mode === '160000') { notFound(state, 'getBlobForEntry'); return }
  const found = getBlob(git, entry.sha)
  if (found === undefined) { notFound(state); return }
  // media: an LFS pointer whose object the server has is answered with the object (same ETag).
  const pointer = media ? lfsPointer(found) : undefined
  const object = pointer !== undefined ? repo.lfsObjects?.get(pointer.oid) : undefined
  const blob: GitBlob = object !== undefined ? { type: 'blob', sha: found.sha, size: object.length, content: object } : found
  const res = state.res
  const req = state.req
  const last = lastCommitForPath(git, commit.sha, treePath)
  const lastModified = last?.committer.when
  res.setHeader('X-Gitea-Object-Type', entry.mode === '120000' ? 'symlink' : 'file')
  const etag = `"${blob.sha}"`
  res.setHeader('Etag', etag)
  if (lastModified !== undefined) res.setHeader('Last-Modified', httpDate(lastModified))
  const ifNoneMatch = req.headers['if-none-match']
  const ifModifiedSince = req.headers['if-modified-since']
  const notModified = (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) ||
    (ifModifiedSince !== undefined && lastModified !== undefined && lastModified <= Date.parse(ifModifiedSince) / 1000)
  if (notModified) { res.statusCode = 304; res.end(); return }

  const name = entry.name
  const contentType = sniffContentType(blobBytes(blob, 0, Math.min(1024, blob.size)), name)
  res.setHeader('Content-Type', contentType)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
  res.setHeader('Content-Disposition', `inline; filename="${quoteFilename(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`)
  res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition')
  res.setHeader('Cache-Control', `${repo.private ? 'private' : 'public'}, max-age=21600, no-transform`)

  let start = 0
  let end = blob.size - 1
  const range = req.headers.range
  if (blob.size > 0 && range !== undefined && range.startsWith('bytes=')) {
    const m = /^(\d*)-(\d*)$/.exec(range.slice(6))
    const s = m !== null && m[1] !== '' ? Number(m[1]) : NaN
    if (!Number.isSafeInteger(s) || s >= blob.size) {
      res.statusCode = 416
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end('invalid start range\n')
      return
    }
    const e = m?.[2] === '' ? blob.size - 1 : Math.min(Number(m?.[2]), blob.size - 1)
    if (!Number.isSafeInteger(e) || e < s) {
      res.statusCode = 400
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end('invalid end range\n')
      return
    }
    start = s
    end = e
    res.statusCode = 206
    res.setHeader('Content-Range', `bytes ${start}-${end}/${blob.size}`)
  } else {
    res.statusCode = 200
  }
  res.setHeader('Content-Length', String(end - start + 1))
  const chunk = 256 * 1024
  const record: StreamRecord = { path: reqPath, size: end - start + 1, sent: 0, complete: false }
  state.ctx.streams?.push(record)
  if (record.size <= chunk) {
    // A small body goes out with its headers in one write, as Go's buffered response writer sends it.
    const bytes = blobBytes(blob, start, end + 1)
    res.end(bytes, () => {
      record.sent = bytes.length
      record.complete = true
    })
    return
  }
  async function * chunks (): AsyncGenerator<Buffer> {
    for (let pos = start; pos <= end; pos += chunk) {
      const bytes = blobBytes(blob, pos, Math.min(end + 1, pos + chunk))
      yield bytes
      record.sent += bytes.length
    }
  }
  // A client that stops reading (a size cap) closes the socket; that ends the pipeline, which is fine.
  await pipeline(Readable.from(chunks()), res).then(() => { record.complete = true }, () => {})
}

/**
 * GET .../git/trees/{sha}: sha may name a commit, tree, tag, branch or an
 * abbreviated id. The response's `sha` is what the name resolved to (a commit's
 * own sha for a commit or branch). per_page default and cap 1000; `truncated`
 * means more entries follow; `tree` is null for a page past the end.
 */
export function getGitTree (state: RequestState, repo: FakeRepository, sha: string): void {
  const git = repo.git
  const resolved = sha.length === 40 ? (git.objects.has(sha) ? sha : undefined) : revParse(git, repo.defaultBranch, sha)
  const object = resolved !== undefined ? git.objects.get(resolved) : undefined
  let treeSha: string | undefined
  if (object?.type === 'tree') treeSha = object.sha
  else if (object?.type === 'commit' || object?.type === 'tag') treeSha = peelToCommit(git, object.sha)?.tree
  if (resolved === undefined || treeSha === undefined || getTree(git, treeSha) === undefined) {
    apiError(state, 400, `sha not found [${sha}]`)
    return
  }
  const entries = formBool(state.query, 'recursive') ? listTreeRecursive(git, treeSha) : listTree(git, treeSha)
  let perPage = formInt(state.query, 'per_page')
  if (perPage <= 0 || perPage > DEFAULT_GIT_TREES_PER_PAGE) perPage = DEFAULT_GIT_TREES_PER_PAGE
  const page = Math.max(formInt(state.query, 'page'), 1)
  const rangeStart = perPage * (page - 1)
  const inRange = Number.isSafeInteger(rangeStart) && rangeStart < entries.length
  const rangeEnd = inRange ? Math.min(rangeStart + perPage, entries.length) : 0
  setTotalCount(state, entries.length)
  sendJson(state.res, 200, {
    sha: resolved,
    url: `${repoApiUrl(state.ctx, repo)}/git/trees/${resolved}`,
    tree: inRange ? entries.slice(rangeStart, rangeEnd).map((e) => apiTreeEntry(state.ctx, repo, e)) : null,
    truncated: inRange && rangeEnd < entries.length,
    page,
    total_count: entries.length
  })
}
