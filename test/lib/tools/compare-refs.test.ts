import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import type { GiteaCommit } from '../../../lib/gitea/types.js'
import { netChanges } from '../../../lib/tools/compare-refs.js'
import { addRepository, failed, ok, setupTool, type Json } from '../../helpers/tool-call.js'

const TOOL = 'compare_refs'
const platform = { owner: 'acme', repo: 'platform' }
const titles = (result: Json): string[] => result.commits.map((c: { title: string }) => c.title)

t.test('what a feature branch adds: commits, files and line totals', async (t) => {
  const { call } = await setupTool(t, TOOL)
  const result = ok(t, TOOL, await call({ ...platform, base: 'main', head: 'feature/login-rate-limit' }))
  t.match(result, { base: 'main', head: 'feature/login-rate-limit', total_commits: 2, has_more: false, truncated: false, path: null, files_truncated: false })
  t.same(titles(result), ['Rate-limit login attempts per IP', 'Add login route'])
  t.same(result.files, [
    { path: 'src/middleware/rate-limit.ts', status: 'added', commits: 1 },
    { path: 'src/routes/auth/login.ts', status: 'added', commits: 2 },
    { path: 'src/server.ts', status: 'modified', commits: 1 }
  ])
  t.ok(result.stats.additions > 30)
  t.notOk('next' in result)
})

t.test('between two releases; a directory; pages of commits', async (t) => {
  const { call } = await setupTool(t, TOOL)
  const releases = ok(t, TOOL, await call({ ...platform, base: 'v1.0.0', head: 'v1.1.0' }))
  t.same(titles(releases), ['Release 1.1.0', 'Add api-schemas submodule and deploy script', 'Fix VAT rounding on invoices with many lines'])
  t.same(releases.files.map((f: Json) => `${f.status as string} ${f.path as string}`), [
    'added .gitmodules', 'added docs/runbook.md', 'modified package.json', 'added scripts/deploy.sh',
    'modified src/services/billing/tax.ts', 'modified test/billing/tax.test.ts', 'added vendor/api-schemas'
  ])
  const src = ok(t, TOOL, await call({ ...platform, base: 'v1.0.0', head: 'v1.1.0', path: 'src' }))
  t.same(src.files.map((f: Json) => f.path), ['src/services/billing/tax.ts'])
  t.equal(src.path, 'src')
  t.equal(src.total_commits, 3, 'path narrows the files, not the commits')
  const page1 = ok(t, TOOL, await call({ ...platform, base: 'v1.0.0', head: 'v1.1.0', limit: 2 }))
  t.same(titles(page1), titles(releases).slice(0, 2))
  t.same(page1.next, { page: 2, limit: 2 })
  const page2 = ok(t, TOOL, await call({ ...platform, base: 'v1.0.0', head: 'v1.1.0', ...page1.next }))
  t.same(titles(page2), titles(releases).slice(2))
  t.equal(page2.has_more, false)
  const behind = ok(t, TOOL, await call({ ...platform, base: 'v1.1.0', head: 'v1.0.0' }))
  t.equal(behind.total_commits, 0)
  t.match(behind.note, /"v1\.0\.0" has no commits that "v1\.1\.0" lacks/)
  const sha = releases.commits[2].sha as string
  t.equal(ok(t, TOOL, await call({ ...platform, base: sha.slice(0, 10), head: 'v1.1.0' })).total_commits, 2, 'an abbreviated SHA as base')
})

t.test('a comparison larger than the budget: files narrowed by path, commits by page', async (t) => {
  const h = new GitHistory()
  const sig = (i: number): ReturnType<typeof signature> => signature('A', 'a@example.com', `2024-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 0)
  h.commit({ branch: 'main', author: sig(0), message: 'base', files: { 'README.md': 'hi\n' } })
  for (let i = 1; i <= 40; i++) {
    const files: Record<string, string> = {}
    for (let j = 0; j < 5; j++) files[`pkg-${String(i % 4)}/module-${String(i).padStart(2, '0')}-${j}.ts`] = `export const x = ${i}\n`
    h.commit({ branch: 'feature', from: 'main', author: sig(i), message: `Add modules ${i} \u{E0020}`, files })
  }
  const max = 6000
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'wide', h.git), limits: { maxResponseBytes: max } })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'wide', base: 'main', head: 'feature' }), max)
  t.equal(result.total_commits, 40)
  t.equal(result.total_files, 200)
  t.equal(result.files_truncated, true)
  t.equal(result.truncated, true)
  t.ok(result.files.length > 10, 'files get up to half the budget')
  t.ok(result.commits.length >= 1 && result.commits.length < 30)
  t.match(result.next, { page: Number, limit: Number, path: /^pkg-\d$/ })
  t.match(result.note, /narrow the list with `path`, e.g\. "pkg-\d"/)
  t.equal(result.escaped_characters, result.commits.length, 'escapes counted in what is shown')
  const narrowed = ok(t, TOOL, await call({ owner: 'acme', repo: 'wide', base: 'main', head: 'feature', path: 'pkg-1', limit: 5 }), max)
  t.equal(narrowed.total_files, 50)
  t.ok(narrowed.files.every((f: Json) => (f.path as string).startsWith('pkg-1/')))
  t.equal(narrowed.commits.length, 5)
})

t.test('netChanges: net status over several commits', async (t) => {
  const commit = (files: Array<[string, string]>): GiteaCommit => ({ files: files.map(([filename, status]) => ({ filename, status })) }) as unknown as GiteaCommit
  // Newest first, as Gitea lists them.
  const changes = netChanges([
    commit([['b', 'removed'], ['d', 'added'], ['e', 'modified']]),
    commit([['a', 'modified'], ['c', 'removed'], ['d', 'removed']]),
    commit([['a', 'added'], ['b', 'added'], ['c', 'modified'], ['d', 'modified']]),
    { files: null } as unknown as GiteaCommit
  ])
  t.same(changes, [
    { path: 'a', status: 'added', commits: 2 },
    { path: 'c', status: 'removed', commits: 2 },
    { path: 'd', status: 'modified', commits: 3 },
    { path: 'e', status: 'modified', commits: 1 }
  ], 'b was added and removed again: no net change')
})

t.test('bad input, unknown refs, empty and hidden repositories', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/empty' })
  t.match(failed(t, await call({ ...platform, base: 'main', head: 'nope' }), 'not_found'),
    /Comparison of "main" with "nope" in repository "acme\/platform" not found.*Check `base` and `head` with list_branches or list_tags/)
  t.match(failed(t, await call({ ...platform, base: 'main..x', head: 'main' }), 'invalid_arguments'), /`base` cannot contain "\.\."/)
  t.match(failed(t, await call({ ...platform, base: 'main', head: 'a b' }), 'invalid_arguments'), /`head` must be a branch, tag or commit SHA/)
  t.match(failed(t, await call({ ...platform, base: 'main' }), 'invalid_arguments'), /missing required argument `head`/)
  t.match(failed(t, await call({ ...platform, base: 'main', head: 'main', path: '/etc' }), 'invalid_arguments'), /`path` must be relative/)
  t.match(failed(t, await call({ ...platform, base: 'main', head: 'main', limit: 99 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'empty', base: 'main', head: 'main' }), 'not_found'), /"acme\/empty" is empty .*nothing to compare/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'infra', base: 'main', head: 'main' }), 'not_found'), /Repository "acme\/infra" not found, or the token cannot read it/)
})
