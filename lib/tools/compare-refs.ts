import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaCommit } from '../gitea/types.js'
import { fitList, pageHintAfterCut } from './budget.js'
import { checkRevision, CommitSummary, Revision, summarizeCommit, type CommitSummaryT } from './commits.js'
import { callOptions, getRepository, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, EscapedCharacters, escapeEach, escapeFields, Note, unwrap } from './sanitize.js'
import { DirPath, LimitArg, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  base: Revision('Older branch, tag or SHA, e.g. "v1.0.0"'),
  head: Revision('Newer branch, tag or SHA, e.g. "v1.1.0"'),
  path: Type.Optional({ ...DirPath, description: 'Only files under this path' }),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const ChangedFile = Type.Object({
  path: Type.String(),
  status: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('modified')], { description: 'Net change from base to head' }),
  commits: Type.Integer({ description: 'How many of the commits touch this file' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  base: Type.String(),
  head: Type.String(),
  total_commits: Type.Integer({ description: 'Commits on head that base does not have' }),
  commits: Type.Array(CommitSummary, { description: 'Those commits, newest first, one page at a time' }),
  page: Type.Integer(),
  limit: Type.Integer(),
  has_more: Type.Boolean({ description: 'More commits follow: ask for the page in `next`' }),
  stats: Type.Object({
    additions: Type.Integer(),
    deletions: Type.Integer()
  }, { description: 'Lines added and deleted, summed over the commits (a line changed in two commits counts twice)' }),
  path: Type.Union([Type.String(), Type.Null()], { description: 'The directory `files` is limited to; null for all' }),
  files: Type.Array(ChangedFile, { description: 'Files the commits change, in path order, with their net status' }),
  total_files: Type.Integer(),
  files_truncated: Type.Boolean({ description: 'Some files were left out to fit the response size limit: narrow them with `path`' }),
  truncated: Type.Boolean({ description: 'Commits or files were left out; see `next` and `note`' }),
  next: Type.Optional(Type.Object({
    page: Type.Optional(Type.Integer()),
    limit: Type.Optional(Type.Integer()),
    path: Type.Optional(Type.String())
  }, { description: 'Call again with these arguments (and the same owner, repo, base, head) for the rest' })),
  escaped_characters: EscapedCharacters,
  note: Note
})

type Output = Static<typeof output>
type ChangedFileT = Static<typeof ChangedFile>

/**
 * Files changed between base and head, from each commit's file list (oldest
 * first): added if it did not exist before the first commit touching it,
 * removed if the last one deleted it; created and deleted again: left out.
 */
export function netChanges (commits: readonly GiteaCommit[]): Array<{ path: string, status: ChangedFileT['status'], commits: number }> {
  const files = new Map<string, { first: string, last: string, commits: number }>()
  for (const commit of [...commits].reverse()) {
    for (const file of commit.files ?? []) {
      const seen = files.get(file.filename)
      if (seen === undefined) files.set(file.filename, { first: file.status, last: file.status, commits: 1 })
      else {
        seen.last = file.status
        seen.commits++
      }
    }
  }
  const out: Array<{ path: string, status: ChangedFileT['status'], commits: number }> = []
  for (const [path, change] of files) {
    const before = change.first !== 'added'
    const after = change.last !== 'removed' && change.last !== 'deleted'
    if (!before && !after) continue
    out.push({ path, status: !before ? 'added' : !after ? 'removed' : 'modified', commits: change.commits })
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The directory right below `base` that holds `path` ('' = root), as a narrower `path` to suggest. */
function narrower (base: string, path: string): string {
  const rest = base === '' ? path : path.slice(base.length + 1)
  const slash = rest.indexOf('/')
  if (slash === -1) return path
  return base === '' ? rest.slice(0, slash) : `${base}/${rest.slice(0, slash)}`
}

/** Share of the budget the file list may take when both lists do not fit. */
const FILES_SHARE = 0.5

export const compareRefs: ToolDefinition<typeof input, typeof output> = {
  name: 'compare_refs',
  toolset: 'history',
  title: 'Compare two branches, tags or commits',
  description: 'What `head` has that `base` lacks: its commits (newest first, paged), the files they change with their net status, and line totals, ' +
    'e.g. what changed between two tags or on a feature branch. No diff text: see get_commit_diff. `path` narrows the files; when `truncated`, follow `next`.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer commits with a smaller `limit`, or a narrower `path`.',
  async run (args, ctx) {
    const { owner, repo } = args
    const base = checkRevision(args.base, 'base')
    const head = checkRevision(args.head, 'head')
    const { page, limit } = pageArgs(args)
    const scope = args.path ?? ''
    const advice = 'Check `base` and `head` with list_branches or list_tags: each must be a branch, tag or commit SHA.'
    const [repoResult, compareResult] = await Promise.allSettled([getRepository(ctx, owner, repo), ctx.gitea.compareCommits(owner, repo, base, head, callOptions(ctx))])
    if (repoResult.status === 'rejected') throw repoResult.reason
    if (compareResult.status === 'rejected') {
      if (repoResult.value.empty === true) throw new GiteaError('not_found', `Repository "${owner}/${repo}" is empty (it has no commits yet): there is nothing to compare.`, 404)
      throw withAdvice(compareResult.reason, advice)
    }
    const comparison = compareResult.value
    const commits = comparison.commits
    const stats = { additions: 0, deletions: 0 }
    for (const commit of commits) {
      stats.additions += commit.stats?.additions ?? 0
      stats.deletions += commit.stats?.deletions ?? 0
    }
    const inScope = (path: string): boolean => scope === '' || path === scope || path.startsWith(`${scope}/`)
    const files: Array<Escaped<ChangedFileT>> = escapeEach(netChanges(commits).filter((file) => inScope(file.path)), (file, escapes) => ({ ...file, path: escapes.text(file.path) }))
    const offset = (page - 1) * limit
    const pageCommits: Array<Escaped<CommitSummaryT>> = escapeEach(commits.slice(offset, offset + limit), summarizeCommit)
    const hasMore = offset + pageCommits.length < commits.length
    const maxBytes = ctx.limits.maxResponseBytes

    const build = (shownCommits: Array<Escaped<CommitSummaryT>>, shownFiles: Array<Escaped<ChangedFileT>>): Output => {
      const commitsCut = shownCommits.length < pageCommits.length
      const filesCut = shownFiles.length < files.length
      const notes: string[] = []
      const next: NonNullable<Output['next']> = {}
      if (commitsCut) {
        Object.assign(next, pageHintAfterCut(page, limit, shownCommits.length).next)
        notes.push(`Only ${shownCommits.length} of this page's commits fit the response size limit; ask for the page in \`next\`.`)
      } else if (hasMore) {
        Object.assign(next, { page: page + 1, limit })
      }
      if (filesCut) {
        const first = files[shownFiles.length] as Escaped<ChangedFileT>
        const suggestion = narrower(scope, first.value.path)
        next.path = suggestion
        notes.push(`Only ${shownFiles.length} of ${files.length} changed files fit; narrow the list with \`path\`, e.g. ${JSON.stringify(suggestion)}.`)
      }
      if (commits.length === 0) notes.push(`${JSON.stringify(head)} has no commits that ${JSON.stringify(base)} lacks (it is the same, or behind).`)
      return {
        owner,
        repo,
        base,
        head,
        total_commits: comparison.total_commits,
        commits: unwrap(shownCommits).values,
        page,
        limit,
        has_more: hasMore || commitsCut,
        stats,
        path: scope === '' ? null : scope,
        files: unwrap(shownFiles).values,
        total_files: files.length,
        files_truncated: filesCut,
        truncated: commitsCut || filesCut,
        ...(Object.keys(next).length > 0 ? { next } : {}),
        ...escapeFields(unwrap(shownCommits).escaped + unwrap(shownFiles).escaped, notes)
      }
    }

    // Everything, or all of this page's commits with as many files as fit,
    // unless that leaves the files less than half the budget: then files get
    // half and the commits the rest.
    const full = fitList(files, (shown) => build(pageCommits, shown), maxBytes)
    const half = fitList(files, (shown) => shown, Math.floor(maxBytes * FILES_SHARE))
    const shownFiles = half?.result ?? []
    if (full !== null && (full.shown === files.length || full.shown >= shownFiles.length)) return full.result
    const fitted = fitList(pageCommits, (shown) => build(shown, shownFiles), maxBytes)
    if (fitted === null) throw new ToolError('too_large', `The comparison does not fit the response size limit (MAX_RESPONSE_BYTES = ${maxBytes}); ask for a narrower \`path\` or a smaller \`limit\`.`)
    if (fitted.shown === pageCommits.length) return fitted.result
    const { keep } = pageHintAfterCut(page, limit, fitted.shown)
    return build(pageCommits.slice(0, keep), shownFiles)
  }
}
