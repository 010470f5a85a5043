import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { RELEASE_NOTES_MAX_BYTES } from '../../../lib/tools/list-releases.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'list_releases'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('published releases, newest first; the draft stays hidden from a reader', async (t) => {
  const result = ok(t, TOOL, await s.call(platform))
  t.same(result.releases.map((r: Json) => r.tag), ['v1.1.0', 'v1.0.0'])
  t.match(result, { page: 1, limit: 30, total: 2, has_more: false, truncated: false })
  t.same(result.releases[1], {
    tag: 'v1.0.0',
    name: 'Acme Platform 1.0.0',
    draft: false,
    prerelease: false,
    author: 'alice',
    target: 'main',
    created_at: '2024-03-11T17:10:00Z',
    published_at: '2024-03-11T17:10:00Z',
    url: `${s.fake.url}/acme/platform/releases/tag/v1.0.0`,
    notes: 'First stable release.\n\n- Orders API (`/v1/orders`)\n- Invoices with VAT for six EU countries\n- Health check at `/healthz`',
    notes_truncated: false,
    assets: []
  })
  t.match(result.releases[0].notes, /The api-schemas submodule\[U\+200D\]$/, 'invisible characters escaped')
  t.match(result.note, /^1 invisible Unicode character/)
  const second = ok(t, TOOL, await s.call({ ...platform, limit: 1, page: 2 }))
  t.same(second.releases.map((r: Json) => r.tag), ['v1.0.0'])
  t.notOk('note' in second, 'the page without escapes says nothing')
  t.same(ok(t, TOOL, await s.call({ owner: 'acme', repo: 'website' })).releases, [])
})

t.test('long notes are cut per release; pages are cut to fit', async (t) => {
  const data = sampleData()
  const platformRepo = data.repositories.find((r) => r.name === 'platform')
  if (platformRepo?.releases === undefined) throw new Error('sample data changed')
  for (let i = 0; i < 12; i++) {
    platformRepo.releases.push({ id: 100 + i, tag: `v0.${i}.0`, target: 'main', name: `Pre-history ${i}`, body: `Changes in 0.${i}:\n` + '- a change worth a line of notes\n'.repeat(400), draft: false, prerelease: i % 2 === 0, author: 'bob', created: `2023-0${1 + (i % 9)}-01T00:00:00Z` })
  }
  const big = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await big.call(platform))
  const cut = result.releases.find((r: Json) => r.tag === 'v0.0.0')
  if (cut !== undefined) {
    t.equal(cut.notes_truncated, true)
    t.ok(Buffer.byteLength(JSON.stringify(cut.notes)) <= RELEASE_NOTES_MAX_BYTES)
    t.match(cut.notes, /\n\n\[Release notes cut here; read them whole at http:\/\/\S+\/releases\/tag\/v0\.0\.0\.\]$/)
  }
  t.ok(result.releases.every((r: Json) => Buffer.byteLength(JSON.stringify(r.notes)) <= RELEASE_NOTES_MAX_BYTES))
  const small = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 12_000 } })
  const tags: string[] = []
  let args: Json = platform
  for (let i = 0; i < 20 && args !== undefined; i++) {
    const page = ok(t, TOOL, await small.call(args), 12_000)
    tags.push(...page.releases.map((r: Json) => r.tag))
    args = page.next === undefined ? undefined : { ...platform, ...page.next }
  }
  t.equal(tags.length, 14, 'every release once')
  t.equal(new Set(tags).size, 14)
  const tiny = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 600 } })
  t.match(failed(t, await tiny.call(platform), 'too_large'), /Not even one release fits/)
})

t.test('bad input and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, limit: 0 }), 'invalid_arguments'), /`limit` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, tag: 'v1' }), 'invalid_arguments'), /unknown argument `tag`/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope' }), 'not_found')
  t.match(missing, /^Releases of repository "acme\/nope" not found, or the token cannot read it\. Check the owner and name/)
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website', denied })
  t.equal(failed(t, await hidden.call(platform), 'not_found'), missing.replace('acme/nope', 'acme/platform'))
  t.same(denied, ['acme/platform'])
})
