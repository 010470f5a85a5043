// The fake's issue tracker endpoints: shapes checked against the Gitea 1.26.3
// spec, and the behaviour (filters, order, paging headers, quirks) of the real server.
import t from 'tap'
import { sampleData } from './sample-data.js'
import { openApiYaml, tagCharacters } from './sample-issues.js'
import { type FakeGitea, startFakeGitea } from './server.js'
import { parseDiff } from '../../lib/tools/diff.js'
import { validateArrayOf, validateDefinition } from '../helpers/gitea-spec.js'

type Json = any

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

interface Answer { status: number, headers: Headers, text: string, body: Json }

async function get (path: string, auth = true): Promise<Answer> {
  const res = await fetch(gitea.url + '/api/v1' + path, { headers: auth ? { Authorization: `token ${gitea.token}` } : {} })
  const text = await res.text()
  let body: Json
  try { body = JSON.parse(text) } catch { body = undefined }
  return { status: res.status, headers: res.headers, text, body }
}

const swagger = (): string => `${gitea.url}/api/swagger`
const numbers = (body: Json[]): number[] => body.map((i) => i.number)

t.test('every new body is valid against the spec', async (t) => {
  const lists: Array<[string, string]> = [
    ['/repos/acme/platform/issues?state=all&limit=50', 'Issue'],
    ['/repos/acme/platform/issues?state=all&type=pulls', 'Issue'],
    ['/repos/acme/website/issues?state=all', 'Issue'],
    ['/repos/acme/platform/issues/5/comments', 'Comment'],
    ['/repos/acme/platform/issues/4/comments', 'Comment'],
    ['/repos/acme/platform/pulls?state=all', 'PullRequest'],
    ['/repos/acme/handbook/pulls', 'PullRequest'],
    ['/repos/acme/platform/pulls/6/files?limit=50', 'ChangedFile'],
    ['/repos/acme/platform/pulls/4/files', 'ChangedFile'],
    ['/repos/acme/platform/releases', 'Release'],
    ['/repos/acme/platform/labels', 'Label'],
    ['/repos/issues/search?q=a&state=all&limit=50', 'Issue']
  ]
  for (const [path, definition] of lists) {
    const { status, body } = await get(path)
    t.equal(status, 200, path)
    t.ok(Array.isArray(body) && body.length > 0, `${path}: a non-empty array`)
    t.same(validateArrayOf(definition, body), [], path)
  }
  for (const [path, definition] of [
    ['/repos/acme/platform/issues/1', 'Issue'], ['/repos/acme/platform/issues/2', 'Issue'], ['/repos/acme/platform/issues/10', 'Issue'],
    ['/repos/acme/platform/pulls/2', 'PullRequest'], ['/repos/acme/platform/pulls/4', 'PullRequest'], ['/repos/acme/platform/pulls/6', 'PullRequest']
  ] as const) {
    const { status, body } = await get(path)
    t.equal(status, 200, path)
    t.same(validateDefinition(definition, body), [], path)
  }
  const anonymous = await get('/repos/acme/website/issues?state=all', false)
  t.same(validateArrayOf('Issue', anonymous.body), [], 'an anonymous view of a public repository')
})

t.test('issues: newest first, open by default, pull requests included unless type says otherwise', async (t) => {
  const open = await get('/repos/acme/platform/issues')
  t.same(numbers(open.body), [4, 10, 9, 3, 5], 'open issues and pull requests, newest created first')
  t.equal(open.headers.get('x-total-count'), '5')
  t.equal(open.headers.get('link'), null, 'one page: no Link')
  t.same(numbers((await get('/repos/acme/platform/issues?state=closed')).body), [7, 6, 8, 2, 1])
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&type=issues')).body), [10, 9, 3, 8, 1, 5])
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&type=pulls')).body), [4, 7, 6, 2])
  t.same(numbers((await get('/repos/acme/platform/issues?state=nonsense')).body), [4, 10, 9, 3, 5], 'an unknown state means open')

  const pr = (await get('/repos/acme/platform/issues/2')).body
  t.match(pr, { number: 2, state: 'closed', html_url: `${gitea.url}/acme/platform/pulls/2`, url: `${gitea.url}/api/v1/repos/acme/platform/issues/2` })
  t.same(pr.pull_request, { merged: true, merged_at: '2024-04-09T09:50:00Z', draft: false, html_url: `${gitea.url}/acme/platform/pulls/2` })
  const issue = (await get('/repos/acme/platform/issues/1')).body
  t.equal(issue.pull_request, null)
  t.same(issue.repository, { id: 4, name: 'platform', owner: 'acme', full_name: 'acme/platform' })
  t.same(issue.labels.map((l: Json) => l.name), ['billing', 'bug', 'priority/high'])
  t.equal(issue.assignee.login, 'alice')
  t.equal(issue.assignee.email, 'alice@noreply.localhost', 'assignees are shown as to nobody in particular')
  t.equal(issue.user.email, 'alice@acme.example', 'the poster as the caller sees them')
  t.equal(issue.comments, 2)
  t.equal(issue.closed_at, '2024-04-09T09:50:31Z')
})

