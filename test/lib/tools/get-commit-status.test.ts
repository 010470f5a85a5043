import t from 'tap'
import type { FakeCommitStatus } from '../../fake-gitea/data-parity.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_commit_status'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('the combined state and the newest status of each context, failing first', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, ref: 'main' }))
  t.match(result, { owner: 'acme', repo: 'platform', ref: 'main', sha: /^[0-9a-f]{40}$/, state: 'failure', total: 3, truncated: false })
  t.same(result.statuses.map((x: any) => [x.context, x.state]), [['ci/test', 'failure'], ['ci/build', 'success'], ['security/scan', 'success']])
  t.same(result.statuses[0], {
    context: 'ci/test',
    state: 'failure',
    description: '1 of 212 tests failed: tax.test.ts',
    url: 'https://ci.acme.example/platform/builds/311/tests',
    creator: 'gitea-admin',
    updated_at: '2024-06-04T07:09:30Z'
  })
  const bySha = ok(t, TOOL, await s.call({ ...platform, ref: result.sha }))
  t.equal(bySha.state, 'failure', 'a commit SHA gives the same')
})

t.test('a branch with "/" is resolved to its commit first', async (t) => {
  const before = s.fake.requests.length
  const result = ok(t, TOOL, await s.call({ ...platform, ref: 'feature/login-rate-limit' }))
  t.match(result, { state: 'pending', total: 1, statuses: [{ context: 'ci/build', description: 'Queued' }] })
  const paths = s.requestsSince(before).map((r) => r.path)
  t.equal(paths[0], '/api/v1/repos/acme/platform/commits')
  t.match(paths[1], /^\/api\/v1\/repos\/acme\/platform\/commits\/[0-9a-f]{40}\/status$/)
})

t.test('no status: state none, with a note', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, ref: 'v1.0.0' }))
  t.match(result, { state: 'none', sha: '', total: 0, statuses: [], truncated: false })
  t.match(result.note, /^No status on "v1\.0\.0"/)
})

t.test('many contexts: every page is read, and a cut keeps the failing ones', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  const sha = repo?.git.branches.get('main')
  if (repo === undefined || sha === undefined) throw new Error('sample data changed')
  const extra: FakeCommitStatus[] = Array.from({ length: 60 }, (_, i) => ({
    id: 100 + i, sha, context: `lint/package-${String(i).padStart(2, '0')}`, state: i === 59 ? 'error' : 'success', description: 'ok', targetUrl: '', creator: 'gitea-admin', created: '2024-06-04T08:00:00Z'
  }))
  repo.statuses = [...(repo.statuses ?? []), ...extra]
  const { call, fake } = await setupTool(t, TOOL, { data })
  const all = ok(t, TOOL, await call({ ...platform, ref: 'main' }))
  t.equal(all.total, 63)
  t.equal(all.state, 'error', 'the worst over both pages')
  t.equal(fake.requests.filter((r) => r.path.endsWith('/status')).length, 2)
  const small = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 1500 } })
  const cut = ok(t, TOOL, await small.call({ ...platform, ref: 'main' }), 1500)
  t.equal(cut.truncated, true)
  t.same(cut.statuses.slice(0, 2).map((x: any) => x.state), ['error', 'failure'])
  t.match(cut.note, /status\(es\) left out to fit/)
})

t.test('bad ref, missing and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, ref: 'a b' }), 'invalid_arguments'), /`ref` must be a branch, tag or commit SHA/)
  t.match(failed(t, await s.call(platform), 'invalid_arguments'), /missing required argument `ref`/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope', ref: 'main' }), 'not_found')
  t.match(missing, /^Commit status of "main" in repository "acme\/nope" not found.*list_repositories/)
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website' })
  t.equal(failed(t, await hidden.call({ ...platform, ref: 'main' }), 'not_found'), missing.replace('acme/nope', 'acme/platform'))
})
