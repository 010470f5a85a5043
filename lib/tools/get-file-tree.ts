import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaContent } from '../gitea/types.js'
import { fitList } from './budget.js'
import { callOptions, getRepository, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { DirPath, Owner, Ref, Repo } from './schemas.js'
import { readRecursiveTree, TREE_MAX_ENTRIES, type TreeEntry } from './tree.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  ref: Type.Optional(Ref),
  path: Type.Optional(DirPath),
  recursive: Type.Optional(Type.Boolean({
    default: false,
    description: 'Every entry below `path`, at any depth'
  }))
}, { additionalProperties: false })

const Entry = Type.Object({
  path: Type.String({ description: 'Full path from the repository root; pass it as `path` to get_file_contents or get_file_tree' }),
  type: Type.Union([Type.Literal('file'), Type.Literal('dir'), Type.Literal('symlink'), Type.Literal('submodule')]),
  size: Type.Union([Type.Integer(), Type.Null()], { description: 'Bytes (files and symlinks); null for directories and submodules' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  ref: Type.String({ description: 'The branch, tag or commit listed' }),
  path: Type.String({ description: 'The directory listed ("" = root)' }),
  recursive: Type.Boolean(),
  entries: Type.Array(Entry),
  total_entries: Type.Union([Type.Integer(), Type.Null()], { description: 'How many entries the directory (or tree) has in all, when known' }),
  truncated: Type.Boolean({ description: 'Some entries are not listed (the tree is larger than the cap or the response size limit); see `next` and `note`' }),
  next: Type.Optional(Type.Object({
    path: Type.Optional(Type.String()),
    recursive: Type.Optional(Type.Boolean())
  }, { description: 'Arguments that list (part of) what was left out' })),
  note: Type.Optional(Type.String())
})

type Output = Static<typeof output>

function contentEntry (item: GiteaContent): TreeEntry {
  return {
    path: item.path,
    type: item.type,
    size: item.type === 'file' || item.type === 'symlink' ? item.size : null
  }
}

function parentOf (path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

/** The directory right below `base` that holds `entryPath`, or null when it lies directly in `base`. */
function childDirectory (base: string, entryPath: string, entryType: TreeEntry['type']): string | null {
  const rest = base === '' ? entryPath : entryPath.slice(base.length + 1)
  const slash = rest.indexOf('/')
  if (slash === -1) return entryType === 'dir' ? (base === '' ? rest : `${base}/${rest}`) : null
  const child = rest.slice(0, slash)
  return base === '' ? child : `${base}/${child}`
}

/** Where to look next when a recursive listing was cut after `shown` entries. */
function narrowerHint (base: string, entries: TreeEntry[], shown: number): Output['next'] {
  for (let i = shown; i < entries.length; i++) {
    const entry = entries[i] as TreeEntry
    const dir = childDirectory(base, entry.path, entry.type)
    if (dir !== null) return { path: dir, recursive: true }
  }
  // Nothing listed was left out (Gitea's tree or the cap ended it): the
  // directory the listing stopped in holds what follows.
  const last = entries[shown - 1]
  if (shown === entries.length && last !== undefined) {
    const dir = childDirectory(base, last.path, last.type)
    if (dir !== null) return { path: dir, recursive: true }
  }
  return { path: base, recursive: false }
}

async function listDirectory (ctx: ToolContext, owner: string, repo: string, path: string, ref: string): Promise<GiteaContent[]> {
  let contents: GiteaContent | GiteaContent[]
  try {
    contents = await ctx.gitea.getContents(owner, repo, path, ref, callOptions(ctx))
  } catch (error) {
    throw withAdvice(error, path === ''
      ? 'Check that the ref exists (a branch, tag or commit SHA); get_repository_info gives the default branch.'
      : 'Check the path by listing its parent directory with get_file_tree, and that the ref exists.')
  }
  if (!Array.isArray(contents)) {
    if (contents.type === 'dir') return []
    throw new ToolError('not_a_directory', `${JSON.stringify(path)} is a ${contents.type === 'file' ? 'file' : contents.type}, not a directory: read it with get_file_contents, or list its parent directory ${JSON.stringify(parentOf(path))} with get_file_tree.`)
  }
  return contents
}

export const getFileTree: ToolDefinition<typeof input, typeof output> = {
  name: 'get_file_tree',
  toolset: 'repos',
  title: 'List files and directories',
  description: 'Lists the files and directories at `path` (default: the root) of a branch, tag or commit: path, type, size. ' +
    `\`recursive: true\` lists everything below (up to ${TREE_MAX_ENTRIES} entries); when \`truncated\`, follow \`next\`. Find paths here for get_file_contents.`,
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for a narrower `path`, or `recursive: false`.',
  async run (args, ctx) {
    const { owner, repo } = args
    const path = args.path ?? ''
    const recursive = args.recursive === true
    const repository = await getRepository(ctx, owner, repo)
    const ref = args.ref ?? repository.default_branch

    let entries: TreeEntry[] = []
    let total: number | null = null
    let sourceTruncated = false
    const notes: string[] = []
    const empty = (): Output => ({ owner, repo, ref, path, recursive, entries: [], total_entries: 0, truncated: false, note: 'The repository is empty: it has no commits yet.' })

    if (repository.empty === true) {
      if (path !== '') throw new GiteaError('not_found', `Repository "${owner}/${repo}" is empty (it has no commits yet), so it has no ${JSON.stringify(path)}.`, 404)
      return empty()
    }
    try {
      if (!recursive) {
        entries = (await listDirectory(ctx, owner, repo, path, ref)).map(contentEntry)
        total = entries.length
      } else {
        let sha = ref
        if (path !== '') {
          // The subtree's SHA is in its parent directory's listing.
          const parent = parentOf(path)
          const siblings = await listDirectory(ctx, owner, repo, parent, ref)
          const self = siblings.find((item) => item.path === path || item.name === path.slice(parent === '' ? 0 : parent.length + 1))
          if (self === undefined) {
            throw new GiteaError('not_found', `Directory ${JSON.stringify(path)} at ref ${JSON.stringify(ref)} in repository "${owner}/${repo}" not found. Check the path by listing ${JSON.stringify(parent)} with get_file_tree.`, 404)
          }
          if (self.type !== 'dir') {
            throw new ToolError('not_a_directory', `${JSON.stringify(path)} is a ${self.type}, not a directory: read it with get_file_contents, or list ${JSON.stringify(parent)} with get_file_tree.`)
          }
          sha = self.sha
        }
        const tree = await readRecursiveTree(ctx, owner, repo, sha, path)
        entries = tree.entries
        total = tree.total
        sourceTruncated = tree.truncated
        if (sourceTruncated) {
          notes.push(`The tree has ${total ?? 'more than ' + String(entries.length)} entries; at most ${TREE_MAX_ENTRIES} are read.`)
        }
      }
    } catch (error) {
      if (error instanceof GiteaError && error.code === 'empty_repository') return empty()
      throw withAdvice(error, 'Check that the ref exists (a branch, tag or commit SHA); get_repository_info gives the default branch.', ['bad_request'])
    }

    const build = (shown: TreeEntry[], cut: boolean): Output => {
      const result: Output = { owner, repo, ref, path, recursive, entries: shown, total_entries: total, truncated: cut || sourceTruncated }
      const extra = [...notes]
      if (cut) extra.push(`Only the first ${shown.length} of ${entries.length} entries fit the response size limit.`)
      if (cut || sourceTruncated) {
        const hint = recursive ? narrowerHint(path, entries, shown.length) : undefined
        if (hint !== undefined) {
          result.next = hint
          extra.push(hint.recursive === true
            ? `To see the rest, list a narrower directory such as ${JSON.stringify(hint.path)} (recursive: true), or use recursive: false.`
            : `To see the rest, list ${JSON.stringify(hint.path)} with recursive: false, then its subdirectories one by one.`)
        }
      }
      if (extra.length > 0) result.note = extra.join(' ')
      return result
    }
    const fitted = fitList(entries, build, ctx.limits.maxResponseBytes)
    if (fitted === null) {
      throw new ToolError('too_large', `The listing does not fit the response size limit (MAX_RESPONSE_BYTES = ${ctx.limits.maxResponseBytes}); ask for a narrower \`path\`.`)
    }
    return fitted.result
  }
}
