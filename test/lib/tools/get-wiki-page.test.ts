import t from 'tap'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { failed, ok, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_wiki_page'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('a page by its title: decoded Markdown, last change, URL', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, title: 'Deploy Guide' }))
  t.match(result, {
    owner: 'acme',
    repo: 'platform',
    title: 'Deploy Guide',
    updated_at: '2024-05-14T15:30:00Z',
    updated_by: 'Bob Martins',
    message: 'Deploy window is 09:00 to 16:00',
    commit_count: 2,
    url: /\/acme\/platform\/wiki\/Deploy-Guide$/,
    text_truncated: false
  })
  t.match(result.text, /^# Deploy Guide\n\n1\. Merge to `main`/)
  t.match(result.text, /Rollback: `make rollback ENV=production`\.\n$/)
  const request = s.fake.requests.at(-1)
  t.equal(request?.path, '/api/v1/repos/acme/platform/wiki/page/Deploy-Guide', 'spaces travel as "-", as Gitea links pages')
  t.same(ok(t, TOOL, await s.call({ ...platform, title: 'Deploy-Guide' })).text, result.text, 'the page name works too')
})

t.test('a long page is cut at a line end with a pointer to the page', async (t) => {
  const data = sampleData()
  const page = data.repositories.find((r) => r.name === 'platform')?.wiki?.find((p) => p.title === 'Home')
  if (page === undefined) throw new Error('sample data changed')
  page.content = Array.from({ length: 400 }, (_, i) => `Line ${i + 1} of the home page.`).join('\n') + '\n'
  const { call } = await setupTool(t, TOOL, { data, limits: { maxResponseBytes: 3000 } })
  const result = ok(t, TOOL, await call({ ...platform, title: 'Home' }), 3000)
  t.equal(result.text_truncated, true)
  t.match(result.text, /of the home page\.\n+\[Page cut here to fit the response size limit; read it whole at http:\/\/.*\/acme\/platform\/wiki\/Home\.\]$/)
})

t.test('invisible characters in the text are shown', async (t) => {
  const data = sampleData()
  const page = data.repositories.find((r) => r.name === 'platform')?.wiki?.find((p) => p.title === 'Home')
  if (page === undefined) throw new Error('sample data changed')
  page.content = 'Run make deploy\u{E0041}\u{E0042} now.\n'
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call({ ...platform, title: 'Home' }))
  t.equal(result.text, 'Run make deploy[U+E0041][U+E0042] now.\n')
  t.equal(result.escaped_characters, 2)
  t.match(result.note, /2 invisible Unicode character/)
})

t.test('bad titles, missing pages and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, title: '' }), 'invalid_arguments'), /`title` must be at least 1 character/)
  t.match(failed(t, await s.call({ ...platform, title: 'a\nb' }), 'invalid_arguments'), /`title`/)
  t.equal(failed(t, await s.call({ ...platform, title: '..' }), 'bad_request').length > 0, true, 'a dot segment never reaches Gitea')
  const missing = failed(t, await s.call({ ...platform, title: 'Nope' }), 'not_found')
  t.match(missing, /^Wiki page "Nope" in repository "acme\/platform" not found.*list_wiki_pages/)
  t.match(failed(t, await s.call({ owner: 'acme', repo: 'website', title: 'Home' }), 'not_found'), /may have no wiki/)
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/website' })
  const denied = failed(t, await hidden.call({ ...platform, title: 'Nope' }), 'not_found')
  t.equal(denied, missing, 'a hidden repository looks exactly like a missing page')
})
