import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { addRepository, failed, ok, setupTool, type Json } from '../../helpers/tool-call.js'

const TOOL = 'get_commit_diff'
const handbook = { owner: 'acme', repo: 'handbook' }
const platform = { owner: 'acme', repo: 'platform' }

/** A page's text without its marker line (and the line break a marker after a cut line adds). */
function body (result: Json): string {
  const text = result.text as string
  if (result.truncated !== true) return text
  const found = /(\n)?\[Diff (?:of .* )?cut here to fit the response size limit \(page \d+ of \d+(; the last line is cut short and continues on the next page)?\)\. Call again with page \d+[^\]]*\]\n$/.exec(text)
  if (found === null) throw new Error(`page ${result.page as number} has no marker`)
  return text.slice(0, found.index + (found[2] !== undefined ? 0 : (found[1]?.length ?? 0)))
}

t.test('a diff larger than the budget comes in pages that fit, cut between files, with the same file list', async (t) => {
  const { fake, call } = await setupTool(t, TOOL)
  const whole = await (await fetch(`${fake.url}/api/v1/repos/acme/handbook/git/commits/main.diff`, { headers: { Authorization: `token ${fake.token}` } })).text()
  t.ok(Buffer.byteLength(whole) > 100_000, 'the sample commit\'s diff is over 100 kB')
  const first = ok(t, TOOL, await call({ ...handbook, sha: 'main' }))
  t.match(first, { sha: /^[0-9a-f]{40}$/, title: 'Import the engineering guidelines from the old wiki', path: null, page: 1, truncated: true, total_files: 13, files_truncated: false })
  t.ok(first.total_pages >= 2)
  t.same(first.next, { page: 2 })
  t.match(first.text, /\n\[Diff cut here to fit the response size limit \(page 1 of \d+\)\. Call again with page 2 for the rest, or with path "engineering\/guidelines\/[a-z-]+\.md" \(or any path from the file list\) for one file only\.\]\n$/)
  t.same(first.files.at(-1), { path: 'engineering/on-call/rotation.md', old_path: 'engineering/on-call.md', status: 'renamed', binary: false, additions: 0, deletions: 0 })
  t.same(first.files[0], { path: 'engineering/guidelines/api-design.md', old_path: null, status: 'added', binary: false, additions: 219, deletions: 0 })
  const pages = [first]
  for (let page = 2; page <= first.total_pages; page++) {
    const next = ok(t, TOOL, await call({ ...handbook, sha: first.sha, page }))
    t.same(next.files, first.files, `page ${page}: the same file list`)
    t.match(body(next), /^diff --git /, `page ${page} starts with a file`)
    pages.push(next)
  }
  t.equal(pages.map(body).join(''), whole, 'the pages put together are Gitea\'s diff, nothing lost or repeated')
  t.notOk('next' in pages.at(-1), 'the last page has no next')
})

t.test('path picks one file: by its new or old name; a long one comes in pages too', async (t) => {
  const { call } = await setupTool(t, TOOL, { limits: { maxResponseBytes: 5000 } })
  const renamed = ok(t, TOOL, await call({ ...handbook, sha: 'main', path: 'engineering/on-call.md' }), 5000)
  t.equal(renamed.path, 'engineering/on-call/rotation.md', 'the old name finds the renamed file')
  t.equal(renamed.text, 'diff --git a/engineering/on-call.md b/engineering/on-call/rotation.md\nsimilarity index 100%\nrename from engineering/on-call.md\nrename to engineering/on-call/rotation.md\n')
  t.equal(renamed.total_pages, 1)
  const path = 'engineering/guidelines/testing.md'
  const first = ok(t, TOOL, await call({ ...handbook, sha: 'main', path }), 5000)
  t.ok(first.total_pages > 2, `${first.total_pages as number} pages of one file`)
  t.same(first.next, { page: 2, path })
  t.match(first.text, /\[Diff of "engineering\/guidelines\/testing\.md" cut here .*Call again with page 2 and the same path for the rest\.\]\n$/)
  t.ok(first.files_truncated, 'at 5000 bytes the file list is cut too')
  t.match(first.note, /The file list shows \d+ of 13 files; the diff text covers them all/)
  const parts = [body(first)]
  for (let page = 2; page <= first.total_pages; page++) parts.push(body(ok(t, TOOL, await call({ ...handbook, sha: 'main', path, page }), 5000)))
  const joined = parts.join('')
  t.ok(joined.startsWith(`diff --git a/${path} b/${path}\nnew file mode 100644\n`))
  t.equal(joined.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).length, 219, 'every added line is there')
  t.notOk(joined.includes('diff --git a/engineering/guidelines/security.md'), 'and nothing of other files')
})

