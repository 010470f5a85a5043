import { Type, type Static } from 'typebox'
import type { GiteaChangedFile } from '../gitea/types.js'
import { fitList } from './budget.js'
import { callOptions, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import { type Escaped, escapeEach, EscapeReport, Escapes, escapeFields, unwrap } from './sanitize.js'
import { cutDescription, ItemHead, itemInput, labelNames, login, PositionArg } from './tracker.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

/** Most changed files one call returns (Gitea pages them by 50). */
export const PR_FILES_PER_CALL = 100
const FILES_PAGE = 50
/** Share of MAX_RESPONSE_BYTES the description may take. */
const BODY_SHARE = 0.4

const input = itemInput({
  files_from: Type.Optional(PositionArg(`Position (from 1) of the first changed file to list; use the value in \`next\` when there are more than fit (at most ${PR_FILES_PER_CALL} a call).`))
})

const ChangedFile = Type.Object({
  path: Type.String({ description: 'Pass it as `path` to get_pull_request_diff to see this file\'s changes' }),
  previous_path: Type.Optional(Type.String({ description: 'Path before a rename' })),
  status: Type.Enum(['added', 'deleted', 'modified', 'renamed', 'copied', 'unchanged']),
  additions: Type.Integer(),
  deletions: Type.Integer()
})

const Branch = Type.Object({
  branch: Type.String(),
  sha: Type.String({ description: 'Commit the branch points at (for the head: the pull request\'s last commit)' })
})

const output = Type.Object({
  ...ItemHead,
  merged: Type.Boolean(),
  draft: Type.Boolean(),
  mergeable: Type.Boolean({ description: 'Gitea sees no conflict (meaningful while open)' }),
  author: Type.String(),
  labels: Type.Array(Type.String()),
  base: Branch,
  head: Branch,
  merge_base: Type.String({ description: 'Commit the changes are compared against' }),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  closed_at: Type.Union([Type.String(), Type.Null()]),
  merged_at: Type.Union([Type.String(), Type.Null()]),
  merged_by: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'Web page in Gitea' }),
  body: Type.String({ description: 'The description (Markdown)' }),
  body_truncated: Type.Boolean(),
  comments: Type.Integer({ description: 'Number of comments (get_issue with the same number reads them)' }),
  additions: Type.Union([Type.Integer(), Type.Null()], { description: 'Lines added in all; null when Gitea did not say' }),
  deletions: Type.Union([Type.Integer(), Type.Null()]),
  changed_files: Type.Integer({ description: 'Number of files changed' }),
  files_from: Type.Integer({ description: 'Position of the first file listed' }),
  files: Type.Array(ChangedFile),
  files_truncated: Type.Boolean({ description: 'More changed files follow: ask for them with `next`' }),
  next: Type.Optional(Type.Object({ files_from: Type.Integer() }, { description: 'Arguments that list the next changed files' })),
  ...EscapeReport
})

type Output = Static<typeof output>
type ChangedFileT = Static<typeof ChangedFile>

const STATUSES = new Set(['added', 'deleted', 'modified', 'renamed', 'copied', 'unchanged'])

function changedFile (file: GiteaChangedFile, clean: Escapes): ChangedFileT {
  // Gitea calls a modification "changed".
  const status = file.status === 'changed' ? 'modified' : STATUSES.has(file.status) ? file.status : 'modified'
  const result: ChangedFileT = { path: clean.text(file.filename), status: status as ChangedFileT['status'], additions: Math.trunc(file.additions), deletions: Math.trunc(file.deletions) }
  if (file.previous_filename !== undefined) result.previous_path = clean.text(file.previous_filename)
  return result
}

/** Changed files from position `from` (1-based), at most PR_FILES_PER_CALL, and how many there are. */
async function readFiles (ctx: ToolContext, owner: string, repo: string, index: number, from: number): Promise<{ files: GiteaChangedFile[], total: number | null, more: boolean }> {
  const call = callOptions(ctx)
  let page = Math.floor((from - 1) / FILES_PAGE) + 1
  let skip = (from - 1) % FILES_PAGE
  const files: GiteaChangedFile[] = []
  let total: number | null = null
  let more = false
  while (files.length < PR_FILES_PER_CALL) {
    const listing = await ctx.gitea.listPullRequestFiles(owner, repo, index, { page, limit: FILES_PAGE }, call)
    total = listing.total ?? total
    files.push(...listing.items.slice(skip))
    skip = 0
    more = listing.hasMore
    if (!listing.hasMore || listing.items.length === 0) break
    page++
  }
  if (files.length > PR_FILES_PER_CALL) more = true
  return { files: files.slice(0, PR_FILES_PER_CALL), total, more }
}

