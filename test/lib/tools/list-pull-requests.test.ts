import t from 'tap'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_pull_requests'
const platform = { owner: 'acme', repo: 'platform' }
const numbers = (result: Json): number[] => result.pull_requests.map((p: Json) => p.number)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('open pull requests by default, with branches and flags', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.match(result, { owner: 'acme', repo: 'platform', state: 'open', page: 1, limit: 30, total: 1, has_more: false, truncated: false })
  t.same(result.pull_requests, [{
    number: 4,
    title: 'Rate-limit login attempts per IP',
    state: 'open',
    merged: false,
    draft: false,
    author: 'bob',
    base: 'main',
    head: 'feature/login-rate-limit',
    labels: ['security'],
    comments: 1,
    created_at: '2024-06-04T09:10:00Z',
    updated_at: '2024-06-04T10:30:00Z',
    closed_at: null,
    merged_at: null,
    url: `${s.fake.url}/acme/platform/pulls/4`
  }])
})

t.test('closed and all: merged, closed unmerged, drafts, deleted head branches', async (t) => {
  const closed = ok(t, TOOL, await s.call({ ...platform, state: 'closed' }))
  t.same(numbers(closed), [7, 6, 2])
  const byNumber = Object.fromEntries(closed.pull_requests.map((p: Json) => [p.number, p]))
  t.match(byNumber[2], { merged: true, merged_at: '2024-04-09T09:50:00Z', head: 'fix/vat-rounding', state: 'closed' })
  t.match(byNumber[6], { merged: false, draft: true, title: /^WIP: / })
  t.match(byNumber[7], { merged: false, draft: false, closed_at: '2024-05-31T12:00:00Z' })
  const all = ok(t, TOOL, await s.call({ ...platform, state: 'all', limit: 3 }))
  t.same(numbers(all), [4, 7, 6])
  t.match(all, { has_more: true, total: 4, next: { page: 2, limit: 3 } })
  t.same(numbers(ok(t, TOOL, await s.call({ ...platform, state: 'all', ...all.next }))), [2])
  t.same(ok(t, TOOL, await s.call({ owner: 'acme', repo: 'website', state: 'all' })).pull_requests, [])
})

t.test('pages cut to fit', async (t) => {
  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 1100 } })
  const seen: number[] = []
  let args: Json = { ...platform, state: 'all' }
  for (let i = 0; i < 10 && args !== undefined; i++) {
    const page = ok(t, TOOL, await small.call(args), 1100)
    seen.push(...numbers(page))
    args = page.next === undefined ? undefined : { ...platform, state: 'all', ...page.next }
  }
  t.same(seen, [4, 7, 6, 2], 'every pull request once')
  const tiny = await setupTool(t, TOOL, { limits: { maxResponseBytes: 300 } })
  t.match(failed(t, await tiny.call(platform), 'too_large'), /Not even one pull request fits/)
})

t.test('bad input and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, state: 'merged' }), 'invalid_arguments'), /`state` must be one of/)
  t.match(failed(t, await s.call({ ...platform, limit: 51 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await s.call({ ...platform, index: 1 }), 'invalid_arguments'), /unknown argument `index`/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(missing, /^Pull requests of repository "acme\/nope" not found, or the token cannot read it\. Check the owner and name/)
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform', denied })
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'handbook' }), 'not_found'), missing.replace('acme/nope', 'acme/handbook'))
  t.same(denied, ['acme/handbook'])
})
