import { Type, type Static } from 'typebox'
import { callOptions } from './common.js'
import { DIFF_MAX_BYTES, DiffFileSummary, diffIndex, fitDiffPage, readDiff } from './diff.js'
import { withPullAdvice } from './get-pull-request.js'
import { PageArg } from './schemas.js'
import { EscapeReport, escapeFields } from './sanitize.js'
import { itemInput } from './tracker.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = itemInput({
  path: Type.Optional(Type.String({
    maxLength: 4096,
    description: 'Only this changed file'
  })),
  page: Type.Optional(PageArg)
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  number: Type.Integer(),
  files: Type.Array(DiffFileSummary, { description: 'The changed files (the same list on every page)' }),
  files_total: Type.Integer(),
  files_truncated: Type.Boolean({ description: 'The file list was cut to leave room for the diff; get_pull_request lists them all' }),
  path: Type.Union([Type.String(), Type.Null()], { description: 'The file shown, or null for the whole diff' }),
  page: Type.Integer(),
  total_pages: Type.Integer(),
  text: Type.String({ description: 'Unified diff (git format); when cut, its last line says how to ask for the rest' }),
  truncated: Type.Boolean({ description: 'More of the diff follows: ask for it with `next`' }),
  next: Type.Optional(Type.Object({ page: Type.Integer(), path: Type.Optional(Type.String()) }, { description: 'Arguments that show the rest' })),
  ...EscapeReport
})

type Output = Static<typeof output>

export const getPullRequestDiff: ToolDefinition<typeof input, typeof output> = {
  name: 'get_pull_request_diff',
  toolset: 'pulls',
  title: 'Get a pull request\'s diff',
  description: 'The changes of a pull request as a unified diff, with the changed files and lines added and deleted. `path` shows one file. ' +
    'A long diff comes in pages: when `truncated`, call again with `next`.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for one file with `path`.',
  async run (args, ctx) {
    const raw = await withPullAdvice(ctx.gitea.getPullRequestDiff(args.owner, args.repo, args.index, DIFF_MAX_BYTES, callOptions(ctx)))
    const { diff, escaped, notes } = readDiff(raw.bytes, raw.truncated)
    const max = ctx.limits.maxResponseBytes
    const index = diffIndex(diff.files, max)
    const path = args.path === undefined || args.path === '' ? undefined : args.path
    return fitDiffPage(diff, { ...(path !== undefined ? { path } : {}), page: args.page ?? 1 }, max, (page): Output => ({
      owner: args.owner,
      repo: args.repo,
      number: args.index,
      files: index.files,
      files_total: index.total,
      files_truncated: index.truncated,
      ...page,
      ...escapeFields(escaped, [...notes, diff.files.length === 0 ? 'This pull request changes no files.' : undefined])
    }))
  }
}
