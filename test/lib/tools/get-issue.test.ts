import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_issue'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('an issue with its comments', async (t) => {
  const before = s.fake.requests.length
  const result = ok(t, TOOL, await s.call({ ...platform, index: 1 }))
  t.match(result, {
    owner: 'acme',
    repo: 'platform',
    number: 1,
    title: 'VAT is off by a cent on invoices with many lines',
    state: 'closed',
    is_pull_request: false,
    author: 'alice',
    labels: ['billing', 'bug', 'priority/high'],
    assignees: ['alice'],
    locked: false,
    created_at: '2024-03-26T10:02:11Z',
    closed_at: '2024-04-09T09:50:31Z',
    url: `${s.fake.url}/acme/platform/issues/1`,
    body: /^Finance reported invoice 2024-0311/,
    body_truncated: false,
    comments_total: 2,
    comments_from: 1,
    comments_truncated: false
  })
  t.same(result.comments.map((c: Json) => [c.author, c.body]), [
    ['bob', 'Confirmed with the fixture customer C-000412: 18 lines, 2 cents off.'],
    ['alice', 'Fixed in #2. Finance will credit the affected invoices.']
  ])
  t.equal(result.comments[0].url, `${s.fake.url}/acme/platform/issues/1#issuecomment-4100`)
  t.notOk('next' in result)
  t.notOk('note' in result)
  t.equal(s.requestsSince(before).length, 2, 'the issue and its comments')
  const quiet = ok(t, TOOL, await s.call({ ...platform, index: 10 }))
  t.match(quiet, { comments_total: 0, comments: [], comments_truncated: false })
})

t.test('a pull request number reads as one, with a pointer to the pull request tools', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 4 }))
  t.match(result, { is_pull_request: true, title: 'Rate-limit login attempts per IP', comments_total: 1 })
  t.match(result.note, /#4 is a pull request: get_pull_request/)
})

t.test('150 comments: cut to fit, and `next` reads the rest without repeating any', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, index: 5 }))
  t.equal(first.comments_total, 150)
  t.equal(first.comments_truncated, true)
  t.ok(first.comments.length > 20 && first.comments.length < 150, `${first.comments.length as number} comments fit`)
  t.same(first.next, { comments_from: first.comments.length + 1 })
  t.match(first.note, new RegExp(`Comments 1 to ${first.comments.length as number} of 150 shown \\(cut to fit the response size limit\\): call get_issue again with comments_from ${first.comments.length + 1 as number}`))
  const ids: number[] = first.comments.map((c: Json) => c.id)
  let next = first.next
  let calls = 0
  while (next !== undefined && calls++ < 10) {
    const page = ok(t, TOOL, await s.call({ ...platform, index: 5, ...next }))
    t.equal(page.body, '', 'past the first page the description is left out')
    t.match(page.note, /The description is left out after the first comments/)
    ids.push(...page.comments.map((c: Json) => c.id))
    next = page.next
  }
  t.same(ids, Array.from({ length: 150 }, (_, i) => 9000 + i), 'every comment once, in order')
  const last = ok(t, TOOL, await s.call({ ...platform, index: 5, comments_from: 150 }))
  t.same(last.comments.map((c: Json) => c.id), [9149])
  t.match(failed(t, await s.call({ ...platform, index: 5, comments_from: 151 }), 'invalid_arguments'), /`comments_from` 151 is past the last comment: #5 has 150 comments/)
  t.match(failed(t, await s.call({ ...platform, index: 10, comments_from: 2 }), 'invalid_arguments'), /#10 has 0 comments/)
})

t.test('a huge description and huge comments are cut with a pointer to the web page', async (t) => {
  const data = sampleData()
  const issue = data.repositories.find((r) => r.name === 'platform')?.issues?.find((i) => i.index === 8)
  if (issue === undefined) throw new Error('sample data changed')
  issue.body = 'A line of the description.\n'.repeat(10_000)
  issue.comments = [0, 1, 2].map((n) => ({ id: 700 + n, author: 'bob', body: `Comment ${n}: ${'é'.repeat(60_000)}`, created: '2024-05-15T10:00:00Z', updated: '2024-05-15T10:00:00Z' }))
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call({ ...platform, index: 8 }))
  t.equal(result.body_truncated, true)
  t.match(result.body, /^A line of the description\.\n/)
  t.match(result.body, /A line of the description\.\n\n\n\[Description cut here to fit the response size limit; read it whole at http:\/\/[^ ]+\/acme\/platform\/issues\/8\.\]$/, 'cut at a line end')
  t.ok(result.comments.length >= 1)
  t.match(result.comments[0].body, /^Comment 0: é+\n\n\[Comment cut here to fit the response size limit; read it whole at http:\/\/\S+#issuecomment-700\.\]$/, 'never inside a character')

  const small = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 2500 } })
  const tiny = ok(t, TOOL, await small.call({ ...platform, index: 8 }), 2500)
  t.ok(tiny.comments.length >= 1, 'at least one comment fits, so paging moves on')
  t.same(tiny.next, { comments_from: tiny.comments.length + 1 })
  const none = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 400 } })
  t.match(failed(t, await none.call({ ...platform, index: 8 }), 'too_large'), /Issue #8 does not fit the response size limit \(MAX_RESPONSE_BYTES = 400/)
})

t.test('invisible characters in the body and comments are escaped and counted', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 9 }))
  t.match(result.body, /customer\)\.\[U\+200B\]\n/)
  t.match(result.body, /violation\.\[U\+E0049\]\[U\+E0067\]\[U\+E006E\]/)
  t.notOk(/[\u{E0000}-\u{E007F}\u200B\u202E]/u.test(JSON.stringify(result)), 'no invisible character left')
  t.equal(result.comments[0].body, 'Reproduced. The error text came from the support form: [U+202E]eulav a ton[U+202C].')
  t.match(result.note, /^53 invisible Unicode character\(s\) \(tag, bidirectional or zero-width\) were shown as \[U\+XXXX\] escapes/)
})

t.test('bad input, unknown issues, hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, index: 0 }), 'invalid_arguments'), /`index` must be >= 1 \(got number 0\)/)
  t.match(failed(t, await s.call({ ...platform, index: -3 }), 'invalid_arguments'), /`index` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, index: 1.5 }), 'invalid_arguments'), /`index` must be an integer/)
  t.match(failed(t, await s.call({ ...platform, index: '1' }), 'invalid_arguments'), /`index` must be an integer/)
  t.match(failed(t, await s.call({ ...platform, index: 2 ** 60 }), 'invalid_arguments'), /`index` must be <= 9007199254740991/)
  t.match(failed(t, await s.call(platform), 'invalid_arguments'), /missing required argument `index`/)
  t.match(failed(t, await s.call({ ...platform, index: 1, comments_from: 0 }), 'invalid_arguments'), /`comments_from` must be >= 1/)
  const unknown = failed(t, await s.call({ ...platform, index: 99 }), 'not_found')
  t.equal(unknown, 'Issue #99 in repository "acme/platform" not found, or the token cannot read it. Check the repository with list_repositories, and the number with list_issues or list_pull_requests.')
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope', index: 1 }), 'not_found')
  t.match(missing, /^Issue #1 in repository "acme\/nope" not found, or the token cannot read it/)

  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform', denied })
  const before = hidden.fake.requests.length
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'website', index: 1 }), 'not_found'), missing.replace('acme/nope', 'acme/website'))
  t.equal(hidden.fake.requests.length, before, 'never asked')
  t.ok(denied.length >= 1 && denied.every((d) => d === 'acme/website'))
})