export const PULL_NOT_FOUND_ADVICE = 'Check the repository with list_repositories, and the number with list_pull_requests (an issue number is not a pull request: read issues with get_issue).'

/** `work` with advice added to a not_found error. */
export async function withPullAdvice<T> (work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw withAdvice(error, PULL_NOT_FOUND_ADVICE)
  }
}

export const getPullRequest: ToolDefinition<typeof input, typeof output> = {
  name: 'get_pull_request',
  toolset: 'pulls',
  title: 'Get a pull request',
  description: 'Reads one pull request by number: title, state, author, labels, base and head branches with their commits, dates, description, line totals ' +
    `and its changed files (up to ${PR_FILES_PER_CALL} a call; \`next\` continues). Its diff: get_pull_request_diff; its comments: get_issue.`,
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Read the pull request on its web page.',
  async run (args, ctx) {
    const from = args.files_from ?? 1
    const max = ctx.limits.maxResponseBytes
    const [pr, listing] = await withPullAdvice(Promise.all([
      ctx.gitea.getPullRequest(args.owner, args.repo, args.index, callOptions(ctx)),
      readFiles(ctx, args.owner, args.repo, args.index, from)
    ]))
    const totalFiles = pr.changed_files ?? listing.total ?? (from - 1 + listing.files.length)
    if (from > 1 && listing.files.length === 0) {
      throw new ToolError('invalid_arguments', `Invalid arguments: \`files_from\` ${from} is past the last changed file: #${args.index} changes ${totalFiles} file${totalFiles === 1 ? '' : 's'}.`)
    }
    const clean = new Escapes()
    const body = cutDescription(clean.text(pr.body), Math.floor(max * BODY_SHARE), pr.html_url)
    const base = {
      owner: args.owner,
      repo: args.repo,
      number: pr.number,
      title: clean.text(pr.title),
      state: pr.state,
      merged: pr.merged,
      draft: pr.draft,
      mergeable: pr.mergeable,
      author: login(pr.user),
      labels: labelNames(pr.labels, clean),
      base: { branch: pr.base.label || pr.base.ref, sha: pr.base.sha },
      head: { branch: pr.head.label || pr.head.ref, sha: pr.head.sha },
      merge_base: pr.merge_base,
      created_at: pr.created_at,
      updated_at: pr.updated_at,
      closed_at: pr.closed_at,
      merged_at: pr.merged_at,
      merged_by: pr.merged_by === null ? null : login(pr.merged_by),
      url: pr.html_url,
      body: body.text,
      body_truncated: body.cut,
      comments: Math.trunc(pr.comments),
      additions: pr.additions ?? null,
      deletions: pr.deletions ?? null,
      changed_files: totalFiles
    }
    // Paths are escaped like the diff's (get_pull_request_diff finds a file by either form).
    const files = escapeEach(listing.files, changedFile)
    const build = (list: Array<Escaped<ChangedFileT>>, cut: boolean): Output => {
      const more = cut || listing.more
      const { values: shown, escaped } = unwrap(list)
      return {
        ...base,
        files_from: from,
        files: shown,
        files_truncated: more,
        ...(more ? { next: { files_from: from + shown.length } } : {}),
        ...escapeFields(clean.count + escaped,
          [more ? `Files ${from} to ${from + shown.length - 1} of ${totalFiles} listed: call get_pull_request again with files_from ${from + shown.length} for the rest.` : undefined])
      }
    }
    const fitted = fitList(files, build, max)
    if (fitted === null || (fitted.shown === 0 && files.length > 0)) {
      throw new ToolError('too_large', `Pull request #${pr.number} does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}).`)
    }
    return fitted.result
  }
}
