import t from 'tap'
import { PR_FILES_PER_CALL } from '../../../lib/tools/get-pull-request.js'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_pull_request'
const platform = { owner: 'acme', repo: 'platform' }
const paths = (result: Json): string[] => result.files.map((f: Json) => f.path)

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('an open pull request: branches, description, changed files with line counts', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 4 }))
  t.match(result, {
    number: 4,
    title: 'Rate-limit login attempts per IP',
    state: 'open',
    merged: false,
    draft: false,
    mergeable: true,
    author: 'bob',
    labels: ['security'],
    base: { branch: 'main' },
    head: { branch: 'feature/login-rate-limit' },
    merged_at: null,
    merged_by: null,
    body: /Closes #3\.$/,
    body_truncated: false,
    comments: 1,
    additions: 36,
    deletions: 0,
    changed_files: 3,
    files_from: 1,
    files_truncated: false,
    url: `${s.fake.url}/acme/platform/pulls/4`
  })
  t.match(result.head.sha, /^[0-9a-f]{40}$/)
  t.equal(result.merge_base, result.base.sha, 'branched off the tip of main')
  t.same(result.files, [
    { path: 'src/middleware/rate-limit.ts', status: 'added', additions: 20, deletions: 0 },
    { path: 'src/routes/auth/login.ts', status: 'added', additions: 14, deletions: 0 },
    { path: 'src/server.ts', status: 'modified', additions: 2, deletions: 0 }
  ], 'Gitea\'s "changed" reads as "modified"')
  t.notOk('next' in result)
})

t.test('a merged pull request whose branch is gone', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 2 }))
  t.match(result, { merged: true, state: 'closed', merged_at: '2024-04-09T09:50:00Z', merged_by: 'alice', head: { branch: 'fix/vat-rounding' }, changed_files: 2 })
  t.same(paths(result), ['src/services/billing/tax.ts', 'test/billing/tax.test.ts'])
  t.ok(result.files.every((f: Json) => f.status === 'modified'))
})

t.test(`65 changed files: ${PR_FILES_PER_CALL} at most a call, cut to fit, continued with files_from`, async (t) => {
  const all = ok(t, TOOL, await s.call({ ...platform, index: 6 }))
  t.match(all, { draft: true, mergeable: false, changed_files: 65, files_truncated: false })
  t.equal(all.files.length, 65, 'two pages of Gitea\'s, read for one answer')
  t.equal(all.files[0].path, 'src/lib/templates.ts')
  const later = ok(t, TOOL, await s.call({ ...platform, index: 6, files_from: 60 }))
  t.same(paths(later), paths(all).slice(59))
  const fromSecondPage = ok(t, TOOL, await s.call({ ...platform, index: 6, files_from: 51 }))
  t.same(paths(fromSecondPage), paths(all).slice(50))
  t.match(failed(t, await s.call({ ...platform, index: 6, files_from: 66 }), 'invalid_arguments'), /`files_from` 66 is past the last changed file: #6 changes 65 files/)

  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 3000 } })
  const seen: string[] = []
  let from: number | undefined = 1
  for (let i = 0; i < 40 && from !== undefined; i++) {
    const page = ok(t, TOOL, await small.call({ ...platform, index: 6, files_from: from }), 3000)
    seen.push(...paths(page))
    t.equal(page.files_from, from)
    if (page.next !== undefined) t.match(page.note, new RegExp(`call get_pull_request again with files_from ${page.next.files_from as number}`))
    from = page.next?.files_from
  }
  t.same(seen, paths(all), 'every file once, in order')
})

t.test('more files than one call lists', async (t) => {
  const { GitHistory, signature } = await import('../../fake-gitea/data.js')
  const { sampleData } = await import('../../fake-gitea/sample-data.js')
  const data = sampleData()
  const website = data.repositories.find((r) => r.name === 'website')
  if (website?.issues === undefined) throw new Error('sample data changed')
  const h = new GitHistory()
  const base = h.commit({ branch: 'main', author: signature('Bob', 'bob@acme.example', '2024-06-01T10:00:00', 0), message: 'Start', files: { 'README.md': 'x\n' } })
  const files: Record<string, string> = {}
  for (let i = 0; i < 130; i++) files[`pages/page-${String(i).padStart(3, '0')}.md`] = `Page ${i}\n`
  const head = h.commit({ branch: 'many', from: 'main', author: signature('Bob', 'bob@acme.example', '2024-06-02T10:00:00', 0), message: 'Pages', files })
  website.git = h.git
  website.issues.push({
    id: 900,
    index: 3,
    author: 'bob',
    title: 'Many pages',
    body: '',
    labels: [],
    assignees: [],
    state: 'open',
    locked: false,
    created: '2024-06-02T10:00:00Z',
    updated: '2024-06-02T10:00:00Z',
    closed: null,
    comments: [],
    pull: { id: 901, baseBranch: 'main', headBranch: 'many', headSha: head.sha, mergeBase: base.sha, merged: null }
  })
  const { call } = await setupTool(t, TOOL, { data })
  const first = ok(t, TOOL, await call({ owner: 'acme', repo: 'website', index: 3 }))
  t.equal(first.files.length, PR_FILES_PER_CALL)
  t.match(first, { changed_files: 130, files_truncated: true, next: { files_from: PR_FILES_PER_CALL + 1 } })
  const rest = ok(t, TOOL, await call({ owner: 'acme', repo: 'website', index: 3, ...first.next }))
  t.equal(rest.files.length, 30)
  t.equal(rest.files_truncated, false)
})

t.test('bad input, issues and missing or hidden pull requests', async (t) => {
  t.match(failed(t, await s.call({ ...platform, index: 0 }), 'invalid_arguments'), /`index` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, index: 4, files_from: -1 }), 'invalid_arguments'), /`files_from` must be >= 1/)
  const issue = failed(t, await s.call({ ...platform, index: 3 }), 'not_found')
  t.equal(issue, 'Pull request #3 in repository "acme/platform" not found, or the token cannot read it. Check the repository with list_repositories, and the number with list_pull_requests (an issue number is not a pull request: read issues with get_issue).')
  t.match(failed(t, await s.call({ ...platform, index: 99 }), 'not_found'), /^Pull request #99 in repository "acme\/platform" not found/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope', index: 1 }), 'not_found')
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform', denied })
  const before = hidden.fake.requests.length
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'handbook', index: 1 }), 'not_found'), missing.replace('acme/nope', 'acme/handbook'))
  t.equal(hidden.fake.requests.length, before)
  t.ok(denied.includes('acme/handbook'))
})
