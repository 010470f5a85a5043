// Recursive git trees, read page by page up to a cap.
import type { GiteaTreeEntry } from '../gitea/types.js'
import { callOptions } from './common.js'
import type { ToolContext } from './types.js'

/** Most entries get_file_tree (and search, per repository) reads from one recursive tree. */
export const TREE_MAX_ENTRIES = 5000
/** Entries asked for per page (Gitea's default and maximum `per_page`). */
export const TREE_PAGE_SIZE = 1000
/** Never more pages than this, whatever page size Gitea really uses. */
const TREE_MAX_PAGES = 50

export type EntryType = 'file' | 'dir' | 'symlink' | 'submodule'

export interface TreeEntry {
  path: string
  type: EntryType
  /** Bytes for files and symlinks; null for directories and submodules. */
  size: number | null
}

export interface TreeListing {
  entries: TreeEntry[]
  /** All entries Gitea says the tree has (total_count), when it said. */
  total: number | null
  /** Gitea had more entries than were read (its own truncation, or the cap). */
  truncated: boolean
}

/** Git tree entry → tool entry: blob → file (mode 120000 → symlink), tree → dir, commit → submodule. */
export function mapTreeEntry (entry: GiteaTreeEntry, prefix: string): TreeEntry {
  let type: EntryType
  if (entry.type === 'tree') type = 'dir'
  else if (entry.type === 'commit') type = 'submodule'
  else if (entry.mode === '120000') type = 'symlink'
  else type = 'file'
  return {
    path: prefix === '' ? entry.path : `${prefix}/${entry.path}`,
    type,
    size: type === 'file' || type === 'symlink' ? entry.size : null
  }
}

/**
 * Reads the recursive tree `sha` (a commit SHA, tree SHA, branch or tag) page
 * by page until Gitea has no more or `max` entries were read. Paths get
 * `prefix/` in front (the subtree's place in the repository).
 */
export async function readRecursiveTree (ctx: ToolContext, owner: string, repo: string, sha: string, prefix: string, max = TREE_MAX_ENTRIES): Promise<TreeListing> {
  const entries: TreeEntry[] = []
  let total: number | null = null
  let truncated = false
  for (let page = 1; page <= TREE_MAX_PAGES; page++) {
    ctx.signal?.throwIfAborted()
    const tree = await ctx.gitea.getTree(owner, repo, sha, { recursive: true, page, perPage: TREE_PAGE_SIZE }, callOptions(ctx))
    if (typeof tree.total_count === 'number') total = tree.total_count
    for (const entry of tree.tree) {
      if (entries.length >= max) {
        truncated = true
        break
      }
      entries.push(mapTreeEntry(entry, prefix))
    }
    const more = tree.truncated && tree.tree.length > 0
    if (!more) break
    if (entries.length >= max || page === TREE_MAX_PAGES) {
      truncated = true
      break
    }
  }
  if (total !== null && total > entries.length) truncated = true
  return { entries, total, truncated }
}