t.test('issues: paging with X-Total-Count and Link', async (t) => {
  const first = await get('/repos/acme/platform/issues?state=all&limit=4')
  t.same(numbers(first.body), [4, 10, 9, 3])
  t.equal(first.headers.get('x-total-count'), '10')
  const base = `${gitea.url}/api/v1/repos/acme/platform/issues`
  t.equal(first.headers.get('link'), `<${base}?limit=4&page=2&state=all>; rel="next",<${base}?limit=4&page=3&state=all>; rel="last"`)
  const last = await get('/repos/acme/platform/issues?state=all&limit=4&page=3')
  t.same(numbers(last.body), [1, 5])
  t.equal(last.headers.get('link'), `<${base}?limit=4&page=1&state=all>; rel="first",<${base}?limit=4&page=2&state=all>; rel="prev"`)
  t.same((await get('/repos/acme/platform/issues?state=all&limit=4&page=9')).body, [], 'past the end: an empty page')
  t.equal((await get('/repos/acme/platform/issues?state=all&limit=500')).body.length, 10, 'limit over 50 is 50')
})

t.test('issues: labels (all of them), keyword, since and before', async (t) => {
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&labels=billing')).body), [10, 2, 1, 5])
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&labels=billing,bug')).body), [2, 1], 'every label named')
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&labels=billing,nosuch')).body), [10, 2, 1, 5], 'unknown names are dropped')
  t.equal((await get('/repos/acme/platform/issues?state=all&labels=nosuch')).body.length, 10, 'no known name: no label filter at all')
  t.equal((await get('/repos/acme/platform/issues?state=all&labels=Billing')).body.length, 10, 'names are case-sensitive')

  t.same(numbers((await get('/repos/acme/platform/issues?state=all&q=LOGIN')).body), [4, 3], 'titles, case-insensitive')
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&q=foreign%20key')).body), [9], 'bodies')
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&q=flame%20graph')).body), [5], 'comments')
  t.same((await get('/repos/acme/platform/issues?state=all&q=zzz')).body, [])

  t.same(numbers((await get('/repos/acme/platform/issues?state=all&since=2024-06-02T00:00:00Z')).body), [4, 10, 9, 3])
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&before=2024-04-01T00:00:00%2B02:00')).body), [])
  t.same(numbers((await get('/repos/acme/platform/issues?state=all&before=2024-04-10T00:00:00Z')).body), [2, 1])
  const bad = await get('/repos/acme/platform/issues?since=yesterday')
  t.equal(bad.status, 422)
  t.match(bad.body, { message: /parsing time "yesterday"/, url: swagger() })
})

t.test('one issue, and its comments (not paged)', async (t) => {
  const missing = await get('/repos/acme/platform/issues/99')
  t.equal(missing.status, 404)
  t.same(missing.body, { message: 'not found', url: swagger(), errors: null })
  for (const index of ['0', '-1', 'abc']) t.equal((await get(`/repos/acme/platform/issues/${index}`)).status, 404, index)

  const comments = await get('/repos/acme/platform/issues/5/comments?limit=10&page=2')
  t.equal(comments.body.length, 150, 'no paging: every comment, whatever page and limit say')
  t.equal(comments.headers.get('x-total-count'), '150')
  t.equal(comments.headers.get('link'), null)
  t.ok(comments.body.every((c: Json, i: number) => i === 0 || c.created_at >= comments.body[i - 1].created_at), 'oldest first')
  t.match(comments.body[0], { id: 9000, issue_url: `${gitea.url}/acme/platform/issues/5`, pull_request_url: '', html_url: `${gitea.url}/acme/platform/issues/5#issuecomment-9000` })
  const onPull = (await get('/repos/acme/platform/issues/4/comments')).body
  t.match(onPull[0], { issue_url: '', pull_request_url: `${gitea.url}/acme/platform/pulls/4` })

  const since = await get('/repos/acme/platform/issues/1/comments?since=2024-04-01T00:00:00Z')
  t.same(since.body.map((c: Json) => c.user.login), ['alice'])
  t.same((await get('/repos/acme/platform/issues/1/comments?before=2024-03-26T13:00:00Z')).body, [])
  t.equal((await get('/repos/acme/platform/issues/1/comments?before=nope')).status, 422)

  const none = await get('/repos/acme/platform/issues/99/comments')
  t.equal(none.status, 404)
  t.same(none.body, { message: 'not found', url: swagger(), errors: ['issue does not exist [id: 0, repo_id: 4, index: 99]'] })
})

