import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_milestones'
const platform = { owner: 'acme', repo: 'platform' }
const titles = (result: Json): string[] => result.milestones.map((m: Json) => m.title)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('open milestones, soonest due first, with their issue counts', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.same(titles(result), ['v1.2', 'v1.3', 'Someday'])
  t.match(result, { owner: 'acme', repo: 'platform', state: 'open', page: 1, limit: 30, total: 3, has_more: false })
  t.same(result.milestones[0], {
    id: 2,
    title: 'v1.2',
    state: 'open',
    description: 'Login hardening and faster invoice export.',
    due_on: '2024-07-01T00:00:00Z',
    open_issues: 3,
    closed_issues: 1,
    closed_at: null,
    updated_at: '2024-06-04T09:10:00Z'
  })
  t.equal(result.milestones[2].due_on, null, 'no due date')
  const closed = ok(t, TOOL, await s.call({ ...platform, state: 'closed' }))
  t.same(titles(closed), ['v1.1'])
  t.match(closed.milestones[0], { state: 'closed', closed_at: '2024-04-10T08:00:00Z', open_issues: 0, closed_issues: 2 })
  t.same(ok(t, TOOL, await s.call({ owner: 'acme', repo: 'website' })).milestones, [], 'a repository without milestones')
})

t.test('paging with Link and a total', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, state: 'all', limit: 3 }))
  t.same(titles(first), ['v1.1', 'v1.2', 'v1.3'])
  t.match(first, { total: 4, has_more: true, next: { page: 2, limit: 3 } })
  const last = ok(t, TOOL, await s.call({ ...platform, state: 'all', limit: 3, page: 2 }))
  t.same(titles(last), ['Someday'])
  t.equal(last.has_more, false)
  const sent = s.fake.requests.at(-1)
  t.match(sent?.query, /state=all/, 'the state is passed to Gitea')
})

t.test('invisible characters in titles and descriptions', async (t) => {
  const data = sampleData()
  const milestone = data.repositories.find((r) => r.name === 'platform')?.milestones?.find((m) => m.id === 2)
  if (milestone === undefined) throw new Error('sample data changed')
  milestone.description = 'Ship\u202e it'
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call(platform))
  t.equal(result.milestones[0].description, 'Ship[U+202E] it')
  t.equal(result.escaped_characters, 1)
})

t.test('bad input, missing and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, state: 'done' }), 'invalid_arguments'), /`state` must be one of \["open","closed","all"\]/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(missing, /^Milestones of repository "acme\/nope" not found.*list_repositories/)
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website' })
  t.equal(failed(t, await hidden.call(platform), 'not_found'), missing.replace('acme/nope', 'acme/platform'))
})
