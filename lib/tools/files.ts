// Reading one path of a repository: what get_file_contents and fetch share.
import { fromRepositoryCache } from '../gitea/client.js'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaContent, GiteaRepository } from '../gitea/types.js'
import { callOptions, fileWebUrl, getRepository, refKind, repoWebUrl, withAdvice } from './common.js'
import { checkText, decodeText, formatBytes, guessBinaryKind, trimIncompleteUtf8, type DecodeResult, type TextCheck } from './text.js'
import type { ToolContext } from './types.js'

export type PathRead =
  | {
    kind: 'file'
    ref: string
    meta: GiteaContent
    /** At most maxFileBytes bytes, cut at a character boundary when the file is longer. */
    bytes: Buffer
    /** The file is longer than maxFileBytes: only its start was read. */
    fileTruncated: boolean
    /** Whether `bytes` are text (as `decoded` would say, without decoding them). */
    check: TextCheck
    /** The bytes decoded (on first use: a caller that needs only part of the text decodes that part itself). */
    readonly decoded: DecodeResult
    url: string
  }
  | { kind: 'dir', ref: string, entries: GiteaContent[], url: string }
  | { kind: 'symlink', ref: string, meta: GiteaContent, target: string, resolved: string | null, url: string }
  | { kind: 'submodule', ref: string, meta: GiteaContent, url: string }

/** Where a symlink's target lands, relative to the repository root; null when it leaves the repository. */
export function resolveSymlink (linkPath: string, target: string): string | null {
  if (target.startsWith('/')) return null
  const parts = linkPath.split('/').slice(0, -1)
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else {
      parts.push(part)
    }
  }
  return parts.join('/')
}

/** How long a repository's default branch and web address may be reused by file reads; each use is checked (`confirmsDefaultBranch`). */
export const REPOSITORY_REUSE_MS = 60_000

function decodeSegments (value: string): string | null {
  try {
    return value.split('/').map((part) => decodeURIComponent(part)).join('/')
  } catch {
    return null
  }
}

/**
 * Whether Gitea's web address of `contents`, read at the default branch,
 * is `<repository html_url>/src/branch/<default_branch>/<path>`: then a
 * remembered repository still has that default branch and address (Gitea
 * builds the address from both). A renamed default branch or repository,
 * or an entry without an address, says no.
 */
export function confirmsDefaultBranch (repository: GiteaRepository, contents: GiteaContent): boolean {
  const repoUrl = repoWebUrl(repository)
  const prefix = `${repoUrl}/src/branch/`
  const url = contents.html_url
  if (repoUrl === '' || repository.default_branch === '' || url === null || !url.startsWith(prefix)) return false
  return decodeSegments(url.slice(prefix.length)) === `${repository.default_branch}/${contents.path}`
}

/**
 * Metadata (contents-ext, without the content) and, for a file, its bytes
 * streamed from `media` (the blob, or an LFS pointer's object) and cut off at
 * maxFileBytes, so memory follows the cap, not the file. Both requests go out
 * together; the bytes are dropped when the path is not a file. (On a Gitea
 * without contents-ext the plain contents endpoint answers, and its base64
 * `content`, when sent, is used.)
 * The repository itself is asked for only when the answer needs it: with
 * `ref` undefined (the default branch, whose name the result reports), at
 * the same time, unless this client read it within REPOSITORY_REUSE_MS and
 * Gitea's address for the entry confirms the remembered default branch; for
 * a directory or an entry without a web address (its URL is built from the
 * repository's); and when the path cannot be read (a missing repository is
 * reported as such, an empty one says it is empty).
 * Not found errors say what to try.
 * `known`: the repository when the caller already has it (saves a request).
 */
