// The fake's model of Gitea Actions (models/actions): runs of a workflow,
// their jobs with steps, and each started job's log. Statuses are Gitea's
// internal ones; the API shows them as GitHub's status + conclusion pair
// (services/convert ToActionsStatus).

/** actions_model.Status. */
export type FakeActionStatus = 'success' | 'failure' | 'cancelled' | 'skipped' | 'waiting' | 'running' | 'blocked'

/** A job's log: its text, or a generator of lines for logs too long to keep (streamed line by line). */
export type FakeActionLog = string | { lines: number, line: (n: number) => string }

export interface FakeActionStep {
  name: string
  /** Unix seconds; 0 = not yet. */
  started: number
  stopped: number
}

export interface FakeActionJob {
  /** Instance-wide id (`job_id`). */
  id: number
  name: string
  runsOn: string[]
  attempt: number
  status: FakeActionStatus
  /** Unix seconds; 0 = not yet. */
  created: number
  started: number
  stopped: number
  runnerId: number
  runnerName: string
  /** Steps of the job's task; empty while the job has no task. */
  steps: FakeActionStep[]
  /** Null while the job has not started (no task, so no log). */
  log: FakeActionLog | null
}

export interface FakeActionRun {
  /** Instance-wide id (`run`). */
  id: number
  /** The run's number in the repository (`run_number`). */
  index: number
  title: string
  /** Workflow file name, e.g. "ci.yml". */
  workflowId: string
  event: string
  /** Branch the run was triggered on (refs/heads/<branch>). */
  branch: string
  commitSha: string
  status: FakeActionStatus
  triggerUser: string
  started: number
  stopped: number
  jobs: FakeActionJob[]
}

/** Status → the API's (status, conclusion): ToActionsStatus. */
export function apiStatus (status: FakeActionStatus): { status: string, conclusion: string } {
  switch (status) {
    case 'waiting': return { status: 'queued', conclusion: '' }
    case 'blocked': return { status: 'waiting', conclusion: '' }
    case 'running': return { status: 'in_progress', conclusion: '' }
    default: return { status: 'completed', conclusion: status }
  }
}

/** The API's `status` filter → internal statuses (routers/api/v1/shared/action.go convertToInternal); undefined when invalid. */
export function statusFilter (value: string): FakeActionStatus[] | undefined {
  switch (value) {
    case 'pending': case 'waiting': case 'requested': case 'action_required': return ['blocked']
    case 'queued': return ['waiting']
    case 'in_progress': return ['running']
    case 'completed': return ['success', 'failure', 'skipped', 'cancelled']
    case 'failure': return ['failure']
    case 'success': return ['success']
    case 'skipped': case 'neutral': return ['skipped']
    case 'cancelled': case 'timed_out': return ['cancelled']
    default: return undefined
  }
}
