import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { logLine } from '../../fake-gitea/sample-actions.js'
import { startFakeGitea, type FakeGiteaData } from '../../fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { callTool } from '../../../lib/tools/registry.js'
import { MAX_LOG_LINE_CHARS } from '../../../lib/tools/get-action-job-log.js'
import { DEFAULT_LIMITS, failed, ok, setupTool, type ToolSetup } from '../../helpers/tool-call.js'
import type { FakeActionJob } from '../../fake-gitea/actions-model.js'

const TOOL = 'get_action_job_log'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

/** Sample data whose job `id` is changed by `change`. */
function withJob (id: number, change: (job: FakeActionJob) => void): FakeGiteaData {
  const data = sampleData()
  const job = data.repositories.find((r) => r.name === 'platform')?.actions?.flatMap((run) => run.jobs).find((j) => j.id === id)
  if (job === undefined) throw new Error('sample data changed')
  change(job)
  return data
}

t.test('a short log whole: the failure at its end, with the job\'s state', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, job_id: 104 }))
  t.match(result, {
    job_id: 104,
    name: 'test',
    status: 'completed',
    conclusion: 'failure',
    completed_at: '2024-06-05T10:02:00Z',
    url: `${s.fake.url}/acme/platform/actions/runs/2/jobs/1`,
    total_lines: 11,
    from_line: 1,
    truncated: false,
    lines_cut: 0
  })
  t.match(result.log, /^2024-06-05T10:00:00\.0000000Z Starting job test\n/)
  t.match(result.log, /not ok 1 - locks out after 5 failures/)
  t.match(result.log, /##\[error\]Process completed with exit code 1\.$/)
  t.notOk('next' in result)
})

t.test('tail_lines: the last lines, truncated, and next asks for more', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, job_id: 104, tail_lines: 3 }))
  t.equal(result.log.split('\n').length, 3)
  t.match(result, { from_line: 9, total_lines: 11, truncated: true, next: { tail_lines: 6 } })
  t.match(result.note, /Showing lines 9-11 of 11\. Call again with tail_lines 6 for earlier lines; the whole log is at http/)
  const more = ok(t, TOOL, await s.call({ ...platform, job_id: 104, ...result.next }))
  t.equal(more.from_line, 6)
  t.match(failed(t, await s.call({ ...platform, job_id: 104, tail_lines: 5000 }), 'invalid_arguments'), /tail_lines/)
})

t.test('a long log is streamed and tailed in bounded memory; the result fits the budget', async (t) => {
  const lines = 250_000
  const data = withJob(104, (job) => {
    job.log = { lines, line: (n) => logLine(1717581600 + Math.floor(n / 100), `\u001b[32mstep ${n}\u001b[0m: compiling module ${n} of the monorepo with all its options`) }
  })
  const big = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await big.call({ ...platform, job_id: 104 }))
  t.match(result, { total_lines: lines, from_line: lines - 299, truncated: true, next: { tail_lines: 600 } })
  t.match(result.log.split('\n').at(-1), /step 249999: compiling module 249999/)
  t.notOk(result.log.includes('\u001b'), 'colour codes stripped')
  const record = big.fake.streams.find((r) => r.path.endsWith('/jobs/104/logs'))
  t.ok(record !== undefined && record.complete && record.sent > 20_000_000, `the whole ${record?.sent ?? 0}-byte log was read to its end`)
  // What the client held while reading it: the ring of 300 lines, never the log.
  const client = createGiteaClient({ baseUrl: big.fake.url, token: big.fake.token, timeoutMs: 20_000 })
  const tail = await client.getActionJobLog('acme', 'platform', 104, 300, MAX_LOG_LINE_CHARS)
  t.ok(tail.totalBytes > 20_000_000)
  t.ok(tail.peakHeldChars < 301 * 150, `held at most ${tail.peakHeldChars} characters`)
  const small = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 6000 } })
  const cut = ok(t, TOOL, await small.call({ ...platform, job_id: 104, tail_lines: 2000 }), 6000)
  t.ok(cut.log.split('\n').length < 2000)
  t.equal(cut.truncated, true)
  t.notOk('next' in cut, 'asking for more lines would not fit either')
  t.match(cut.note, /At most \d+ lines fit here; the whole log is at/)
})

t.test('very long lines are cut and counted', async (t) => {
  const data = withJob(103, (job) => { job.log = `short\n${'y'.repeat(10_000)}\nend\n` })
  const long = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await long.call({ ...platform, job_id: 103 }))
  t.equal(result.lines_cut, 1)
  t.equal(result.log.split('\n')[1].length, MAX_LOG_LINE_CHARS)
})

t.test('a job not started yet, or whose log is gone, has no log (not an error)', async (t) => {
  const queued = ok(t, TOOL, await s.call({ ...platform, job_id: 106 }))
  t.match(queued, { status: 'queued', total_lines: 0, from_line: 0, log: '', truncated: false })
  t.match(queued.note, /has not started yet/)
  const gone = await setupTool(t, TOOL, { data: withJob(103, (job) => { job.log = null }) })
  t.match(ok(t, TOOL, await gone.call({ ...platform, job_id: 103 })).note, /Gitea has no log for this job/)
})

t.test('an unknown job is not_found with advice; a missing repository says so', async (t) => {
  t.match(failed(t, await s.call({ ...platform, job_id: 999 }), 'not_found'), /Actions job "999".*get_action_run/)
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'nope', job_id: 104 }), 'not_found'), /Repository "acme\/nope" not found/)
})

t.test('REPO_ALLOWLIST hides the job like a missing one, and its log is never read', async (t) => {
  const denied: string[] = []
  const allow = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  failed(t, await allow.call({ ...platform, job_id: 104 }), 'not_found')
  t.same([...new Set(denied)], ['acme/platform'])
  t.notOk(allow.fake.requests.some((r) => r.path.includes('/actions/')))
})

t.test('Actions off, or no Actions API: actions_unavailable', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.units.actions = false
  const off = await setupTool(t, TOOL, { data })
  failed(t, await off.call({ ...platform, job_id: 104 }), 'actions_unavailable')
  const fake = await startFakeGitea({ version: '1.23.8', missing: ['actions'] })
  t.teardown(async () => { await fake.close() })
  const ctx = { gitea: createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 }), limits: DEFAULT_LIMITS }
  failed(t, await callTool(TOOL, { ...platform, job_id: 104 }, ctx), 'actions_unavailable')
})
