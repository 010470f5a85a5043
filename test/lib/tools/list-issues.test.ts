import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_issues'
const platform = { owner: 'acme', repo: 'platform' }
const numbers = (result: Json): number[] => result.issues.map((i: Json) => i.number)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('open issues, newest first, without pull requests', async (t) => {
  const before = s.fake.requests.length
  const result = ok(t, TOOL, await s.call(platform))
  t.same(numbers(result), [10, 9, 3, 5], 'open issues only: pull requests #4 and #6 are left out')
  t.match(result, { owner: 'acme', repo: 'platform', state: 'open', page: 1, limit: 30, total: 4, has_more: false, truncated: false })
  t.notOk('next' in result)
  t.notOk('note' in result, 'nothing escaped, nothing cut')
  t.same(result.issues[2], {
    number: 3,
    title: 'Login endpoint has no rate limiting',
    state: 'open',
    author: 'bob',
    labels: ['priority/high', 'security'],
    comments: 2,
    created_at: '2024-05-30T08:30:00Z',
    updated_at: '2024-06-03T11:25:00Z',
    closed_at: null,
    url: `${s.fake.url}/acme/platform/issues/3`
  })
  const sent = s.requestsSince(before)
  t.equal(sent.length, 1, 'one request')
  t.match(sent[0]?.query, /type=issues/, 'Gitea is asked for issues only')
})

t.test('state, labels and query', async (t) => {
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'closed' }))), [8, 1])
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all' }))), [10, 9, 3, 8, 1, 5])
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', labels: 'billing' }))), [10, 1, 5])
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', labels: ' billing , bug ' }))), [1], 'every label, spaces around names ignored')
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', query: 'rate limit' }))), [3])
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', query: 'flame graph' }))), [5], 'comments are searched too')
  t.same(ok(t, TOOL, await s.call({ ...platform, query: 'no such words' })).issues, [])
})

t.test('an unknown label is an error that lists the labels, not every issue', async (t) => {
  const message = failed(t, await s.call({ ...platform, labels: 'bug,Security' }), 'invalid_arguments')
  t.match(message, /acme\/platform has no label "Security"\. Its labels are "billing", "bug", .*"security" \(names are case-sensitive/)
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'handbook', labels: 'x' }), 'invalid_arguments'), /It has no labels at all/)
  t.match(failed(t, await s.call({ ...platform, labels: ' , ,' }), 'invalid_arguments'), /`labels` holds no label name/)
})

t.test('paging, and pages cut to fit', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, state: 'all', limit: 4 }))
  t.same(numbers(first), [10, 9, 3, 8])
  t.match(first, { has_more: true, total: 6, next: { page: 2, limit: 4 } })
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', ...first.next }))), [1, 5])

  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 1200 } })
  const cut = ok(t, TOOL, await small.call({ ...platform, state: 'all' }), 1200)
  t.equal(cut.truncated, true)
  t.ok(cut.issues.length >= 1 && cut.issues.length < 6)
  const seen: number[] = numbers(cut)
  let next = cut.next
  while (next !== undefined) {
    const page = ok(t, TOOL, await small.call({ ...platform, state: 'all', ...next }), 1200)
    seen.push(...numbers(page))
    next = page.next
  }
  t.same(seen, [10, 9, 3, 8, 1, 5], 'following next gives every issue once')
  const tiny = await setupTool(t, TOOL, { limits: { maxResponseBytes: 300 } })
  t.match(failed(t, await tiny.call(platform), 'too_large'), /Not even one issue fits/)
})

t.test('invisible characters in titles are escaped, and the result says so', async (t) => {
  const data = sampleData()
  const issue = data.repositories.find((r) => r.name === 'platform')?.issues?.find((i) => i.index === 10)
  if (issue === undefined) throw new Error('sample data changed')
  issue.title = 'Reverse charge\u200b VAT\u{E0041}'
  issue.labels = ['billing']
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call(platform))
  t.equal(result.issues[0].title, 'Reverse charge[U+200B] VAT[U+E0041]')
  t.match(result.note, /^2 invisible Unicode character\(s\)/)
  const other = ok(t, TOOL, await call({ ...platform, state: 'closed' }))
  t.notOk('note' in other, 'only pages that show escaped text say so')
})

t.test('bad input, missing and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, state: 'merged' }), 'invalid_arguments'), /`state` must be one of \["open","closed","all"\]/)
  t.match(failed(t, await s.call({ ...platform, limit: 1000 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await s.call({ ...platform, page: 0 }), 'invalid_arguments'), /`page` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, query: '' }), 'invalid_arguments'), /`query` must be at least 1 character/)
  t.match(failed(t, await s.call({ owner: 'acme' }), 'invalid_arguments'), /missing required argument `repo`/)
  t.match(failed(t, await s.call({ ...platform, type: 'pulls' }), 'invalid_arguments'), /unknown argument `type`/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.equal(missing, 'Issues of repository "acme/nope" not found, or the token cannot read it. Check the owner and name with list_repositories or search (names are as Gitea shows them in "owner/repo").')
  t.equal(failed(t, await s.call({ owner: 'globex', repo: 'secret-plans' }), 'not_found'), missing.replace('acme/nope', 'globex/secret-plans'), 'unreadable looks missing')

  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/ghost', denied })
  const before = hidden.fake.requests.length
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'website' }), 'not_found'), missing.replace('acme/nope', 'acme/website'), 'hidden looks missing')
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'website', labels: 'content' }), 'not_found'), failed(t, await hidden.call({ owner: 'acme', repo: 'ghost', labels: 'content' }), 'not_found').replace('acme/ghost', 'acme/website'))
  t.equal(hidden.fake.requests.length - before, 1, 'only the missing repository reached Gitea')
  t.same(denied, ['acme/website', 'acme/website'])
})