t.test('root commits, binary files, symlinks, Latin-1 text', async (t) => {
  const { call, ctx } = await setupTool(t, TOOL)
  const history = (await ctx.gitea.listCommits('acme', 'platform', { sha: 'v1.0.0', limit: 50 })).items
  const root = history.at(-1)?.sha as string
  const first = ok(t, TOOL, await call({ ...platform, sha: root }))
  t.match(first.text, /^commit [0-9a-f]{40}\nAuthor: Alice Nguyen <alice@acme\.example>\nDate: {3}Mon Jan 8 09:12:44 2024 \+0000\n\n {4}Initial commit: Fastify service skeleton\n\ndiff --git a\/\.env\.example/)
  t.equal(first.total_files, 9)
  const docs = history.find((c) => c.commit.message.startsWith('Add architecture docs'))?.sha as string
  const result = ok(t, TOOL, await call({ ...platform, sha: docs }))
  t.match(result.files.find((f: Json) => f.path === 'docs/images/architecture.png'), { binary: true, status: 'added', additions: 0 })
  t.match(result.files.find((f: Json) => f.path === 'CONTRIBUTING.md'), { status: 'added', additions: 1 })
  t.match(result.text, /\+Abonnement \ufffd \ufffdt\ufffd \ufffd/, 'Latin-1 bytes are shown as U+FFFD')
  t.match(result.note, /not valid UTF-8/)
})

t.test('invisible characters in a diff are escaped and counted once', async (t) => {
  const h = new GitHistory()
  const sig = signature('A', 'a@example.com', '2024-06-01T10:00:00', 0)
  h.commit({ branch: 'main', author: sig, message: 'one', files: { 'a.py': 'access = check(user)\n' } })
  h.commit({ branch: 'main', author: sig, message: 'Tidy up\u200b', files: { 'a.py': 'access = check(user)\u202e \u2066# admin only\u2069\u2066\n' } })
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'trojan', h.git) })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'trojan', sha: 'main' }))
  t.equal(result.title, 'Tidy up[U+200B]')
  t.match(result.text, /\+access = check\(user\)\[U\+202E\] \[U\+2066\]# admin only\[U\+2069\]\[U\+2066\]\n/)
  t.equal(result.escaped_characters, 5)
  t.equal((result.note as string).match(/invisible Unicode/g)?.length, 1, 'one note for the title and the diff')
})

t.test('bad input: unknown SHAs, paths not in the diff, pages past the end', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/handbook' })
  t.match(failed(t, await call({ ...platform, sha: 'deadbeef' }), 'not_found'), /Commit "deadbeef".*Check `sha` with list_commits/)
  t.match(failed(t, await call({ ...platform, sha: 'v1.0.0', path: 'src/index.ts' }), 'not_found'),
    /"src\/index\.ts" is not one of the 1 files this diff changes: "package\.json"\./)
  t.match(failed(t, await call({ ...platform, sha: 'v1.0.0', page: 2 }), 'invalid_arguments'), /`page` 2 is past the end: the diff has 1 page\./)
  t.match(failed(t, await call({ ...platform, sha: 'v1.0.0', path: '../package.json' }), 'invalid_arguments'), /`path` cannot contain "\." or "\.\." segments/)
  t.match(failed(t, await call({ ...platform, sha: 'v1.0.0', page: 0 }), 'invalid_arguments'), /`page` must be >= 1/)
  t.match(failed(t, await call({ ...platform, sha: 'a:b' }), 'invalid_arguments'), /`sha` must be a branch, tag or commit SHA/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'website', sha: 'main' }), 'not_found'), /Repository "acme\/website" not found, or the token cannot read it/)
  const tiny = await setupTool(t, TOOL, { limits: { maxResponseBytes: 900 } })
  t.match(failed(t, await tiny.call({ ...handbook, sha: 'main' }), 'too_large'), /too small to show any of the diff/)
})
