// Git objects with real SHA-1 ids: blobs, trees, commits and tags are hashed
// exactly as `git hash-object` would, so ids look and behave like a real repo's.

import { createHash } from 'node:crypto'
import { rememberedSha } from './sha-memo.js'

/** Bytes generated on demand, so multi-megabyte sample files cost no memory until read. */
export interface LazyBytes {
  readonly size: number
  /** Bytes [start, end) of the content. */
  read (start: number, end: number): Buffer
  /** Memoisation key for the (expensive) hash of this content; equal keys mean equal bytes. */
  readonly cacheKey: string
}

export interface GitBlob {
  readonly type: 'blob'
  readonly sha: string
  readonly size: number
  readonly content: Buffer | LazyBytes
}

/** Modes as git stores them in tree objects ("40000" for trees, without the leading zero). */
export type GitMode = '100644' | '100755' | '120000' | '160000' | '40000'

export interface GitTreeEntry {
  readonly name: string
  readonly mode: GitMode
  readonly sha: string
}

export interface GitTree {
  readonly type: 'tree'
  readonly sha: string
  /** In git's canonical order (see compareTreeNames). */
  readonly entries: readonly GitTreeEntry[]
}

/** Author or committer: when is Unix seconds, tz the zone offset in minutes (as git stores it). */
export interface GitSignature {
  readonly name: string
  readonly email: string
  readonly when: number
  readonly tz: number
}

export interface GitCommit {
  readonly type: 'commit'
  readonly sha: string
  readonly tree: string
  readonly parents: readonly string[]
  readonly author: GitSignature
  readonly committer: GitSignature
  /** As stored by git: ends with a newline. */
  readonly message: string
}

export interface GitTag {
  readonly type: 'tag'
  readonly sha: string
  readonly object: string
  readonly objectType: 'commit'
  readonly name: string
  readonly tagger: GitSignature
  readonly message: string
}

export type GitObject = GitBlob | GitTree | GitCommit | GitTag

const lazyShaCache = new Map<string, string>()

function hashObject (type: string, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex')
}

export function isLazy (content: Buffer | LazyBytes): content is LazyBytes {
  return !Buffer.isBuffer(content)
}

export function makeBlob (content: Buffer | LazyBytes): GitBlob {
  if (!isLazy(content)) return { type: 'blob', sha: hashObject('blob', content), size: content.length, content }
  let sha = lazyShaCache.get(content.cacheKey)
  if (sha === undefined) {
    sha = rememberedSha(content, () => {
      const hash = createHash('sha1').update(`blob ${content.size}\0`)
      const step = 1 << 20
      for (let start = 0; start < content.size; start += step) hash.update(content.read(start, Math.min(content.size, start + step)))
      return hash.digest('hex')
    })
    lazyShaCache.set(content.cacheKey, sha)
  }
  return { type: 'blob', sha, size: content.size, content }
}

/** Bytes [start, end) of a blob, whichever way it is stored. */
export function blobBytes (blob: GitBlob, start = 0, end = blob.size): Buffer {
  return isLazy(blob.content) ? blob.content.read(start, end) : blob.content.subarray(start, end)
}

/** Git's tree order: byte order of names, a directory compared as if its name ended in "/". */
export function compareTreeNames (a: { name: string, mode: GitMode }, b: { name: string, mode: GitMode }): number {
  const ka = Buffer.from(a.mode === '40000' ? a.name + '/' : a.name)
  const kb = Buffer.from(b.mode === '40000' ? b.name + '/' : b.name)
  return Buffer.compare(ka, kb)
}

export function makeTree (entries: GitTreeEntry[]): GitTree {
  const sorted = [...entries].sort(compareTreeNames)
  const body = Buffer.concat(sorted.map((e) => Buffer.concat([
    Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')
  ])))
  return { type: 'tree', sha: hashObject('tree', body), entries: sorted }
}

function formatSignature (s: GitSignature): string {
  const sign = s.tz < 0 ? '-' : '+'
  const abs = Math.abs(s.tz)
  const zone = sign + String(Math.floor(abs / 60)).padStart(2, '0') + String(abs % 60).padStart(2, '0')
  return `${s.name} <${s.email}> ${s.when} ${zone}`
}

export function makeCommit (fields: Omit<GitCommit, 'type' | 'sha'>): GitCommit {
  const message = fields.message.endsWith('\n') ? fields.message : fields.message + '\n'
  const text = [`tree ${fields.tree}`, ...fields.parents.map((p) => `parent ${p}`),
    `author ${formatSignature(fields.author)}`, `committer ${formatSignature(fields.committer)}`, '', message].join('\n')
  return { type: 'commit', sha: hashObject('commit', Buffer.from(text)), ...fields, message }
}

export function makeTag (fields: Omit<GitTag, 'type' | 'sha' | 'objectType'>): GitTag {
  const message = fields.message.endsWith('\n') ? fields.message : fields.message + '\n'
  const text = [`object ${fields.object}`, 'type commit', `tag ${fields.name}`,
    `tagger ${formatSignature(fields.tagger)}`, '', message].join('\n')
  return { type: 'tag', sha: hashObject('tag', Buffer.from(text)), objectType: 'commit', ...fields, message }
}

/**
 * Content made of fixed-length lines, generated from the line number, so any
 * byte range can be produced without building the whole file.
 */
export function fixedLineContent (cacheKey: string, header: string, lineLength: number, lineCount: number,
  line: (index: number) => string): LazyBytes {
  const head = Buffer.from(header)
  const size = head.length + lineLength * lineCount
  const lineAt = (i: number): Buffer => {
    const text = line(i)
    const body = text.length >= lineLength - 1 ? text.slice(0, lineLength - 1) : text.padEnd(lineLength - 1, ' ')
    return Buffer.from(body + '\n', 'latin1')
  }
  return {
    size,
    cacheKey,
    read (start: number, end: number): Buffer {
      start = Math.max(0, start)
      end = Math.min(size, end)
      if (end <= start) return Buffer.alloc(0)
      const parts: Buffer[] = []
      if (start < head.length) parts.push(head.subarray(start, Math.min(end, head.length)))
      const from = Math.max(start, head.length) - head.length
      const to = end - head.length
      for (let i = Math.floor(from / lineLength); i * lineLength < to; i++) {
        const lineStart = i * lineLength
        parts.push(lineAt(i).subarray(Math.max(0, from - lineStart), Math.min(lineLength, to - lineStart)))
      }
      return Buffer.concat(parts)
    }
  }
}