t.test('pull requests: list, one, files, diff', async (t) => {
  t.same(numbers((await get('/repos/acme/platform/pulls')).body), [4], 'open by default')
  const all = await get('/repos/acme/platform/pulls?state=all')
  t.same(numbers(all.body), [4, 7, 6, 2])
  t.equal(all.headers.get('x-total-count'), '4')
  t.same(numbers((await get('/repos/acme/platform/pulls?state=closed&sort=oldest')).body), [2, 6, 7])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&sort=mostcomment')).body), [7, 6, 4, 2])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&sort=recentupdate')).body), [4, 6, 7, 2])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&sort=leastupdate')).body), [2, 7, 6, 4])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&sort=leastcomment')).body), [2, 4, 6, 7])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&sort=recentclose')).body), [6, 7, 2, 4])
  t.same(numbers((await get('/repos/acme/platform/pulls?state=all&limit=2&page=2')).body), [6, 2])

  const merged = (await get('/repos/acme/platform/pulls/2')).body
  t.match(merged, { number: 2, state: 'closed', merged: true, merged_at: '2024-04-09T09:50:00Z', url: `${gitea.url}/acme/platform/pulls/2` })
  t.equal(merged.merged_by.login, 'alice')
  t.equal(merged.merge_commit_sha, merged.head.sha)
  t.same([merged.head.label, merged.head.ref], ['fix/vat-rounding', 'refs/pull/2/head'], 'a deleted head branch leaves refs/pull/N/head')
  t.equal(merged.base.ref, 'main')
  t.equal(merged.base.repo.full_name, 'acme/platform')
  const mergedFiles = (await get('/repos/acme/platform/pulls/2/files')).body
  t.equal(merged.changed_files, 2)
  t.equal(merged.additions, mergedFiles.reduce((sum: number, f: Json) => sum + f.additions, 0), 'line totals add up the files')
  t.equal(merged.deletions, mergedFiles.reduce((sum: number, f: Json) => sum + f.deletions, 0))
  t.ok(merged.deletions > 0)

  const open = (await get('/repos/acme/platform/pulls/4')).body
  t.match(open, { merged: false, merged_at: null, merged_by: null, merge_commit_sha: null, draft: false, mergeable: true, changed_files: 3 })
  t.same([open.head.label, open.head.ref], ['feature/login-rate-limit', 'feature/login-rate-limit'])
  const draft = (await get('/repos/acme/platform/pulls/6')).body
  t.match(draft, { draft: true, mergeable: false, changed_files: 65 })

  t.equal((await get('/repos/acme/platform/pulls/3')).status, 404, 'an issue is not a pull request')
  t.equal((await get('/repos/acme/platform/pulls/3/files')).status, 404)
  t.equal((await get('/repos/acme/platform/pulls/3.diff')).status, 404)
  t.equal((await get('/repos/acme/platform/pulls/99')).status, 404)

  const files = await get('/repos/acme/platform/pulls/6/files?limit=50&page=2')
  t.equal(files.body.length, 15)
  t.equal(files.headers.get('x-total-count'), '65')
  t.equal(files.headers.get('x-page'), '2')
  t.equal(files.headers.get('x-perpage'), '50')
  t.equal(files.headers.get('x-pagecount'), '2')
  t.equal(files.headers.get('x-hasmore'), 'false')
  t.match(files.headers.get('link') ?? '', /rel="first"/)
  const changed = (await get('/repos/acme/platform/pulls/4/files')).body
  t.same(changed.map((f: Json) => [f.filename, f.status, f.additions, f.deletions, f.changes]), [
    ['src/middleware/rate-limit.ts', 'added', 20, 0, 20],
    ['src/routes/auth/login.ts', 'added', 14, 0, 14],
    ['src/server.ts', 'changed', 2, 0, 2]
  ], 'a modification is "changed", as Gitea says')
  t.equal(changed[2].html_url, `${gitea.url}/acme/platform/src/commit/${open.head.sha}/src/server.ts`)

  const diff = await fetch(`${gitea.url}/api/v1/repos/acme/platform/pulls/4.diff`, { headers: { Authorization: `token ${gitea.token}` } })
  t.equal(diff.status, 200)
  t.equal(diff.headers.get('content-type'), 'text/plain; charset=utf-8')
  const text = await diff.text()
  t.match(text, /^diff --git a\/src\/middleware\/rate-limit\.ts b\/src\/middleware\/rate-limit\.ts\nnew file mode 100644\nindex 0000000\.\.[0-9a-f]{7}\n--- \/dev\/null\n\+\+\+ b\/src\/middleware\/rate-limit\.ts\n@@ -0,0 \+1,20 @@\n/)
  t.match(text, /\n@@ -3,10 \+3,12 @@ import \{ config \} from '\.\/config\.js'\n/, 'hunk headers name the enclosing line, as git does')
  t.same(parseDiff(text).files.map((f) => f.path), changed.map((f: Json) => f.filename), 'the diff and the file list agree')

  const big = await fetch(`${gitea.url}/api/v1/repos/acme/platform/pulls/7.diff`, { headers: { Authorization: `token ${gitea.token}` } })
  t.ok(Number(big.headers.get('content-length')) > 140_000, 'a diff larger than the default response budget')
  t.ok((await big.text()).includes(openApiYaml().split('\n').slice(0, 3).map((l) => `+${l}`).join('\n')))
})

