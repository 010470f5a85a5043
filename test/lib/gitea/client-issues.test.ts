// The client's issue tracker methods: against the fake Gitea (what is sent,
// what comes back), against a scripted server (scopes, odd shapes, caps), and
// through REPO_ALLOWLIST (a hidden repository is refused exactly like a missing one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { GiteaError, type GiteaErrorCode } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'
import { expectIssue, expectLabel, expectPullRequest, expectReleases, ShapeError } from '../../../lib/gitea/validate.js'
import { type FakeGitea, startFakeGitea } from '../../fake-gitea/server.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

let fake: FakeGitea
let gitea: GiteaClient
t.before(async () => {
  fake = await startFakeGitea()
  gitea = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 10_000 })
})
t.teardown(async () => { await fake.close() })

async function rejects (t: Test, promise: Promise<unknown>, code: GiteaErrorCode, pattern?: RegExp): Promise<GiteaError> {
  const caught = await promise.then(() => undefined, (error: unknown) => error)
  t.type(caught, GiteaError)
  const error = caught as GiteaError
  t.equal(error.code, code, `${code}: ${error.message}`)
  if (pattern !== undefined) t.match(error.message, pattern)
  return error
}

/** The query of the last request the fake saw, as a plain object. */
function lastQuery (): Record<string, string> {
  const last = fake.requests[fake.requests.length - 1]
  return Object.fromEntries(new URLSearchParams(last?.query ?? ''))
}

t.test('listIssues sends state, type, labels, q, since, before and paging', async (t) => {
  const page = await gitea.listIssues('acme', 'platform', { state: 'all', type: 'issues', labels: ['billing', 'bug'], query: 'VAT', since: '2024-01-01T00:00:00Z', before: '2025-01-01T00:00:00Z', page: 1, limit: 10 })
  t.same(lastQuery(), { state: 'all', type: 'issues', labels: 'billing,bug', q: 'VAT', since: '2024-01-01T00:00:00Z', before: '2025-01-01T00:00:00Z', page: '1', limit: '10' })
  t.same(page.items.map((i) => i.number), [1])
  t.same({ page: page.page, limit: page.limit, total: page.total, hasMore: page.hasMore }, { page: 1, limit: 10, total: 1, hasMore: false })
  const issue = page.items[0]
  t.match(issue, { title: 'VAT is off by a cent on invoices with many lines', state: 'closed', pull_request: null, is_locked: false, comments: 2 })
  t.same(issue?.labels.map((l) => l.name), ['billing', 'bug', 'priority/high'])

  await gitea.listIssues('acme', 'platform', { state: 'open', labels: [], query: '' })
  t.same(lastQuery(), { state: 'open', page: '1', limit: '30' }, 'empty filters are not sent')
  const more = await gitea.listIssues('acme', 'platform', { state: 'all', page: 1, limit: 3 })
  t.equal(more.hasMore, true)
  t.equal(more.total, 10)
})

