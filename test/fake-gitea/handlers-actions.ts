// Gitea Actions endpoints (routers/api/v1/repo/action.go, routers/api/v1/shared/action.go,
// services/convert ToActionWorkflowRun / ToActionWorkflowJob, routers/common/actions.go
// for the log download). Every route sits behind reqRepoReader(unit.TypeActions):
// with Actions off for the repository (or the whole instance) Gitea answers 403.

import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { type FakeActionJob, type FakeActionLog, type FakeActionRun, apiStatus, statusFilter } from './actions-model.js'
import type { FakeRepository } from './data.js'
import { findUser } from './data.js'
import { formString, goTime, pathEscape } from './go-format.js'
import { listOptions, pageOf } from './paging.js'
import { type RequestState, apiError, notFound, sendJson, setLinkHeader, setTotalCount } from './reply.js'
import { type StreamRecord, apiRepository, apiUser, repoApiUrl, repoHtmlUrl } from './responses.js'

type Json = Record<string, unknown>

/**
 * Serves GET .../actions/{rest}: runs, one run, a run's jobs, one job, a job's
 * log. Returns false for a path it does not know (the caller answers 404).
 */
export async function serveActions (state: RequestState, repo: FakeRepository, rest: string[]): Promise<boolean> {
  const [kind, id, sub, extra] = rest
  const known = (kind === 'runs' && (id === undefined || sub === undefined || (sub === 'jobs' && extra === undefined))) ||
    (kind === 'jobs' && id !== undefined && id !== '' && (sub === undefined || (sub === 'logs' && extra === undefined)))
  if (!known) return false
  if (!repo.units.actions) {
    apiError(state, 403, 'user should have specific read permission or be a repo admin or a site admin')
    return true
  }
  const runs = repo.actions ?? []
  if (kind === 'runs') {
    if (id === undefined) { listRuns(state, repo, runs); return true }
    const run = runs.find((r) => String(r.id) === id)
    if (sub === 'jobs') { listRunJobs(state, repo, run); return true }
    if (run === undefined) notFound(state)
    else sendJson(state.res, 200, apiRun(state, repo, run))
    return true
  }
  const found = findJob(runs, id as string)
  if (found === undefined) { notFound(state); return true }
  if (sub === undefined) sendJson(state.res, 200, apiJob(state, repo, found.run, found.job))
  else await sendLog(state, repo, found.run, found.job)
  return true
}

function findJob (runs: FakeActionRun[], id: string): { run: FakeActionRun, job: FakeActionJob } | undefined {
  for (const run of runs) {
    const job = run.jobs.find((j) => String(j.id) === id)
    if (job !== undefined) return { run, job }
  }
  return undefined
}

/** ctx.FormStrings("status") → internal statuses; null after answering 400 for an unknown one. */
function statuses (state: RequestState): Set<string> | null | undefined {
  const values = state.query.get('status') ?? []
  if (values.length === 0) return undefined
  const out = new Set<string>()
  for (const value of values) {
    const internal = statusFilter(value)
    if (internal === undefined) { apiError(state, 400, `Invalid status ${value}`); return null }
    internal.forEach((s) => out.add(s))
  }
  return out
}

/** GET .../actions/runs: newest first (`id DESC`), filtered by event, branch, status, actor, head_sha. */
function listRuns (state: RequestState, repo: FakeRepository, runs: FakeActionRun[]): void {
  const wanted = statuses(state)
  if (wanted === null) return
  const event = formString(state.query, 'event')
  const branch = formString(state.query, 'branch')
  const actor = formString(state.query, 'actor')
  const headSha = formString(state.query, 'head_sha')
  if (actor !== '' && findUser(state.ctx.data, actor) === undefined) { apiError(state, 500, ''); return }
  const matching = runs.filter((r) => (event === '' || r.event === event) && (branch === '' || r.branch === branch) &&
    (wanted === undefined || wanted.has(r.status)) && (actor === '' || r.triggerUser.toLowerCase() === actor.toLowerCase()) &&
    (headSha === '' || r.commitSha === headSha)).sort((a, b) => b.id - a.id)
  const opts = listOptions(state.query)
  setLinkHeader(state, matching.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, matching.length)
  sendJson(state.res, 200, { total_count: matching.length, workflow_runs: pageOf(matching, opts.page, opts.pageSize).map((r) => apiRun(state, repo, r)) })
}