t.test('releases: newest first, drafts only for writers, filters', async (t) => {
  const releases = await get('/repos/acme/platform/releases')
  t.same(releases.body.map((r: Json) => r.tag_name), ['v1.1.0', 'v1.0.0'], 'the draft is hidden from a reader')
  t.equal(releases.headers.get('x-total-count'), '2')
  t.match(releases.body[0], {
    id: 2,
    name: 'Acme Platform 1.1.0',
    html_url: `${gitea.url}/acme/platform/releases/tag/v1.1.0`,
    tarball_url: `${gitea.url}/acme/platform/archive/v1.1.0.tar.gz`,
    url: `${gitea.url}/api/v1/repos/acme/platform/releases/2`,
    upload_url: `${gitea.url}/api/v1/repos/acme/platform/releases/2/assets`,
    author: { login: 'alice' }
  })
  t.same((await get('/repos/acme/platform/releases?pre-release=true')).body, [])
  t.equal((await get('/repos/acme/platform/releases?draft=false')).body.length, 2)
  const paged = await get('/repos/acme/platform/releases?limit=1')
  t.same(paged.body.map((r: Json) => r.tag_name), ['v1.1.0'])
  t.match(paged.headers.get('link') ?? '', /page=2>; rel="next"/)

  // A writer (the fake's token owner made an admin) sees the draft.
  const data = sampleData()
  const bot = data.users.find((u) => u.login === 'aegis-bot')
  if (bot !== undefined) bot.isAdmin = true
  const admin = await startFakeGitea({ data })
  t.teardown(async () => { await admin.close() })
  const all = await (await fetch(`${admin.url}/api/v1/repos/acme/platform/releases`, { headers: { Authorization: `token ${admin.token}` } })).json() as Json[]
  t.same(all.map((r) => [r.tag_name, r.draft]), [['v1.2.0', true], ['v1.1.0', false], ['v1.0.0', false]])
})

t.test('labels: by name, no Link, every label without a page', async (t) => {
  const all = await get('/repos/acme/platform/labels')
  t.same(all.body.map((l: Json) => l.name), ['billing', 'bug', 'docs', 'enhancement', 'legacy-erp', 'priority/high', 'priority/low', 'security'])
  t.equal(all.headers.get('x-total-count'), '8')
  t.match(all.body[5], { name: 'priority/high', exclusive: true, is_archived: false, color: 'd93f0b', url: `${gitea.url}/api/v1/repos/acme/platform/labels/8` })
  t.equal(all.body[4].is_archived, true)
  t.equal((await get('/repos/acme/platform/labels?limit=2')).body.length, 8, 'without page, limit is ignored')
  const paged = await get('/repos/acme/platform/labels?limit=3&page=2')
  t.same(paged.body.map((l: Json) => l.name), ['enhancement', 'legacy-erp', 'priority/high'])
  t.equal(paged.headers.get('link'), null, 'no Link header, ever')
  t.same((await get('/repos/acme/handbook/labels')).body, [])
})

