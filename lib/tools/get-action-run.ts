import { Type, type Static } from 'typebox'
import { fitList } from './budget.js'
import { callOptions } from './common.js'
import { inActions, Job, RunSummary, summarizeJob, summarizeRun } from './actions.js'
import { ToolError } from './errors.js'
import { escapeEach, EscapeReport, Escapes, escapeFields, unwrap } from './sanitize.js'
import { Owner, Repo } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

/** Jobs read per run (Gitea pages them by 50; a workflow with more is rare). */
const MAX_JOB_PAGES = 4
const JOB_PAGE = 50

const RUN_ADVICE = 'list_action_runs lists the runs of a repository with their ids.'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  run_id: Type.Integer({ minimum: 1, description: 'Run id, from list_action_runs' })
}, { additionalProperties: false })

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  run: RunSummary,
  jobs: Type.Array(Job, { description: 'Jobs with their steps, in workflow order' }),
  jobs_total: Type.Integer(),
  jobs_truncated: Type.Boolean({ description: 'Some jobs were left out to fit the response size limit' }),
  ...EscapeReport
})

type Output = Static<typeof output>

export const getActionRun: ToolDefinition<typeof input, typeof output> = {
  name: 'get_action_run',
  toolset: 'actions',
  title: 'Get an Actions run',
  description: 'Shows an Actions run and its jobs (id, name, status, conclusion, times, URL, steps). get_action_job_log reads a job\'s log.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'The run has too many jobs to show; open its URL in Gitea.',
  async run (args, ctx): Promise<Output> {
    const { owner, repo, run_id: runId } = args
    const call = callOptions(ctx)
    const run = await inActions(ctx, owner, repo, ctx.gitea.getActionRun(owner, repo, runId, call), RUN_ADVICE)
    const jobs = []
    let total: number | null = null
    for (let page = 1; page <= MAX_JOB_PAGES; page++) {
      const listing = await inActions(ctx, owner, repo, ctx.gitea.listActionRunJobs(owner, repo, runId, { page, limit: JOB_PAGE }, call), RUN_ADVICE)
      jobs.push(...listing.items)
      total = listing.total ?? total
      if (!listing.hasMore) break
    }
    const runClean = new Escapes()
    const summary = summarizeRun(run, runClean)
    const escapedJobs = escapeEach(jobs, summarizeJob)
    const jobsTotal = total ?? jobs.length
    const build = (shown: typeof escapedJobs, cut: boolean): Output => {
      const { values, escaped } = unwrap(shown)
      const left = cut || shown.length < jobsTotal
      return {
        owner,
        repo,
        run: summary,
        jobs: values,
        jobs_total: jobsTotal,
        jobs_truncated: left,
        ...escapeFields(runClean.count + escaped, [left ? `Showing ${shown.length} of ${jobsTotal} jobs; the run's page in Gitea lists them all: ${summary.url}` : undefined])
      }
    }
    const fitted = fitList(escapedJobs, build, ctx.limits.maxResponseBytes)
    if (fitted === null) throw new ToolError('too_large', `Not even the run fits the response size limit (MAX_RESPONSE_BYTES = ${ctx.limits.maxResponseBytes}).`)
    return fitted.result
  }
}
