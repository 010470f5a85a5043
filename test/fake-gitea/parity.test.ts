// Issue 14's endpoints in the fake Gitea: every body checked against the
// Gitea 1.26.3 spec's definitions, and the behaviour handlers-parity.ts keeps
// from Gitea (paging headers, defaults, who sees what).
import t from 'tap'
import { type FakeGitea, startFakeGitea } from './server.js'
import { sampleData } from './sample-data.js'
import { validateArrayOf, validateDefinition } from '../helpers/gitea-spec.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function get (path: string): Promise<{ status: number, body: any, headers: Headers }> {
  const res = await fetch(gitea.url + '/api/v1' + path, { headers: { Authorization: `token ${gitea.token}` } })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

const platform = '/repos/acme/platform'

t.test('bodies match the spec', async (t) => {
  const single: Array<[string, string]> = [
    [`${platform}/wiki/page/Home`, 'WikiPage'],
    [`${platform}/wiki/page/Deploy-Guide`, 'WikiPage'],
    [`${platform}/commits/main/status`, 'CombinedStatus']
  ]
  for (const [path, definition] of single) {
    const { status, body } = await get(path)
    t.equal(status, 200, path)
    t.same(validateDefinition(definition, body), [], `${path} is a valid ${definition}`)
  }
  const lists: Array<[string, string]> = [
    [`${platform}/wiki/pages`, 'WikiPageMetaData'],
    [`${platform}/milestones?state=all`, 'Milestone'],
    [`${platform}/pulls/4/reviews`, 'PullReview'],
    [`${platform}/pulls/4/reviews/101/comments`, 'PullReviewComment']
  ]
  for (const [path, definition] of lists) {
    const { status, body } = await get(path)
    t.equal(status, 200, path)
    t.ok(Array.isArray(body) && body.length > 0, `${path}: a non-empty array`)
    t.same(validateArrayOf(definition, body), [], `${path}: valid ${definition} items`)
  }
})

t.test('wiki: file order, X-Total-Count without Link, limit <= 1 means 30, base64 content, 404 without a wiki', async (t) => {
  const all = await get(`${platform}/wiki/pages`)
  t.same(all.body.map((p: any) => p.title), ['Deploy Guide', 'Home', 'Incident Runbook'])
  t.equal(all.body[0].sub_url, 'Deploy-Guide')
  t.match(all.body[0].html_url, /\/acme\/platform\/wiki\/Deploy-Guide$/)
  t.equal(all.body[0].last_commit.message, 'Deploy window is 09:00 to 16:00')
  t.equal(all.headers.get('x-total-count'), '3')
  const second = await get(`${platform}/wiki/pages?page=2&limit=2`)
  t.same(second.body.map((p: any) => p.title), ['Incident Runbook'])
  t.equal(second.headers.get('link'), null, 'Gitea sends no Link header for wiki pages')
  t.equal((await get(`${platform}/wiki/pages?limit=1`)).body.length, 3, 'limit=1 is read as the default')
  const page = (await get(`${platform}/wiki/page/Deploy-Guide`)).body
  t.match(Buffer.from(page.content_base64, 'base64').toString('utf8'), /^# Deploy Guide\n/)
  t.equal(page.commit_count, 2)
  t.equal(page.sidebar, '')
  t.equal((await get(`${platform}/wiki/page/Nope`)).status, 404)
  t.equal((await get('/repos/acme/website/wiki/pages')).status, 404, 'no wiki')
})

t.test('wiki unit off: 403', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.units.wiki = false
  const off = await startFakeGitea({ data })
  t.teardown(async () => { await off.close() })
  const res = await fetch(`${off.url}/api/v1/repos/acme/platform/wiki/pages`, { headers: { Authorization: `token ${off.token}` } })
  t.equal(res.status, 403)
})

t.test('milestones: open by default, due date order (none last), paged with Link', async (t) => {
  const open = await get(`${platform}/milestones`)
  t.same(open.body.map((m: any) => m.title), ['v1.2', 'v1.3', 'Someday'])
  t.equal(open.body[2].due_on, null)
  t.same((await get(`${platform}/milestones?state=closed`)).body.map((m: any) => m.title), ['v1.1'])
  const first = await get(`${platform}/milestones?state=all&limit=2`)
  t.same(first.body.map((m: any) => m.title), ['v1.1', 'v1.2'])
  t.equal(first.headers.get('x-total-count'), '4')
  t.match(first.headers.get('link'), /[?&]page=2&state=all>; rel="next"/)
  t.same((await get(`${platform}/milestones?state=all&name=V1`)).body.length, 3)
})

t.test('reviews: oldest first, pending hidden from others, comments with line positions, 404s', async (t) => {
  const reviews = await get(`${platform}/pulls/4/reviews`)
  t.same(reviews.body.map((r: any) => [r.id, r.state]), [[101, 'REQUEST_CHANGES'], [102, 'APPROVED']], "bob's pending review is not shown to the bot")
  t.equal(reviews.headers.get('x-total-count'), '3')
  const comments = (await get(`${platform}/pulls/4/reviews/101/comments`)).body
  t.same(comments.map((c: any) => [c.path, c.position, c.original_position]),
    [['src/middleware/rate-limit.ts', 3, 0], ['src/routes/auth/login.ts', 0, 4]])
  t.equal((await get(`${platform}/pulls/4/reviews/103/comments`)).status, 403, 'someone else\'s pending review')
  t.equal((await get(`${platform}/pulls/4/reviews/104/comments`)).status, 404, 'a review of another pull request')
  t.equal((await get(`${platform}/pulls/1/reviews`)).status, 404, 'an issue is not a pull request')
})

t.test('combined status: newest per context, worst state, empty for a ref without statuses', async (t) => {
  const { body, headers } = await get(`${platform}/commits/main/status`)
  t.equal(body.state, 'failure')
  t.same(body.statuses.map((s: any) => [s.context, s.status]), [['ci/build', 'success'], ['ci/test', 'failure'], ['security/scan', 'success']])
  t.equal(body.total_count, 3)
  t.equal(headers.get('x-total-count'), '3')
  const none = (await get(`${platform}/commits/v1.0.0/status`)).body
  t.same([none.state, none.statuses, none.total_count], ['', null, 0])
})
