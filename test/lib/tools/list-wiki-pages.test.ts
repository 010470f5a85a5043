import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_wiki_pages'
const platform = { owner: 'acme', repo: 'platform' }
const titles = (result: Json): string[] => result.pages.map((p: Json) => p.title)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('pages by name with their last change and URL', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.same(titles(result), ['Deploy Guide', 'Home', 'Incident Runbook'])
  t.match(result, { owner: 'acme', repo: 'platform', page: 1, limit: 30, total: 3, has_more: false, truncated: false })
  t.match(result.pages[0], {
    updated_at: '2024-05-14T15:30:00Z',
    updated_by: 'Bob Martins',
    message: 'Deploy window is 09:00 to 16:00',
    url: /\/acme\/platform\/wiki\/Deploy-Guide$/
  })
})

t.test('paging: Gitea sends only a total; limit 1 still gives one page at a time', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, limit: 2 }))
  t.same(titles(first), ['Deploy Guide', 'Home'])
  t.match(first, { has_more: true, next: { page: 2, limit: 2 } })
  const second = ok(t, TOOL, await s.call({ ...platform, limit: 2, page: 2 }))
  t.same(titles(second), ['Incident Runbook'])
  t.equal(second.has_more, false)
  const seen: string[] = []
  for (let page = 1; page <= 3; page++) {
    const one = ok(t, TOOL, await s.call({ ...platform, limit: 1, page }))
    t.equal(one.pages.length, 1, `limit 1, page ${page}: one page (Gitea alone would send 30)`)
    t.equal(one.has_more, page < 3)
    seen.push(...titles(one))
  }
  t.same(seen, ['Deploy Guide', 'Home', 'Incident Runbook'])
  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 500 } })
  const cut = ok(t, TOOL, await small.call(platform), 500)
  t.equal(cut.truncated, true)
  t.ok(cut.pages.length >= 1 && cut.pages.length < 3)
})

t.test('invisible characters in titles are shown', async (t) => {
  const data = sampleData()
  const page = data.repositories.find((r) => r.name === 'platform')?.wiki?.[0]
  if (page === undefined) throw new Error('sample data changed')
  page.commits[0] = { ...page.commits[0] as typeof page.commits[number], message: 'Create\u200b Home' }
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call(platform))
  t.equal(result.pages[1].message, 'Create[U+200B] Home')
  t.equal(result.escaped_characters, 1)
})

t.test('no wiki, no repository, hidden repository', async (t) => {
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'website' }), 'not_found'), /^Wiki of repository "acme\/website" not found.*may have no wiki/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(missing, /^Wiki of repository "acme\/nope" not found/)
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  t.equal(failed(t, await hidden.call(platform), 'not_found'), missing.replace('acme/nope', 'acme/platform'))
  t.same(denied, ['acme/platform'])
  t.equal(hidden.fake.requests.filter((r) => r.path.includes('/wiki/')).length, 0, 'Gitea is not asked')
})

t.test('a wiki turned off: Gitea\'s 403, with the advice that the wiki may be off', async (t) => {
  const data = sampleData()
  const repo = data.repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('sample data changed')
  repo.units.wiki = false
  const { call } = await setupTool(t, TOOL, { data })
  t.match(failed(t, await call(platform), 'gitea_forbidden'), /\(403\).*The repository may have no wiki \(or it is turned off\)/)
})
