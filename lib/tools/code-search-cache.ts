// The text search_code searches, per repository and commit, in a bounded LRU.
//
// A commit never changes, so an index keyed by its SHA never goes stale: no
// expiry is needed, only bounds. The cache holds at most CODE_CACHE_ENTRIES
// indexes and CODE_CACHE_BYTES of text in all (whichever is reached first
// evicts the least recently used); an index larger than that budget is used
// once and not kept. Builds of the same key share one promise, so two
// searches arriving together read the repository once. One cache per Gitea
// client (the allowlist-wrapped one the tools use), as search.ts does for trees.
import type { GiteaClient } from '../gitea/types.js'
import type { CodeCacheLookup } from '../signals.js'

/** Most indexes kept. */
export const CODE_CACHE_ENTRIES = 8
/** Most bytes of file text kept across all indexes. */
export const CODE_CACHE_BYTES = 64 * 1024 * 1024

export interface IndexedFile {
  path: string
  text: string
}

export type SkipReason = 'too_large' | 'binary' | 'over_limit' | 'unreadable'

export interface SkippedFile {
  path: string
  reason: SkipReason
}

export interface CodeIndex {
  /** The commit the files were read at. */
  commit: string
  /** The directory indexed ('' = the whole repository). */
  scope: string
  /** Text files, in tree (path) order. */
  files: IndexedFile[]
  /** UTF-8 bytes of all `files` texts, plus the paths held (what the cache counts). */
  bytes: number
  /** Files not indexed, and why. */
  skipped: SkippedFile[]
  /** Every text file under `scope` within the per-file limit is in `files`. */
  complete: boolean
  /** The recursive tree had more entries than were read. */
  treeTruncated: boolean
  /**
   * Files planned but not read yet because the time budget ran out, in tree
   * order: the next search of the same commit reads on from here.
   */
  unread: string[]
}

export class CodeSearchCache {
  private readonly map = new Map<string, CodeIndex>()
  private readonly building = new Map<string, Promise<CodeIndex>>()
  private held = 0

  /** `onLookup` is told how each search was answered (metrics): a kept or in-flight index is a hit, a build a miss. */
  constructor (readonly maxEntries = CODE_CACHE_ENTRIES, readonly maxBytes = CODE_CACHE_BYTES,
    private readonly onLookup: (lookup: CodeCacheLookup) => void = () => {}) {}

  /** For a caller that found its index with `get` and so never calls `getOrBuild`. */
  noteHit (): void {
    this.onLookup('hit')
  }

  get (key: string): CodeIndex | undefined {
    const hit = this.map.get(key)
    if (hit === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, hit)
    return hit
  }

  set (key: string, index: CodeIndex): void {
    this.delete(key)
    if (index.bytes > this.maxBytes) return
    this.map.set(key, index)
    this.held += index.bytes
    while (this.map.size > this.maxEntries || this.held > this.maxBytes) {
      const oldest = this.map.keys().next().value
      if (oldest === undefined) break
      this.delete(oldest)
    }
  }

  /**
   * The index under `key`, building it once (concurrent callers share the
   * build) and keeping it under `storeAs(index)`, the key it really covers.
   */
  async getOrBuild (key: string, build: () => Promise<CodeIndex>, storeAs: (index: CodeIndex) => string = () => key): Promise<CodeIndex> {
    const cached = this.get(key)
    if (cached !== undefined) {
      this.onLookup('hit')
      return cached
    }
    let pending = this.building.get(key)
    this.onLookup(pending === undefined ? 'miss' : 'hit')
    if (pending === undefined) {
      pending = build().then((index) => {
        this.set(storeAs(index), index)
        return index
      }).finally(() => this.building.delete(key))
      this.building.set(key, pending)
    }
    return await pending
  }

  private delete (key: string): void {
    const old = this.map.get(key)
    if (old === undefined) return
    this.map.delete(key)
    this.held -= old.bytes
  }

  get count (): number {
    return this.map.size
  }

  /** Bytes of text held. */
  get bytes (): number {
    return this.held
  }
}

const caches = new WeakMap<GiteaClient, CodeSearchCache>()

export function codeSearchCacheFor (gitea: GiteaClient): CodeSearchCache {
  let cache = caches.get(gitea)
  if (cache === undefined) {
    cache = new CodeSearchCache()
    caches.set(gitea, cache)
  }
  return cache
}
