// The fake's Actions endpoints against the Gitea 1.26.3 spec, and its knobs
// for an older Gitea (a version string, endpoints that answer 404).
import t from 'tap'
import { type FakeGitea, startFakeGitea } from './server.js'
import { sampleData } from './sample-data.js'
import { validateDefinition } from '../helpers/gitea-spec.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

const runs = '/repos/acme/platform/actions/runs'

async function get (fake: FakeGitea, path: string): Promise<{ status: number, body: any, headers: Headers }> {
  const res = await fetch(fake.url + '/api/v1' + path, { headers: { Authorization: `token ${fake.token}` } })
  const text = await res.text()
  let body: unknown = text
  try { body = JSON.parse(text) } catch {}
  return { status: res.status, body, headers: res.headers }
}

t.test('runs: newest first, valid ActionWorkflowRunsResponse, paged with X-Total-Count and Link', async (t) => {
  const all = await get(gitea, runs)
  t.equal(all.status, 200)
  t.same(validateDefinition('ActionWorkflowRunsResponse', all.body), [])
  t.same(all.body.workflow_runs.map((r: any) => r.id), [13, 12, 11])
  t.equal(all.body.total_count, 3)
  t.equal(all.headers.get('x-total-count'), '3')
  t.match(all.body.workflow_runs[1], { status: 'completed', conclusion: 'failure', event: 'pull_request', head_branch: 'feature/login-rate-limit', run_number: 2, path: 'ci.yml@refs/heads/feature/login-rate-limit' })
  t.match(all.body.workflow_runs[0], { status: 'in_progress', conclusion: '', completed_at: '1970-01-01T00:00:00Z' })
  const page = await get(gitea, `${runs}?limit=1&page=2`)
  t.same(page.body.workflow_runs.map((r: any) => r.id), [12])
  t.match(page.headers.get('link'), /rel="next".*rel="prev"/)
})

t.test('runs: filters by branch, head_sha, event and status; 400 for an unknown status', async (t) => {
  t.same((await get(gitea, `${runs}?branch=main`)).body.workflow_runs.map((r: any) => r.id), [13, 11])
  const sha = (await get(gitea, `${runs}/12`)).body.head_sha as string
  t.same((await get(gitea, `${runs}?head_sha=${sha}`)).body.workflow_runs.map((r: any) => r.id), [12])
  t.same((await get(gitea, `${runs}?event=push&status=completed`)).body.workflow_runs.map((r: any) => r.id), [11])
  t.same((await get(gitea, `${runs}?status=in_progress`)).body.workflow_runs.map((r: any) => r.id), [13])
  const bad = await get(gitea, `${runs}?status=green`)
  t.equal(bad.status, 400)
  t.equal(bad.body.message, 'Invalid status green')
})

t.test('one run, its jobs with steps, one job: valid shapes; unknown ids 404', async (t) => {
  const run = await get(gitea, `${runs}/12`)
  t.same(validateDefinition('ActionWorkflowRun', run.body), [])
  t.match(run.body.html_url, /\/acme\/platform\/actions\/runs\/2$/)
  const jobs = await get(gitea, `${runs}/12/jobs`)
  t.same(validateDefinition('ActionWorkflowJobsResponse', jobs.body), [])
  t.same(jobs.body.jobs.map((j: any) => [j.id, j.name, j.conclusion]), [[103, 'lint', 'success'], [104, 'test', 'failure']])
  t.same(jobs.body.jobs[1].steps.map((s: any) => s.number), [0, 1, 2, 3, 4])
  const queued = await get(gitea, `${runs}/13/jobs?status=queued`)
  t.same(queued.body.jobs.map((j: any) => [j.id, j.steps]), [[106, null]])
  t.same(validateDefinition('ActionWorkflowJobsResponse', queued.body), [])
  const job = await get(gitea, '/repos/acme/platform/actions/jobs/104')
  t.same(validateDefinition('ActionWorkflowJob', job.body), [])
  t.match(job.body.html_url, /\/actions\/runs\/2\/jobs\/1$/)
  t.equal((await get(gitea, `${runs}/99`)).status, 404)
  t.same((await get(gitea, `${runs}/99/jobs`)).body, { total_count: 0, jobs: [] }, 'jobs of an unknown run: an empty list')
  t.equal((await get(gitea, '/repos/acme/platform/actions/jobs/999')).status, 404)
  t.equal((await get(gitea, '/repos/acme/website/actions/jobs/104')).status, 404, 'a job of another repository')
})

t.test('a job log is text/plain, attached, whole; a job not started has none', async (t) => {
  const log = await get(gitea, '/repos/acme/platform/actions/jobs/104/logs')
  t.equal(log.status, 200)
  t.match(log.headers.get('content-type'), /^text\/plain; charset=utf-8/)
  t.match(log.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''ci\.yml-test-104\.log$/)
  t.equal(Number(log.headers.get('content-length')), Buffer.byteLength(log.body))
  t.match(log.body, /^2024-06-05T10:00:00\.0000000Z Starting job test\n/)
  t.match(log.body, /##\[error\]Process completed with exit code 1\.\n$/)
  t.equal((await get(gitea, '/repos/acme/platform/actions/jobs/106/logs')).status, 404)
})

t.test('Actions off for the repository: 403 from reqRepoReader', async (t) => {
  const data = sampleData()
  const platform = data.repositories.find((r) => r.name === 'platform')
  if (platform === undefined) throw new Error('sample data changed')
  platform.units.actions = false
  const off = await startFakeGitea({ data })
  t.teardown(async () => { await off.close() })
  for (const path of [runs, `${runs}/12`, '/repos/acme/platform/actions/jobs/104/logs']) {
    const res = await get(off, path)
    t.equal(res.status, 403, path)
    t.equal(res.body.message, 'user should have specific read permission or be a repo admin or a site admin')
  }
})

t.test('an older Gitea: its version, and 404 for the endpoints it lacks, even for a real repository', async (t) => {
  const old = await startFakeGitea({ version: '1.23.8', missing: ['actions', 'file-contents', 'contents-ext'] })
  t.teardown(async () => { await old.close() })
  t.same((await get(old, '/version')).body, { version: '1.23.8' })
  t.same((await get(gitea, '/version')).body, { version: '1.26.3' })
  for (const path of [runs, '/repos/acme/platform/file-contents?body=%7B%22files%22%3A%5B%22README.md%22%5D%7D', '/repos/acme/platform/contents-ext/README.md']) {
    const res = await get(old, path)
    t.equal(res.status, 404, path)
    t.equal(res.body.message, 'not found')
  }
  t.equal((await get(old, '/repos/acme/platform/contents/README.md')).status, 200, 'older endpoints still answer')
})
