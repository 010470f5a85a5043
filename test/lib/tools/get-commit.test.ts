import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { addRepository, failed, ok, setupTool } from '../../helpers/tool-call.js'

const TOOL = 'get_commit'
const platform = { owner: 'acme', repo: 'platform' }

t.test('a commit: message, people, parents, stats and changed files', async (t) => {
  const { fake, call, ctx } = await setupTool(t, TOOL)
  const head = (await ctx.gitea.listCommits('acme', 'platform', { sha: 'v1.1.0', limit: 4 })).items
  const fix = head[2]
  if (fix === undefined) throw new Error('sample data changed')
  const result = ok(t, TOOL, await call({ ...platform, sha: fix.sha }))
  t.match(result, {
    sha: fix.sha,
    title: 'Fix VAT rounding on invoices with many lines',
    message: 'Fix VAT rounding on invoices with many lines\n\nRounding each line drifted by up to a cent per line; round the total once.\nReported by finance on invoice 2024-0311.\n',
    message_truncated: false,
    author: { name: 'Alice Nguyen', email: 'alice@acme.example', date: '2024-04-09T09:44:12+01:00' },
    parents: [head[3]?.sha],
    stats: { additions: 10, deletions: 2, total: 12 },
    files: [{ path: 'src/services/billing/tax.ts', status: 'modified' }, { path: 'test/billing/tax.test.ts', status: 'modified' }],
    total_files: 2,
    truncated: false
  })
  t.equal(result.url, `${fake.url}/acme/platform/commit/${fix.sha}`)
  t.notOk('escaped_characters' in result)
  t.notOk('note' in result)
})

t.test('sha may be abbreviated, a tag, or a branch with "/"', async (t) => {
  const { call } = await setupTool(t, TOOL)
  const tag = ok(t, TOOL, await call({ ...platform, sha: 'v1.0.0' }))
  t.equal(tag.title, 'Release 1.0.0')
  t.same(tag.files, [{ path: 'package.json', status: 'modified' }])
  const short = ok(t, TOOL, await call({ ...platform, sha: (tag.sha as string).slice(0, 8) }))
  t.equal(short.sha, tag.sha)
  const feature = ok(t, TOOL, await call({ ...platform, sha: 'feature/login-rate-limit' }))
  t.equal(feature.title, 'Rate-limit login attempts per IP')
  t.same(feature.files.map((f: { path: string }) => f.path), ['src/middleware/rate-limit.ts', 'src/routes/auth/login.ts'])
  const handbook = ok(t, TOOL, await call({ owner: 'acme', repo: 'handbook', sha: 'main' }))
  t.equal(handbook.total_files, 14, 'a rename is a removal and an addition')
  t.ok(handbook.files.some((f: { path: string, status: string }) => f.path === 'engineering/on-call.md' && f.status === 'removed'))
})

t.test('too many files for the budget: the list is cut and says where the rest is', async (t) => {
  const { call } = await setupTool(t, TOOL, { limits: { maxResponseBytes: 1500 } })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'handbook', sha: 'main' }), 1500)
  t.equal(result.truncated, true)
  t.ok(result.files.length > 0 && result.files.length < 14)
  t.equal(result.total_files, 14)
  t.match(result.note, new RegExp(`Only the first ${result.files.length as number} of 14 changed files fit .*get_commit_diff`))
})

t.test('a long message is cut at a line end; invisible characters are escaped', async (t) => {
  const h = new GitHistory()
  const body = Array.from({ length: 400 }, (_, i) => `Line ${i} of a very detailed explanation.`).join('\n')
  h.commit({ branch: 'main', author: signature('Eve', 'eve@example.com', '2024-06-01T10:00:00', 0), message: `Harmless title\u2067\n\n${body}`, files: { 'a\u200b.txt': 'a\n' } })
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'chatty', h.git), limits: { maxResponseBytes: 6000 } })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'chatty', sha: 'main' }), 6000)
  t.equal(result.title, 'Harmless title[U+2067]')
  t.equal(result.message_truncated, true)
  t.ok((result.message as string).endsWith('\n'), 'cut at a line end')
  t.ok(Buffer.byteLength(result.message) <= 3000)
  t.same(result.files, [{ path: 'a[U+200B].txt', status: 'added' }])
  t.same(result.parents, [], 'a root commit has no parent')
  t.equal(result.escaped_characters, 3, 'title and message each once, and the file name')
  t.match(result.note, /commit message was cut .*3 invisible Unicode character/)
})

t.test('bad and unknown SHAs, hidden repositories', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/empty' })
  t.match(failed(t, await call({ ...platform, sha: '0123456789abcdef0123456789abcdef01234567' }), 'not_found'),
    /Commit "0123456789abcdef0123456789abcdef01234567" in repository "acme\/platform" not found.*Check `sha` with list_commits/)
  t.match(failed(t, await call({ ...platform, sha: 'feature/nope' }), 'not_found'), /"feature\/nope"/)
  t.match(failed(t, await call({ ...platform, sha: 'HEAD~1' }), 'invalid_arguments'), /`sha` must be a branch, tag or commit SHA without spaces, control characters or any of : ~ \^/)
  t.match(failed(t, await call({ ...platform, sha: '' }), 'invalid_arguments'), /`sha` must be at least 1 character/)
  t.match(failed(t, await call({ ...platform, sha: 'x'.repeat(300) }), 'invalid_arguments'), /`sha` must be at most 255 characters/)
  t.match(failed(t, await call(platform), 'invalid_arguments'), /missing required argument `sha`/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'empty', sha: 'main' }), 'not_found'), /Commit "main" in repository "acme\/empty" not found/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'handbook', sha: 'main' }), 'not_found'), /Repository "acme\/handbook" not found, or the token cannot read it/)
})