export async function readPath (ctx: ToolContext, owner: string, repo: string, path: string, ref: string | undefined, known?: GiteaRepository): Promise<PathRead> {
  const call = callOptions(ctx)
  const max = ctx.limits.maxFileBytes
  const [repoResult, contentsResult, bytesResult] = await Promise.allSettled([
    known ?? (ref === undefined ? getRepository(ctx, owner, repo, REPOSITORY_REUSE_MS) : undefined),
    ctx.gitea.getContentsMeta(owner, repo, path, ref, call),
    ctx.gitea.getMediaFile(owner, repo, path, ref, max, call)
  ])
  if (repoResult.status === 'rejected') throw repoResult.reason
  let repository = repoResult.value
  /** The repository as Gitea describes it now (asked again when what is at hand was remembered, or nothing is). */
  const current = async (): Promise<GiteaRepository> => {
    if (repository === undefined || fromRepositoryCache(repository)) repository = await getRepository(ctx, owner, repo)
    return repository
  }
  if (contentsResult.status === 'rejected') {
    const error: unknown = contentsResult.reason
    const code = error instanceof GiteaError ? error.code : undefined
    // A path not found may be a repository not found (reported as such) or an empty one.
    if (code === 'empty_repository' || (code === 'not_found' && (await current()).empty === true)) {
      throw new GiteaError('not_found', `Repository "${owner}/${repo}" is empty (it has no commits yet), so it has no ${JSON.stringify(path)}.`, 404)
    }
    throw withAdvice(error, `Check the path with get_file_tree${ref === undefined ? '' : ' and that the ref exists (a branch, tag or commit SHA)'}.`)
  }
  const contents = contentsResult.value
  if (Array.isArray(contents)) {
    const effectiveRef = ref ?? (await current()).default_branch
    return { kind: 'dir', ref: effectiveRef, entries: contents, url: fileWebUrl(repoWebUrl(await current()), effectiveRef, path, refKind(effectiveRef)) }
  }
  if (ref === undefined && repository !== undefined && fromRepositoryCache(repository) && !confirmsDefaultBranch(repository, contents)) {
    repository = await current()
  }
  const effectiveRef = ref ?? (repository as GiteaRepository).default_branch
  const url = contents.html_url ?? fileWebUrl(repoWebUrl(await current()), effectiveRef, contents.path, refKind(effectiveRef))
  if (contents.type === 'dir') {
    return { kind: 'dir', ref: effectiveRef, entries: [], url }
  }
  if (contents.type === 'symlink') {
    let target = contents.target
    if (target === null && contents.content !== null && contents.encoding === 'base64') target = Buffer.from(contents.content, 'base64').toString('utf8')
    const text = target ?? ''
    return { kind: 'symlink', ref: effectiveRef, meta: contents, target: text, resolved: text === '' ? null : resolveSymlink(contents.path, text), url }
  }
  if (contents.type === 'submodule') {
    return { kind: 'submodule', ref: effectiveRef, meta: contents, url }
  }

  let meta = contents
  let bytes: Buffer
  let fileTruncated: boolean
  if (contents.content !== null && contents.encoding === 'base64') {
    const all = Buffer.from(contents.content, 'base64')
    fileTruncated = all.length > max
    bytes = fileTruncated ? all.subarray(0, max) : all
  } else {
    // An LFS pointer's size is the pointer's: the file (what media sent) is lfs_size bytes.
    if (typeof contents.lfs_oid === 'string' && contents.lfs_oid !== '' && typeof contents.lfs_size === 'number') meta = { ...contents, size: contents.lfs_size }
    if (bytesResult.status === 'rejected') throw withAdvice(bytesResult.reason, 'The file was listed but could not be read; try again.')
    bytes = bytesResult.value.bytes
    fileTruncated = bytesResult.value.truncated
  }
  const usable = fileTruncated ? bytes.subarray(0, trimIncompleteUtf8(bytes).length) : bytes
  let decoded: DecodeResult | undefined
  return {
    kind: 'file',
    ref: effectiveRef,
    meta,
    bytes: usable,
    fileTruncated,
    check: checkText(usable),
    get decoded () {
      decoded ??= decodeText(usable)
      return decoded
    },
    url
  }
}

/** One sentence about a binary file: what it probably is, its size and blob SHA. */
export function describeBinary (path: string, size: number, sha: string, bytes: Uint8Array, reason: 'nul_byte' | 'invalid_utf8'): { kind: string, description: string } {
  const guess = guessBinaryKind(path, bytes, reason)
  const why = reason === 'nul_byte' ? 'it contains NUL bytes' : 'it is not valid UTF-8'
  const sizeText = size < 1024 ? formatBytes(size) : `${formatBytes(size)} (${size} bytes)`
  const description = `${guess.label}, ${sizeText}, blob SHA ${sha}. Not shown because ${why}; open the URL in Gitea to see or download it.`
  return { kind: guess.kind, description }
}
