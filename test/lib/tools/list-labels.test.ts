import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_labels'
const platform = { owner: 'acme', repo: 'platform' }
const names = (result: Json): string[] => result.labels.map((l: Json) => l.name)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('labels by name, with scoped and archived ones', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.same(names(result), ['billing', 'bug', 'docs', 'enhancement', 'legacy-erp', 'priority/high', 'priority/low', 'security'])
  t.match(result, { page: 1, limit: 30, total: 8, has_more: false, truncated: false })
  t.same(result.labels[5], { name: 'priority/high', color: 'd93f0b', description: 'Look at this first', exclusive: true, archived: false })
  t.equal(result.labels[4].archived, true)
  t.same(ok(t, TOOL, await s.call({ owner: 'acme', repo: 'handbook' })).labels, [])
})

t.test('paging without a Link header: the total says when there is more', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, limit: 3 }))
  t.same(names(first), ['billing', 'bug', 'docs'])
  t.match(first, { has_more: true, next: { page: 2, limit: 3 } })
  const last = ok(t, TOOL, await s.call({ ...platform, limit: 3, page: 3 }))
  t.same(names(last), ['priority/low', 'security'])
  t.equal(last.has_more, false)
  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 500 } })
  const cut = ok(t, TOOL, await small.call(platform), 500)
  t.equal(cut.truncated, true)
  t.ok(cut.labels.length >= 1 && cut.labels.length < 8)
})

t.test('invisible characters in names and descriptions', async (t) => {
  const data = sampleData()
  const label = data.repositories.find((r) => r.name === 'platform')?.labels?.find((l) => l.name === 'docs')
  if (label === undefined) throw new Error('sample data changed')
  label.description = 'Documentation\u2066 (hidden)\u2069'
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call(platform))
  t.equal(result.labels[2].description, 'Documentation[U+2066] (hidden)[U+2069]')
  t.match(result.note, /^2 invisible Unicode character/)
})

t.test('bad input and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'plat form' }), 'invalid_arguments'), /`repo` must be a repository name/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(missing, /^Labels of repository "acme\/nope" not found/)
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website' })
  t.equal(failed(t, await hidden.call(platform), 'not_found'), missing.replace('acme/nope', 'acme/platform'))
})
