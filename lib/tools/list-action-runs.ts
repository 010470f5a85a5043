import { Type } from 'typebox'
import { callOptions, looksLikeSha } from './common.js'
import { inActions, RunSummary, summarizeRun } from './actions.js'
import { listPage, listTool } from './list.js'
import { LimitArg, listOutput, Owner, PageArg, pageArgs, Ref, Repo } from './schemas.js'

/** Gitea's status filter values worth offering (it also takes pending, requested, neutral, timed_out...). */
export const RUN_STATUSES = ['queued', 'waiting', 'in_progress', 'completed', 'success', 'failure', 'cancelled', 'skipped'] as const

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  ref: Type.Optional({ ...Ref, description: 'Branch or full commit SHA; omit for all' }),
  status: Type.Optional(Type.Enum([...RUN_STATUSES], { description: 'State or conclusion' })),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const output = listOutput({}, 'runs', RunSummary)

export const listActionRuns = listTool<typeof input, typeof output>({
  name: 'list_action_runs',
  toolset: 'actions',
  title: 'List Actions runs',
  description: 'Lists a repository\'s Actions runs, newest first: id, title, event, branch, commit, status, conclusion, times, URL. ' +
    'Paged: while `has_more`, call again with `next`. get_action_run shows a run\'s jobs.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const ref = args.ref
    const filter = ref === undefined ? {} : looksLikeSha(ref) ? { headSha: ref.toLowerCase() } : { branch: ref }
    const listing = await inActions(ctx, owner, repo, ctx.gitea.listActionRuns(owner, repo, { ...filter, status: args.status, page, limit }, callOptions(ctx)))
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'run' }, summarizeRun, (runs) => ({ owner, repo, runs }))
  }
})
