import t from 'tap'
import { failed, ok, setupTool, type Json, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_pull_request_diff'
const platform = { owner: 'acme', repo: 'platform' }

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('the whole diff, with the file list', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 4 }))
  t.match(result, { owner: 'acme', repo: 'platform', number: 4, files_total: 3, files_truncated: false, path: null, page: 1, total_pages: 1, truncated: false })
  t.same(result.files.map((f: Json) => [f.path, f.status, f.additions, f.deletions]), [
    ['src/middleware/rate-limit.ts', 'added', 20, 0],
    ['src/routes/auth/login.ts', 'added', 14, 0],
    ['src/server.ts', 'modified', 2, 0]
  ])
  t.match(result.text, /^diff --git a\/src\/middleware\/rate-limit\.ts b\/src\/middleware\/rate-limit\.ts\n/)
  t.match(result.text, /\n\+ {2}await app\.register\(loginRoutes, \{ prefix: '\/v1\/auth' \}\)\n/)
  t.notOk('next' in result)
  t.notOk('note' in result)
})

t.test('one file with `path`', async (t) => {
  const result = ok(t, TOOL, await s.call({ ...platform, index: 4, path: 'src/server.ts' }))
  t.equal(result.path, 'src/server.ts')
  t.match(result.text, /^diff --git a\/src\/server\.ts b\/src\/server\.ts\nindex [0-9a-f]{7}\.\.[0-9a-f]{7} 100644\n--- a\/src\/server\.ts\n\+\+\+ b\/src\/server\.ts\n@@ -3,10 \+3,12 @@/)
  t.notMatch(result.text, /rate-limit\.ts/)
  t.equal(result.files.length, 3, 'the file list stays whole')
  t.match(failed(t, await s.call({ ...platform, index: 4, path: 'src/nope.ts' }), 'not_found'), /"src\/nope\.ts" is not one of the 3 files this diff changes: "src\/middleware\/rate-limit\.ts"/)
  t.match(failed(t, await s.call({ ...platform, index: 4, path: '../etc/passwd' }), 'invalid_arguments'), /"\." or "\.\." segments/)
  t.equal(ok(t, TOOL, await s.call({ ...platform, index: 4, path: '' })).path, null, 'an empty path is the whole diff')
})

t.test('a diff over 100 kB comes in pages whose markers name the argument for the rest', async (t) => {
  const first = ok(t, TOOL, await s.call({ ...platform, index: 7 }))
  t.equal(first.truncated, true)
  t.ok(first.total_pages >= 2)
  t.same(first.next, { page: 2 })
  t.match(first.text, /\[Diff cut here to fit the response size limit \(page 1 of \d+\)\. Call again with page 2 for the rest, or with path "docs\/api\/openapi\.yaml"/)
  let text = first.text.replace(/\[Diff cut here[^\n]*\]\n$/, '')
  let next = first.next
  for (let i = 0; i < 10 && next !== undefined; i++) {
    const page = ok(t, TOOL, await s.call({ ...platform, index: 7, ...next }))
    text += page.text.replace(/\n?\[Diff cut here[^\n]*\]\n$/, '')
    next = page.next
  }
  t.equal(next, undefined, 'the pages end')
  t.ok(text.includes('+openapi: 3.1.0\n') && text.includes('+          description: The notes of the creditnote\n'), 'the pages hold the whole diff')

  const one = ok(t, TOOL, await s.call({ ...platform, index: 7, path: 'docs/api/openapi.yaml' }))
  t.equal(one.truncated, true)
  t.same(one.next, { page: 2, path: 'docs/api/openapi.yaml' })
  t.match(one.text, /\[Diff of "docs\/api\/openapi\.yaml" cut here to fit the response size limit \(page 1 of \d+\)\. Call again with page 2 and the same path for the rest\.\]\n$/)
  t.match(failed(t, await s.call({ ...platform, index: 7, page: 99 }), 'invalid_arguments'), /`page` 99 is past the end: the diff has \d+ pages/)

  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 4000 } })
  const cut = ok(t, TOOL, await small.call({ ...platform, index: 6 }), 4000)
  t.equal(cut.files_truncated, true, 'a long file list is cut to leave room for the diff')
  t.ok(cut.files.length < 65)
})

t.test('invisible characters in a diff are escaped and counted', async (t) => {
  const { GitHistory, signature } = await import('../../fake-gitea/data.js')
  const { sampleData } = await import('../../fake-gitea/sample-data.js')
  const data = sampleData()
  const website = data.repositories.find((r) => r.name === 'website')
  if (website?.issues === undefined) throw new Error('sample data changed')
  const h = new GitHistory()
  const sig = signature('Bob', 'bob@acme.example', '2024-06-01T10:00:00', 0)
  const base = h.commit({ branch: 'main', author: sig, message: 'Start', files: { 'a.md': 'hello\n' } })
  const head = h.commit({ branch: 'trojan', from: 'main', author: sig, message: 'Edit', files: { 'a.md': 'hello\u202e world\u200b\n' } })
  website.git = h.git
  website.issues.push({
    id: 902,
    index: 3,
    author: 'bob',
    title: 'Edit',
    body: '',
    labels: [],
    assignees: [],
    state: 'open',
    locked: false,
    created: '2024-06-02T10:00:00Z',
    updated: '2024-06-02T10:00:00Z',
    closed: null,
    comments: [],
    pull: { id: 903, baseBranch: 'main', headBranch: 'trojan', headSha: head.sha, mergeBase: base.sha, merged: null }
  })
  const { call } = await setupTool(t, TOOL, { data })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'website', index: 3 }))
  t.match(result.text, /\n\+hello\[U\+202E\] world\[U\+200B\]\n/)
  t.match(result.note, /^2 invisible Unicode character/)
})

t.test('bad input, issues, missing and hidden repositories', async (t) => {
  t.match(failed(t, await s.call({ ...platform, index: 0 }), 'invalid_arguments'), /`index` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, index: 4, page: 0 }), 'invalid_arguments'), /`page` must be >= 1/)
  t.match(failed(t, await s.call({ ...platform, index: 3 }), 'not_found'), /^Pull request #3 in repository "acme\/platform" not found.*an issue number is not a pull request/)
  const missing = failed(t, await s.call({ owner: 'acme', repo: 'nope', index: 1 }), 'not_found')
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform', denied })
  t.equal(failed(t, await hidden.call({ owner: 'acme', repo: 'handbook', index: 1 }), 'not_found'), missing.replace('acme/nope', 'acme/handbook'))
  t.same(denied, ['acme/handbook'])
})
