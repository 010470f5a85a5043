// What the Actions tools share: the run and job shapes they return, and the
// one place a Gitea answer is read as "Actions are not enabled here".
//
// Gitea guards every Actions endpoint with reqRepoReader(unit.TypeActions):
// with Actions off for the repository (or the whole instance) it answers 403
// "user should have specific read permission..."; a Gitea without the Actions
// API answers 404 for a repository that exists. Both become one clear
// `actions_unavailable` error instead of "forbidden" or "not found".
import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaActionJob, GiteaActionRun } from '../gitea/types.js'
import { callOptions, REPO_NOT_FOUND_ADVICE, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import type { Escapes } from './sanitize.js'
import { login } from './tracker.js'
import type { ToolContext } from './types.js'

/** A time Gitea sends for what has not happened yet (Unix or Go zero time), as null. */
export function when (value: string): string | null {
  return value === '' || value.startsWith('1970-01-01T00:00:00') || value.startsWith('0001-01-01') ? null : value
}

const Time = (description: string) => Type.Union([Type.String(), Type.Null()], { description })

export const RunSummary = Type.Object({
  id: Type.Integer({ description: 'Run id, for get_action_run' }),
  number: Type.Integer({ description: 'Run number in the repository (#n in Gitea)' }),
  title: Type.String(),
  workflow: Type.String({ description: 'Workflow file and ref, e.g. ci.yml@refs/heads/main' }),
  event: Type.String({ description: 'What triggered it: push, pull_request, schedule...' }),
  branch: Type.String(),
  commit: Type.String({ description: 'Commit SHA' }),
  status: Type.String({ description: 'queued, waiting, in_progress or completed' }),
  conclusion: Type.Union([Type.String(), Type.Null()], { description: 'success, failure, cancelled or skipped once completed' }),
  actor: Type.String(),
  started_at: Time('ISO 8601; null until started'),
  completed_at: Time('ISO 8601; null until completed'),
  url: Type.String({ description: 'Web page of the run' })
})

export type RunSummaryT = Static<typeof RunSummary>

export function summarizeRun (run: GiteaActionRun, clean: Escapes): RunSummaryT {
  return {
    id: run.id,
    number: run.run_number,
    title: clean.text(run.display_title),
    workflow: clean.text(run.path),
    event: run.event,
    branch: clean.text(run.head_branch),
    commit: run.head_sha,
    status: run.status,
    conclusion: run.conclusion === '' ? null : run.conclusion,
    actor: login(run.actor),
    started_at: when(run.started_at),
    completed_at: when(run.completed_at),
    url: run.html_url
  }
}

export const Job = Type.Object({
  id: Type.Integer({ description: 'Job id, for get_action_job_log' }),
  name: Type.String(),
  status: Type.String(),
  conclusion: Type.Union([Type.String(), Type.Null()]),
  runner: Type.String(),
  started_at: Time('ISO 8601; null until started'),
  completed_at: Time('ISO 8601; null until completed'),
  url: Type.String({ description: 'Web page of the job and its log' }),
  steps: Type.Array(Type.Object({
    number: Type.Integer(),
    name: Type.String(),
    status: Type.String(),
    conclusion: Type.Union([Type.String(), Type.Null()])
  }))
})

export type JobT = Static<typeof Job>

export function summarizeJob (job: GiteaActionJob, clean: Escapes): JobT {
  return {
    id: job.id,
    name: clean.text(job.name),
    status: job.status,
    conclusion: job.conclusion === '' ? null : job.conclusion,
    runner: clean.text(job.runner_name),
    started_at: when(job.started_at),
    completed_at: when(job.completed_at),
    url: job.html_url,
    steps: job.steps.map((step) => ({
      number: step.number,
      name: clean.text(step.name),
      status: step.status,
      conclusion: step.conclusion === '' ? null : step.conclusion
    }))
  }
}

const UNAVAILABLE = 'Actions are not enabled on this repository/Gitea'

/** Gitea's own words for a token that lacks a scope (a 403 that is not about Actions). */
const SCOPE_REFUSAL = /required scope|public repos|public-only/i

function actionsOff (owner: string, repo: string): ToolError {
  return new ToolError('actions_unavailable',
    `${UNAVAILABLE}: Gitea refused to show the Actions of "${owner}/${repo}" (Actions are switched off for the repository or the whole instance, or the token's user may not read them).`)
}

function noActionsApi (owner: string, repo: string): ToolError {
  return new ToolError('actions_unavailable',
    `${UNAVAILABLE}: this Gitea has no Actions API for "${owner}/${repo}" (it answers 404 although the repository exists; the runs and jobs API needs a newer Gitea).`)
}

/** A 404 for a repository that exists: the Actions API is missing. Otherwise the repository's own error. */
async function explainNotFound (ctx: ToolContext, owner: string, repo: string, error: GiteaError): Promise<unknown> {
  try {
    await ctx.gitea.getRepo(owner, repo, callOptions(ctx))
  } catch (repoError) {
    return withAdvice(repoError, REPO_NOT_FOUND_ADVICE)
  }
  return error
}

/**
 * Runs an Actions call. A 403 about the Actions unit becomes
 * `actions_unavailable`; a 404 is told apart: no such repository (with
 * advice), no Actions API (`actions_unavailable`), or no such run or job
 * (with `notFoundAdvice`), using `probe` (a call that must succeed when the
 * API exists) when the 404 could be either.
 */
export async function inActions<T> (ctx: ToolContext, owner: string, repo: string, work: Promise<T>, notFoundAdvice?: string): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (!(error instanceof GiteaError)) throw error
    if (error.code === 'gitea_forbidden' && !SCOPE_REFUSAL.test(error.message)) throw actionsOff(owner, repo)
    if (error.code !== 'not_found') throw error
    const explained = await explainNotFound(ctx, owner, repo, error)
    if (explained !== error) throw explained
    if (notFoundAdvice === undefined) throw noActionsApi(owner, repo)
    // The repository exists: is it the run or job that is missing, or the whole API?
    try {
      await ctx.gitea.listActionRuns(owner, repo, { page: 1, limit: 1 }, callOptions(ctx))
    } catch (probeError) {
      if (probeError instanceof GiteaError && probeError.code === 'not_found') throw noActionsApi(owner, repo)
      if (probeError instanceof GiteaError && probeError.code === 'gitea_forbidden' && !SCOPE_REFUSAL.test(probeError.message)) throw actionsOff(owner, repo)
    }
    throw withAdvice(error, notFoundAdvice)
  }
}
