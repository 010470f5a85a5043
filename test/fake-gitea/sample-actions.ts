// Actions runs of the sample acme/platform: a green push to main, a red pull
// request build whose test job failed (its log ends with the failing test),
// and a run still in progress with a queued job.

import type { FakeActionJob, FakeActionRun } from './actions-model.js'
import type { FakeGitRepo } from './data.js'

const at = (iso: string): number => Date.parse(iso) / 1000

/** One log line as Gitea stores it: an RFC 3339 timestamp with 7 fractional digits, a space, the text. */
export function logLine (unixSeconds: number, text: string): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19)}.0000000Z ${text}`
}

function log (start: number, lines: string[]): string {
  return lines.map((text, i) => logLine(start + i, text)).join('\n') + '\n'
}

function job (id: number, name: string, started: number, seconds: number, status: FakeActionJob['status'], steps: string[], lines: string[]): FakeActionJob {
  const per = Math.max(1, Math.floor(seconds / steps.length))
  return {
    id,
    name,
    runsOn: ['ubuntu-latest'],
    attempt: 1,
    status,
    created: started - 5,
    started,
    stopped: started + seconds,
    runnerId: 1,
    runnerName: 'acme-runner-1',
    steps: steps.map((step, i) => ({ name: step, started: started + i * per, stopped: started + (i + 1) * per })),
    log: log(started, lines)
  }
}

const STEPS = ['Set up job', 'actions/checkout@v4', 'npm ci', 'npm test', 'Complete job']

export function platformActions (git: FakeGitRepo): FakeActionRun[] {
  const main = git.branches.get('main') ?? ''
  const feature = git.branches.get('feature/login-rate-limit') ?? main
  const green = at('2024-06-04T07:03:00Z')
  const red = at('2024-06-05T10:00:00Z')
  const busy = at('2024-06-06T09:00:00Z')
  return [
    {
      id: 11,
      index: 1,
      title: 'Release 1.1.0',
      workflowId: 'ci.yml',
      event: 'push',
      branch: 'main',
      commitSha: main,
      status: 'success',
      triggerUser: 'alice',
      started: green,
      stopped: green + 95,
      jobs: [
        job(101, 'lint', green, 30, 'success', STEPS, ['Starting job lint', '> eslint .', 'No problems found', 'Job succeeded']),
        job(102, 'test', green, 95, 'success', STEPS, ['Starting job test', '> tap', '# Subtest: orders', 'ok 1 - orders', '# { total: 42, pass: 42 }', 'Job succeeded'])
      ]
    },
    {
      id: 12,
      index: 2,
      title: 'Rate-limit failed logins',
      workflowId: 'ci.yml',
      event: 'pull_request',
      branch: 'feature/login-rate-limit',
      commitSha: feature,
      status: 'failure',
      triggerUser: 'bob',
      started: red,
      stopped: red + 120,
      jobs: [
        job(103, 'lint', red, 28, 'success', STEPS, ['Starting job lint', '> eslint .', 'No problems found', 'Job succeeded']),
        job(104, 'test', red, 120, 'failure', STEPS, [
          'Starting job test',
          '> tap',
          '# Subtest: login rate limit',
          'not ok 1 - locks out after 5 failures',
          '  ---',
          '  found: 200',
          '  wanted: 429',
          '  at: test/login.test.ts:41:5',
          '  ...',
          '# { total: 43, pass: 42, fail: 1 }',
          '##[error]Process completed with exit code 1.'
        ])
      ]
    },
    {
      id: 13,
      index: 3,
      title: 'Docs: runbook',
      workflowId: 'ci.yml',
      event: 'push',
      branch: 'main',
      commitSha: main,
      status: 'running',
      triggerUser: 'alice',
      started: busy,
      stopped: 0,
      jobs: [
        { ...job(105, 'lint', busy, 20, 'running', STEPS, ['Starting job lint', '> eslint .']), stopped: 0 },
        { id: 106, name: 'test', runsOn: ['ubuntu-latest'], attempt: 1, status: 'waiting', created: busy - 5, started: 0, stopped: 0, runnerId: 0, runnerName: '', steps: [], log: null }
      ]
    }
  ]
}