t.test('getIssue, listIssueComments', async (t) => {
  const pr = await gitea.getIssue('acme', 'platform', 4)
  t.match(pr, { number: 4, state: 'open', pull_request: { merged: false, merged_at: null, draft: false } })
  t.equal(pr.repository?.full_name, 'acme/platform')
  t.equal(pr.user?.login, 'bob')
  const comments = await gitea.listIssueComments('acme', 'platform', 5)
  t.equal(comments.length, 150, 'all of them in one answer')
  t.match(comments[0], { id: 9000, user: { login: 'alice' }, body: /^Profiling run 1:/ })
  await rejects(t, gitea.getIssue('acme', 'platform', 99), 'not_found', /^Issue #99 in repository "acme\/platform" not found, or the token cannot read it$/)
  await rejects(t, gitea.listIssueComments('acme', 'platform', 99), 'not_found', /^Issue #99 in repository "acme\/platform" not found/)
  await rejects(t, gitea.getIssue('acme', 'nope', 1), 'not_found', /^Issue #1 in repository "acme\/nope" not found/)
  const before = fake.requests.length
  for (const index of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
    await rejects(t, gitea.getIssue('acme', 'platform', index), 'bad_request', /must be a whole number from 1/)
  }
  await rejects(t, gitea.getPullRequestDiff('acme', 'platform', 0, 10), 'bad_request')
  t.equal(fake.requests.length, before, 'a bad index never reaches Gitea')
})

t.test('searchIssues covers every readable repository', async (t) => {
  const found = await gitea.searchIssues({ query: 'login', state: 'all', page: 1, limit: 20 })
  t.same(lastQuery(), { q: 'login', state: 'all', page: '1', limit: '20' })
  t.same(found.items.map((i) => `${i.repository?.full_name ?? ''}#${i.number}`), ['acme/platform#4', 'acme/platform#3'])
  await gitea.searchIssues({ query: 'x', state: 'open', type: 'pulls' })
  t.same(lastQuery(), { q: 'x', state: 'open', type: 'pulls', page: '1', limit: '30' })
})

t.test('pull requests: list, one, files, diff', async (t) => {
  const list = await gitea.listPullRequests('acme', 'platform', { state: 'all', page: 1, limit: 2 })
  t.same(lastQuery(), { state: 'all', page: '1', limit: '2' })
  t.same(list.items.map((p) => p.number), [4, 7])
  t.equal(list.hasMore, true)
  const pr = await gitea.getPullRequest('acme', 'platform', 2)
  t.match(pr, { number: 2, merged: true, merged_by: { login: 'alice' }, base: { label: 'main', ref: 'main' }, head: { label: 'fix/vat-rounding', ref: 'refs/pull/2/head' }, changed_files: 2 })
  t.type(pr.additions, 'number')
  t.equal(pr.head.repo?.full_name, 'acme/platform')
  const files = await gitea.listPullRequestFiles('acme', 'platform', 6, { page: 2, limit: 50 })
  t.same({ n: files.items.length, total: files.total, hasMore: files.hasMore }, { n: 15, total: 65, hasMore: false })
  t.match(files.items[0], { status: 'added', additions: 12, deletions: 0, changes: 12 })
  t.notOk('previous_filename' in (files.items[0] ?? {}), 'no previous_filename unless renamed')
  await rejects(t, gitea.getPullRequest('acme', 'platform', 3), 'not_found', /^Pull request #3 in repository "acme\/platform" not found/)

  const diff = await gitea.getPullRequestDiff('acme', 'platform', 4, 1_000_000)
  t.equal(diff.truncated, false)
  t.match(diff.bytes.toString('utf8'), /^diff --git a\/src\/middleware\/rate-limit\.ts /)
  const capped = await gitea.getPullRequestDiff('acme', 'platform', 7, 1000)
  t.same([capped.bytes.length, capped.truncated], [1000, true], 'read up to maxBytes, and said so')
  await rejects(t, gitea.getPullRequestDiff('acme', 'platform', 7, -1), 'bad_request')
})

t.test('releases and labels', async (t) => {
  const releases = await gitea.listReleases('acme', 'platform', { page: 1, limit: 30 })
  t.same(releases.items.map((r) => r.tag_name), ['v1.1.0', 'v1.0.0'])
  t.match(releases.items[0], { name: 'Acme Platform 1.1.0', draft: false, prerelease: false, author: { login: 'alice' }, assets: [] })
  const labels = await gitea.listLabels('acme', 'platform', { page: 2, limit: 5 })
  t.same(labels.items.map((l) => l.name), ['priority/high', 'priority/low', 'security'])
  t.same({ total: labels.total, hasMore: labels.hasMore }, { total: 8, hasMore: false }, 'no Link header: the total decides')
  const first = await gitea.listLabels('acme', 'platform', { page: 1, limit: 5 })
  t.equal(first.hasMore, true)
  await rejects(t, gitea.listReleases('acme', 'nope', {}), 'not_found', /^Releases of repository "acme\/nope" not found/)
  await rejects(t, gitea.listLabels('globex', 'secret-plans', {}), 'not_found', /^Labels of repository "globex\/secret-plans" not found/)
  await rejects(t, gitea.listIssues('globex', 'secret-plans', { state: 'all' }), 'not_found', /^Issues of repository "globex\/secret-plans" not found/)
  await rejects(t, gitea.listPullRequests('globex', 'secret-plans', { state: 'all' }), 'not_found', /^Pull requests of repository/)
})

type Handler = (req: IncomingMessage, res: ServerResponse) => void

async function serve (t: Test, handler: Handler): Promise<GiteaClient> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return createGiteaClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'a'.repeat(40), timeoutMs: 5000 })
}

function json (res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

t.test('a token without read:issue, or without read:repository, is told which scope it lacks', async (t) => {
  const client = await serve(t, (req, res) => {
    const scope = req.url?.includes('/pulls') === true || req.url?.includes('/releases') === true ? 'read:repository' : 'read:issue'
    json(res, 403, { message: `token does not have at least one of required scope(s), required=[${scope}], token scope=read:user` })
  })
  await rejects(t, client.listIssues('acme', 'x', { state: 'open' }), 'gitea_forbidden', /lacks the read:issue scope/)
  await rejects(t, client.searchIssues({ query: 'x', state: 'all' }), 'gitea_forbidden', /read:issue/)
  await rejects(t, client.getIssue('acme', 'x', 1), 'gitea_forbidden', /read:issue/)
  await rejects(t, client.listIssueComments('acme', 'x', 1), 'gitea_forbidden', /read:issue/)
  await rejects(t, client.listLabels('acme', 'x', {}), 'gitea_forbidden', /read:issue/)
  await rejects(t, client.listPullRequests('acme', 'x', { state: 'open' }), 'gitea_forbidden', /lacks the read:repository scope/)
  await rejects(t, client.getPullRequest('acme', 'x', 1), 'gitea_forbidden', /read:repository/)
  await rejects(t, client.listPullRequestFiles('acme', 'x', 1, {}), 'gitea_forbidden', /read:repository/)
  await rejects(t, client.getPullRequestDiff('acme', 'x', 1, 100), 'gitea_forbidden', /read:repository/)
  await rejects(t, client.listReleases('acme', 'x', {}), 'gitea_forbidden', /read:repository/)
})

t.test('answers in the wrong shape are reported, not passed on', async (t) => {
  const client = await serve(t, (req, res) => {
    if (req.url?.startsWith('/api/v1/repos/acme/x/issues/1/comments') === true) json(res, 200, { comments: [] })
    else if (req.url?.startsWith('/api/v1/repos/acme/x/issues/1') === true) json(res, 200, { id: 1, number: 1, title: 'x', state: 'merged' })
    else if (req.url?.startsWith('/api/v1/repos/acme/x/issues') === true) json(res, 200, null)
    else if (req.url?.startsWith('/api/v1/repos/acme/x/pulls/1/files') === true) json(res, 200, [{ status: 'added' }])
    else if (req.url?.startsWith('/api/v1/repos/acme/x/pulls/1') === true) json(res, 200, { id: 1, number: 1, title: 'x', state: 'open', base: 'main' })
    else if (req.url?.startsWith('/api/v1/repos/acme/x/releases') === true) json(res, 200, [{ id: 1 }])
    else json(res, 200, [{ id: 'one', name: 'bug' }])
  })
  t.same((await client.listIssues('acme', 'x', { state: 'open' })).items, [], 'a null list (a nil slice) is empty')
  await rejects(t, client.getIssue('acme', 'x', 1), 'gitea_error', /unexpected shape \(issue\.state is not open or closed\)/)
  await rejects(t, client.listIssueComments('acme', 'x', 1), 'gitea_error', /comment list is not an array/)
  await rejects(t, client.getPullRequest('acme', 'x', 1), 'gitea_error', /pull request\.base is not an object/)
  await rejects(t, client.listPullRequestFiles('acme', 'x', 1, {}), 'gitea_error', /changed file list\[0\]\.filename is missing/)
  await rejects(t, client.listReleases('acme', 'x', {}), 'gitea_error', /release list\[0\]\.tag_name is missing/)
  await rejects(t, client.listLabels('acme', 'x', {}), 'gitea_error', /label list\[0\]\.id is not a number/)
})

t.test('the validators fill what a sparse answer leaves out', async (t) => {
  const issue = expectIssue({ id: 1, number: 2, title: 't', state: 'open', pull_request: {}, repository: { owner: 'o', name: 'r' }, labels: null, assignees: [{ id: 1, login: 'a' }] })
  t.match(issue, { body: '', comments: 0, is_locked: false, closed_at: null, user: null, labels: [], html_url: '' })
  t.same(issue.pull_request, { merged: false, draft: false, merged_at: null, html_url: '' })
  t.same(issue.repository, { owner: 'o', name: 'r', id: 0, full_name: 'o/r' })
  t.equal(issue.assignees?.length, 1)
  t.equal(expectIssue({ id: 1, number: 2, title: 't', state: 'closed' }).assignees, null)
  t.throws(() => expectIssue({ id: 1, number: 2, title: 't', state: 'open', labels: 'bug' }), ShapeError)
  t.throws(() => expectIssue({ id: 1, number: 2, title: 't', state: 'open', repository: { owner: 1 } }), ShapeError)
  const pr = expectPullRequest({ id: 1, number: 2, title: 't', state: 'closed', base: {}, head: { ref: 'refs/pull/2/head', repo: null }, additions: 'many' })
  t.match(pr, { merged: false, draft: false, mergeable: false, merged_by: null, merge_commit_sha: null, merge_base: '', base: { label: '', sha: '', repo_id: 0, repo: null } })
  t.notOk('additions' in pr, 'a line count that is not a number is dropped')
  t.same(expectLabel({ id: 1, name: 'x' }), { id: 1, name: 'x', color: '', description: '', exclusive: false, is_archived: false })
  const [release] = expectReleases([{ id: 1, tag_name: 'v1', assets: [{ name: 'app.tar.gz', size: 10 }], author: null }])
  t.match(release, { name: '', body: '', draft: false, author: null, assets: [{ name: 'app.tar.gz', size: 10, download_count: 0, browser_download_url: '' }] })
  t.throws(() => expectReleases([{ id: 1, tag_name: 'v1', assets: [{ size: 1 }] }]), /release list\[0\]\.assets\[0\]\.name is missing/)
})

t.test('REPO_ALLOWLIST: every tracker method refuses a hidden repository like a missing one, and never asks Gitea', async (t) => {
  const denied: string[] = []
  const limited = withRepoAllowlist(gitea, parseRepoAllowlist('acme/platform'), (o, r) => denied.push(`${o}/${r}`))
  const calls: Array<[string, (c: GiteaClient, repo: string) => Promise<unknown>]> = [
    ['listIssues', async (c, repo) => await c.listIssues('acme', repo, { state: 'all' })],
    ['getIssue', async (c, repo) => await c.getIssue('acme', repo, 1)],
    ['listIssueComments', async (c, repo) => await c.listIssueComments('acme', repo, 2)],
    ['listPullRequests', async (c, repo) => await c.listPullRequests('acme', repo, { state: 'all' })],
    ['getPullRequest', async (c, repo) => await c.getPullRequest('acme', repo, 1)],
    ['listPullRequestFiles', async (c, repo) => await c.listPullRequestFiles('acme', repo, 1, {})],
    ['getPullRequestDiff', async (c, repo) => await c.getPullRequestDiff('acme', repo, 1, 100)],
    ['listReleases', async (c, repo) => await c.listReleases('acme', repo, {})],
    ['listLabels', async (c, repo) => await c.listLabels('acme', repo, {})]
  ]
  for (const [name, call] of calls) {
    const before = fake.requests.length
    const hidden = await rejects(t, call(limited, 'website'), 'not_found')
    t.equal(fake.requests.length, before, `${name}: Gitea was not asked`)
    // A repository that exists nowhere: through the allowlist, and straight from Gitea.
    const ghostHidden = await rejects(t, call(limited, 'ghost'), 'not_found')
    const ghostMissing = await rejects(t, call(gitea, 'ghost'), 'not_found')
    t.equal(ghostHidden.message, ghostMissing.message, `${name}: the same message as a missing repository`)
    t.equal(ghostHidden.status, ghostMissing.status)
    t.equal(hidden.message, ghostHidden.message.replace('acme/ghost', 'acme/website'))
  }
  t.equal(denied.length, calls.length * 2, 'each refusal reported')
  t.same([...new Set(denied)], ['acme/website', 'acme/ghost'])

  // An invalid index is refused as the client refuses it, before the allowlist.
  await rejects(t, limited.getIssue('acme', 'website', 0), 'bad_request')
  t.equal(denied.length, calls.length * 2, 'not counted as a refusal')

  // Allowed repositories pass through.
  t.equal((await limited.getIssue('acme', 'platform', 1)).number, 1)
  t.equal((await limited.listLabels('acme', 'platform', {})).items.length, 8)

  // The cross-repository search keeps only allowed repositories, and drops the total.
  const all = await gitea.searchIssues({ query: '', state: 'all', limit: 50 })
  t.ok(all.items.some((i) => i.repository?.name === 'website'))
  const search = await limited.searchIssues({ query: '', state: 'all', limit: 50 })
  t.ok(search.items.length > 0 && search.items.every((i) => i.repository?.full_name === 'acme/platform'))
  t.equal(search.total, null)
})
