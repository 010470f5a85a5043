import t from 'tap'
import type { FakeReview } from '../../fake-gitea/data-parity.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_pull_request_reviews'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('reviews oldest first, with their line comments on both sides of the diff', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 4 }))
  t.match(result, { owner: 'acme', repo: 'platform', number: 4, reviews_total: 2, truncated: false })
  t.same(result.reviews.map((r: any) => [r.reviewer, r.state]), [['alice', 'REQUEST_CHANGES'], ['gitea-admin', 'APPROVED']],
    'a pending review of someone else is not shown')
  const [changes, approval] = result.reviews
  t.match(changes, { body: 'The limit works, but the numbers belong in the config.', submitted_at: '2024-06-04T10:30:00Z', official: true, stale: false, url: /\/acme\/platform\/pulls\/4#issuecomment-101$/ })
  t.same(changes.comments.map((c: any) => [c.path, c.line, c.side, c.author, c.body]), [
    ['src/middleware/rate-limit.ts', 3, 'new', 'alice', 'Read the window from the config (LOGIN_WINDOW_MINUTES).'],
    ['src/routes/auth/login.ts', 4, 'old', 'alice', 'This check moved: keep the old error message.']
  ])
  t.same(approval.comments, [])
  const commentCalls = s.fake.requests.filter((r) => r.path.endsWith('/comments') && r.path.includes('/reviews/'))
  t.same(commentCalls.map((r) => r.path), ['/api/v1/repos/acme/platform/pulls/4/reviews/101/comments'], 'only reviews with comments are asked for them')
  const merged = ok(t, TOOL, await s.call({ ...platform, index: 2 }))
  t.match(merged.reviews, [{ reviewer: 'bob', state: 'APPROVED', stale: true }])
  t.same(ok(t, TOOL, await s.call({ ...platform, index: 6 })).reviews, [], 'a pull request without reviews')
})

t.test('every page of reviews is read', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  const many: FakeReview[] = Array.from({ length: 57 }, (_, i) => ({
    id: 1000 + i,
    pullIndex: 7,
    reviewer: 'bob',
    state: 'COMMENT',
    body: `Round ${i + 1}`,
    commitId: '',
    stale: false,
    official: false,
    dismissed: false,
    submitted: '2024-06-01T10:00:00Z',
    updated: '2024-06-01T10:00:00Z',
    comments: []
  }))
  repo.reviews = [...(repo.reviews ?? []), ...many]
  const { call, fake } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call({ ...platform, index: 7 }))
  t.equal(result.reviews.length, 57)
  t.equal(result.reviews.at(-1).body, 'Round 57')
  t.same(fake.requests.filter((r) => r.path.endsWith('/reviews')).map((r) => r.query), ['page=1&limit=50', 'page=2&limit=50'])
})

t.test('a long thread is cut to fit, with a pointer to the pull request', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.reviews = Array.from({ length: 30 }, (_, i) => ({
    id: 2000 + i,
    pullIndex: 7,
    reviewer: 'alice',
    state: 'COMMENT' as const,
    body: `Review ${i + 1}: ${'words '.repeat(60)}`,
    commitId: '',
    stale: false,
    official: false,
    dismissed: false,
    submitted: '2024-06-01T10:00:00Z',
    updated: '2024-06-01T10:00:00Z',
    comments: [{ id: 3000 + i, author: 'alice', path: 'docs/api/README.md', line: 1, body: 'x'.repeat(200), diffHunk: '@@', created: '2024-06-01T10:00:00Z', updated: '2024-06-01T10:00:00Z' }]
  }))
  const { call } = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 4000 } })
  const result = ok(t, TOOL, await call({ ...platform, index: 7 }), 4000)
  t.equal(result.truncated, true)
  t.equal(result.reviews_total, 30)
  t.ok(result.reviews.length > 0 && result.reviews.length < 30)
  t.match(result.note, new RegExp(`^Reviews 1 to ${result.reviews.length as number} of 30 shown .* read the rest at http://.*/acme/platform/pulls/7\\.$`))
})

t.test('not a pull request, bad index, hidden repository', async (t) => {
  const missing = failed(t, await s.call({ ...platform, index: 1 }), 'not_found')
  t.match(missing, /^Pull request #1 in repository "acme\/platform" not found.*list_pull_requests/)
  t.match(failed(t, await s.call({ ...platform, index: 0 }), 'invalid_arguments'), /`index` must be >= 1/)
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  t.equal(failed(t, await hidden.call({ ...platform, index: 1 }), 'not_found'), missing)
  t.same(denied, ['acme/platform'])
})