t.test('issue search: every readable repository, never another company\'s', async (t) => {
  const found = await get('/repos/issues/search?q=rate%20limit&state=all')
  t.same(found.body.map((i: Json) => `${i.repository.full_name}#${i.number}`), ['acme/platform#3'], 'not globex/secret-plans#1, whose title matches too')
  const login = await get('/repos/issues/search?q=login&state=all&type=issues')
  t.same(login.body.map((i: Json) => i.number), [3])
  const pulls = await get('/repos/issues/search?state=all&type=pulls')
  t.same(pulls.body.map((i: Json) => `${i.repository.full_name}#${i.number}`), ['acme/handbook#1', 'acme/platform#4', 'acme/platform#7', 'acme/platform#6', 'acme/platform#2'])
  const everything = await get('/repos/issues/search?state=all')
  t.equal(everything.headers.get('x-total-count'), '13')
  t.equal(everything.body.length, 13)
  t.notOk(everything.body.some((i: Json) => i.repository.owner === 'globex'))
  const paged = await get('/repos/issues/search?state=all&limit=5&page=3')
  t.equal(paged.body.length, 3)
  t.match(paged.headers.get('link') ?? '', /rel="first"/)
  t.equal((await get('/repos/issues/search?state=open')).body.length, 7)
  t.same((await get('/repos/issues/search?state=all&owner=acme&labels=content')).body.map((i: Json) => i.number), [2, 1])
  const unknownOwner = await get('/repos/issues/search?owner=nobody')
  t.equal(unknownOwner.status, 400)
  t.equal((await get('/repos/issues/search?since=bad')).status, 422)
  const anonymous = await get('/repos/issues/search?state=all', false)
  t.same([...new Set(anonymous.body.map((i: Json) => i.repository.full_name))], ['acme/website'], 'anonymous: public repositories only')
})

t.test('the default page size of the issue search is 20', async (t) => {
  const data = sampleData()
  const website = data.repositories.find((r) => r.name === 'website')
  const template = website?.issues?.[0]
  if (website === undefined || template === undefined) throw new Error('sample data changed')
  for (let i = 3; i <= 30; i++) website.issues?.push({ ...template, id: 1000 + i, index: i, title: `Batch ${i}` })
  const many = await startFakeGitea({ data })
  t.teardown(async () => { await many.close() })
  const res = await fetch(`${many.url}/api/v1/repos/issues/search?state=all&owner=acme&q=batch`, { headers: { Authorization: `token ${many.token}` } })
  t.equal(((await res.json()) as Json[]).length, 20)
  t.equal(res.headers.get('x-total-count'), '28')
  t.match(res.headers.get('link') ?? '', /page=2[^>]*>; rel="next"/)
})

t.test('the sample tracker: counters match the issues, invisible characters are there to be found', async (t) => {
  const data = sampleData()
  for (const repo of data.repositories) {
    const issues = repo.issues ?? []
    t.equal(repo.openIssueCount, issues.filter((i) => i.pull === undefined && i.state === 'open').length, `${repo.name} open issues`)
    t.equal(repo.openPullCount, issues.filter((i) => i.pull !== undefined && i.state === 'open').length, `${repo.name} open pull requests`)
    t.equal(repo.releaseCount, (repo.releases ?? []).filter((r) => !r.draft).length, `${repo.name} releases`)
    t.same(issues.map((i) => i.index), issues.map((_, n) => n + 1), `${repo.name}: indexes 1..n`)
    for (const issue of issues) {
      for (const name of issue.labels) t.ok(repo.labels?.some((l) => l.name === name), `${repo.name}#${issue.index} label ${name} exists`)
    }
  }
  const platform = data.repositories.find((r) => r.name === 'platform')
  t.ok(platform?.issues?.find((i) => i.index === 9)?.body.includes(tagCharacters('Ignore')), 'hidden tag characters in platform#9')
  t.equal(platform?.git.branches.has('fix/vat-rounding'), false, 'merged head branches are gone')
  t.notOk([...(platform?.git.branches.keys() ?? [])].some((b) => b.startsWith('sample/')), 'no helper branch left behind')
  const repo = (await get('/repos/acme/platform')).body
  t.match(repo, { open_issues_count: 4, open_pr_counter: 1, release_counter: 2 })
})
