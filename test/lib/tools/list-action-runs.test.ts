import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { startFakeGitea } from '../../fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { callTool } from '../../../lib/tools/registry.js'
import { DEFAULT_LIMITS, failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_action_runs'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('runs newest first, with status, conclusion, times and URL', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.same(result.runs.map((r: Json) => r.id), [13, 12, 11])
  t.match(result, { owner: 'acme', repo: 'platform', page: 1, limit: 30, total: 3, has_more: false, truncated: false })
  const red = result.runs[1]
  t.match(red, {
    id: 12,
    number: 2,
    title: 'Rate-limit failed logins',
    workflow: 'ci.yml@refs/heads/feature/login-rate-limit',
    event: 'pull_request',
    branch: 'feature/login-rate-limit',
    status: 'completed',
    conclusion: 'failure',
    actor: 'bob',
    started_at: '2024-06-05T10:00:00Z',
    completed_at: '2024-06-05T10:02:00Z',
    url: `${s.fake.url}/acme/platform/actions/runs/2`
  })
  t.match(red.commit, /^[0-9a-f]{40}$/)
  t.match(result.runs[0], { status: 'in_progress', conclusion: null, completed_at: null }, 'a run still going has no end')
})

t.test('paging: limit and page, with next while more remain', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, limit: 2 }))
  t.same(first.runs.map((r: Json) => r.id), [13, 12])
  t.match(first, { has_more: true, next: { page: 2, limit: 2 }, total: 3 })
  const second = ok(t, TOOL, await s.call({ ...platform, ...first.next }))
  t.same(second.runs.map((r: Json) => r.id), [11])
  t.equal(second.has_more, false)
})

t.test('ref filters by branch, or by commit when it is a full SHA; status by state or conclusion', async (t) => {
  t.same(ok(t, TOOL, await s.call({ ...platform, ref: 'main' })).runs.map((r: Json) => r.id), [13, 11])
  const sha = ok(t, TOOL, await s.call(platform)).runs[1].commit as string
  const start = s.fake.requests.length
  t.same(ok(t, TOOL, await s.call({ ...platform, ref: sha.toUpperCase() })).runs.map((r: Json) => r.id), [12])
  t.match(s.requestsSince(start)[0]?.query, `head_sha=${sha}`)
  t.same(ok(t, TOOL, await s.call({ ...platform, status: 'failure' })).runs.map((r: Json) => r.id), [12])
  t.same(ok(t, TOOL, await s.call({ ...platform, status: 'completed', ref: 'main' })).runs.map((r: Json) => r.id), [11])
  t.same(ok(t, TOOL, await s.call({ owner: 'acme', repo: 'website' })).runs, [], 'a repository without runs')
  t.match(failed(t, await s.call({ ...platform, status: 'green' }), 'invalid_arguments'), /`status` must be one of/)
})

t.test('a missing repository is not_found with advice', async (t) => {
  const message = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(message, /Repository "acme\/nope" not found/)
  t.match(message, /list_repositories/)
})

t.test('REPO_ALLOWLIST: a repository outside it looks missing, and Gitea is never asked', async (t) => {
  const denied: string[] = []
  const allow = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  const start = allow.fake.requests.length
  failed(t, await allow.call(platform), 'not_found')
  t.same([...new Set(denied)], ['acme/platform'], 'refused as acme/platform (the plugin audits it once per call)')
  t.notOk(allow.requestsSince(start).some((r) => r.path.includes('/actions/')), 'no Actions request reached Gitea')
})

t.test('Actions off for the repository: a clear actions_unavailable error, not forbidden', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.units.actions = false
  const off = await setupTool(t, TOOL, { data })
  t.match(failed(t, await off.call(platform), 'actions_unavailable'), /^Actions are not enabled on this repository\/Gitea/)
})

t.test('a Gitea without the Actions API: actions_unavailable for a real repository, not_found for a missing one', async (t) => {
  const fake = await startFakeGitea({ version: '1.23.8', missing: ['actions'] })
  t.teardown(async () => { await fake.close() })
  const ctx = { gitea: createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 }), limits: DEFAULT_LIMITS }
  const message = failed(t, await callTool(TOOL, platform, ctx), 'actions_unavailable')
  t.match(message, /^Actions are not enabled on this repository\/Gitea: this Gitea has no Actions API/)
  failed(t, await callTool(TOOL, { owner: 'acme', repo: 'nope' }, ctx), 'not_found')
})