/** GET .../actions/runs/{run}/jobs: jobs by id; a run of another repository (or none) has no jobs here. */
function listRunJobs (state: RequestState, repo: FakeRepository, run: FakeActionRun | undefined): void {
  const wanted = statuses(state)
  if (wanted === null) return
  const jobs = (run?.jobs ?? []).filter((j) => wanted === undefined || wanted.has(j.status)).sort((a, b) => a.id - b.id)
  const opts = listOptions(state.query)
  setLinkHeader(state, jobs.length, opts.pageSize, opts.rawPage)
  setTotalCount(state, jobs.length)
  sendJson(state.res, 200, { total_count: jobs.length, jobs: pageOf(jobs, opts.page, opts.pageSize).map((j) => apiJob(state, repo, run as FakeActionRun, j)) })
}

function runHtmlUrl (state: RequestState, repo: FakeRepository, run: FakeActionRun): string {
  return `${repoHtmlUrl(state.ctx, repo)}/actions/runs/${run.index}`
}

function userJson (state: RequestState, login: string): Json | null {
  const user = findUser(state.ctx.data, login)
  return user === undefined ? null : apiUser(state.ctx, user, false, false)
}

/** convert.ToActionWorkflowRun (repository shown with no access mode, as Gitea does). */
function apiRun (state: RequestState, repo: FakeRepository, run: FakeActionRun): Json {
  const { status, conclusion } = apiStatus(run.status)
  return {
    id: run.id,
    url: `${repoApiUrl(state.ctx, repo)}/actions/runs/${run.id}`,
    html_url: runHtmlUrl(state, repo, run),
    display_title: run.title,
    path: `${run.workflowId}@refs/heads/${run.branch}`,
    event: run.event,
    run_attempt: 1,
    run_number: run.index,
    repository_id: repo.id,
    head_sha: run.commitSha,
    head_branch: run.branch,
    status,
    actor: userJson(state, run.triggerUser),
    trigger_actor: userJson(state, run.triggerUser),
    repository: apiRepository(state.ctx, repo, 'none'),
    conclusion,
    started_at: goTime(run.started),
    completed_at: goTime(run.stopped)
  }
}

/** convert.ToActionWorkflowJob: steps (numbered from 0, with the job's status) only once the job has a task. */
function apiJob (state: RequestState, repo: FakeRepository, run: FakeActionRun, job: FakeActionJob): Json {
  const { status, conclusion } = apiStatus(job.status)
  const index = run.jobs.findIndex((j) => j.id === job.id)
  return {
    id: job.id,
    url: `${repoApiUrl(state.ctx, repo)}/actions/jobs/${job.id}`,
    html_url: `${runHtmlUrl(state, repo, run)}/jobs/${index}`,
    run_id: run.id,
    run_url: `${repoApiUrl(state.ctx, repo)}/actions/runs/${run.id}`,
    name: job.name,
    labels: job.runsOn,
    run_attempt: job.attempt,
    head_sha: run.commitSha,
    head_branch: run.branch,
    status,
    conclusion,
    runner_id: job.runnerId,
    runner_name: job.runnerName,
    steps: job.steps.length === 0 ? null : job.steps.map((step, i) => ({ name: step.name, number: i, status, conclusion, started_at: goTime(step.started), completed_at: goTime(step.stopped) })),
    created_at: goTime(job.created),
    started_at: goTime(job.started),
    completed_at: goTime(job.stopped)
  }
}

function logSize (log: FakeActionLog): number {
  if (typeof log === 'string') return Buffer.byteLength(log)
  let size = 0
  for (let n = 0; n < log.lines; n++) size += Buffer.byteLength(log.line(n)) + 1
  return size
}

/**
 * GET .../actions/jobs/{job_id}/logs (common.DownloadActionsRunJobLogs): the
 * stored log as text/plain, streamed; a job without a task has no log (404).
 */
async function sendLog (state: RequestState, repo: FakeRepository, run: FakeActionRun, job: FakeActionJob): Promise<void> {
  const log = job.log
  if (log === null) { notFound(state, 'job not started'); return }
  const source: FakeActionLog = log
  const size = logSize(log)
  const res = state.res
  res.statusCode = 200
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${pathEscape(`${run.workflowId}-${job.name}-${job.id}.log`)}`)
  res.setHeader('Content-Length', String(size))
  const record: StreamRecord = { path: `${repo.owner}/${repo.name}/actions/jobs/${job.id}/logs`, size, sent: 0, complete: false }
  state.ctx.streams?.push(record)
  async function * chunks (): AsyncGenerator<Buffer> {
    if (typeof source === 'string') {
      const bytes = Buffer.from(source)
      record.sent = bytes.length
      yield bytes
      return
    }
    let batch = ''
    for (let n = 0; n < source.lines; n++) {
      batch += source.line(n) + '\n'
      if (batch.length >= 64 * 1024 || n === source.lines - 1) {
        const bytes = Buffer.from(batch)
        batch = ''
        record.sent += bytes.length
        yield bytes
      }
    }
  }
  await pipeline(Readable.from(chunks()), res).then(() => { record.complete = true }, () => {})
}
