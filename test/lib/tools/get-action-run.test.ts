import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { startFakeGitea } from '../../fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { callTool } from '../../../lib/tools/registry.js'
import { DEFAULT_LIMITS, failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_action_run'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('the run and its jobs with their steps', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, run_id: 12 }))
  t.match(result.run, { id: 12, status: 'completed', conclusion: 'failure', branch: 'feature/login-rate-limit' })
  t.same(result.jobs.map((j: Json) => [j.id, j.name, j.conclusion]), [[103, 'lint', 'success'], [104, 'test', 'failure']])
  t.match(result.jobs[1], {
    runner: 'acme-runner-1',
    started_at: '2024-06-05T10:00:00Z',
    completed_at: '2024-06-05T10:02:00Z',
    url: `${s.fake.url}/acme/platform/actions/runs/2/jobs/1`
  })
  t.same(result.jobs[1].steps.map((step: Json) => step.name), ['Set up job', 'actions/checkout@v4', 'npm ci', 'npm test', 'Complete job'])
  t.match(result, { jobs_total: 2, jobs_truncated: false })
})

t.test('a queued job has no steps and no times yet', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, run_id: 13 }))
  t.match(result.jobs[1], { id: 106, status: 'queued', conclusion: null, started_at: null, completed_at: null, steps: [] })
})

t.test('many jobs are read page by page and cut to fit the response', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  const run = repo?.actions?.find((r) => r.id === 11)
  if (run === undefined) throw new Error('sample data changed')
  const template = run.jobs[0]
  if (template === undefined) throw new Error('sample data changed')
  for (let i = 0; i < 70; i++) run.jobs.push({ ...template, id: 1000 + i, name: `matrix-${i}` })
  const many = await setupTool(t, TOOL, { data })
  const start = many.fake.requests.length
  const whole = ok(t, TOOL, await many.call({ ...platform, run_id: 11 }))
  t.equal(whole.jobs.length, 72)
  t.equal(whole.jobs_total, 72)
  t.same(many.requestsSince(start).filter((r) => r.path.endsWith('/jobs')).map((r) => r.query), ['page=1&limit=50', 'page=2&limit=50'])
  const small = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 8000 } })
  const cut = ok(t, TOOL, await small.call({ ...platform, run_id: 11 }), 8000)
  t.ok(cut.jobs.length < 72 && cut.jobs.length > 0)
  t.equal(cut.jobs_truncated, true)
  t.match(cut.note, /Showing \d+ of 72 jobs/)
})

t.test('an unknown run is not_found with advice; a missing repository says so', async (t) => {
  t.match(failed(t, await s.call({ ...platform, run_id: 99 }), 'not_found'), /Actions run "99".*list_action_runs/)
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'nope', run_id: 12 }), 'not_found'), /Repository "acme\/nope" not found/)
  t.match(failed(t, await s.call({ ...platform, run_id: 0 }), 'invalid_arguments'), /run_id/)
})

t.test('REPO_ALLOWLIST hides the run like a missing one', async (t) => {
  const denied: string[] = []
  const allow = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  failed(t, await allow.call({ ...platform, run_id: 12 }), 'not_found')
  t.same([...new Set(denied)], ['acme/platform'], 'refused as acme/platform (the plugin audits it once per call)')
})

t.test('Actions off, or no Actions API: actions_unavailable', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.units.actions = false
  const off = await setupTool(t, TOOL, { data })
  failed(t, await off.call({ ...platform, run_id: 12 }), 'actions_unavailable')
  const fake = await startFakeGitea({ version: '1.23.8', missing: ['actions'] })
  t.teardown(async () => { await fake.close() })
  const ctx = { gitea: createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 }), limits: DEFAULT_LIMITS }
  t.match(failed(t, await callTool(TOOL, { ...platform, run_id: 12 }, ctx), 'actions_unavailable'), /no Actions API/)
})
