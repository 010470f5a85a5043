// History endpoints of the fake (commits with their filters, one commit, its
// diff, comparisons, the batch file read), every JSON body checked against the
// Gitea 1.26.3 spec, and the diff generator checked byte for byte against real
// git. The two fixtures are what git 2.x printed for the same files:
// `git diff -M HEAD~1 HEAD` (test/fixtures/git-diff-M.diff) and `git show
// HEAD~1` (test/fixtures/git-show-root.diff), with core.quotePath=false as
// Gitea sets it.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { GitHistory } from './data.js'
import { commitDiffBytes, gitDate, quotePath } from './git-diff.js'
import { isValidRefPattern, parseRfc3339 } from './handlers-history.js'
import { sampleData } from './sample-data.js'
import { type FakeGitea, startFakeGitea } from './server.js'
import { validateArrayOf, validateDefinition } from '../helpers/gitea-spec.js'

type Json = any

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function fetchApi (path: string): Promise<Response> {
  return await fetch(gitea.url + '/api/v1' + path, { headers: { Authorization: `token ${gitea.token}` } })
}

async function get (path: string): Promise<{ status: number, headers: Headers, body: Json }> {
  const res = await fetchApi(path)
  return { status: res.status, headers: res.headers, body: await res.json() }
}

const platform = '/repos/acme/platform'

t.test('the commit list: since and until by committer date, RFC 3339 or 422', async (t) => {
  const all = await get(`${platform}/commits?limit=50&stat=false&files=false&verification=false`)
  t.equal(all.status, 200)
  t.same(validateArrayOf('Commit', all.body), [])
  t.equal(all.body.length, 10, 'main has ten commits')
  const since = await get(`${platform}/commits?since=2024-04-01T00:00:00Z`)
  t.same(since.body.map((c: Json) => c.commit.message.split('\n')[0]), [
    'Document on-call escalation in the runbook', 'Release 1.1.0', 'Add api-schemas submodule and deploy script', 'Fix VAT rounding on invoices with many lines'
  ])
  t.equal(since.headers.get('x-total-count'), '4')
  const window = await get(`${platform}/commits?since=2024-02-01T00:00:00%2B01:00&until=2024-02-21T08:51:17Z`)
  t.same(window.body.map((c: Json) => c.commit.message.split('\n')[0]), ['Add architecture docs, diagram and legacy tariff notes', 'Add billing service with VAT rules'],
    'until is inclusive, and it is the committer date (the author wrote it on the 20th)')
  for (const bad of ['2024-04-01', 'yesterday', '2024-02-30T00:00:00Z', '2024-04-01T25:00:00Z', '2024-04-01 10:00:00Z']) {
    const res = await get(`${platform}/commits?since=${encodeURIComponent(bad)}`)
    t.equal(res.status, 422, `since=${bad}`)
    t.match(res.body, { message: "invalid 'since' format, expected ISO 8601 (RFC3339)", url: /api\/swagger$/ })
  }
  t.equal((await get(`${platform}/commits?until=soon`)).status, 422)
})

t.test('the commit list with a path: pages of 50, 404 when nothing touches it, 500 for an unknown sha', async (t) => {
  const tax = await get(`${platform}/commits?path=src/services/billing/tax.ts&limit=1`)
  t.equal(tax.status, 200)
  t.equal(tax.body.length, 2, 'limit is ignored with path (pages of 50)')
  t.equal(tax.headers.get('x-total-count'), '2')
  t.equal(tax.headers.get('x-perpage'), '1', 'the legacy headers still use limit')
  const none = await get(`${platform}/commits?path=nope.txt`)
  t.equal(none.status, 404)
  t.same(none.body, { message: 'FileCommitsCount', url: `${gitea.url}/api/swagger`, errors: null })
  const old = await get(`${platform}/commits?path=src/services/billing/tax.ts&until=2024-03-01T00:00:00Z`)
  t.equal(old.body.length, 1, 'since/until apply with a path too')
  t.equal((await get(`${platform}/commits?path=README.md&sha=no-such-ref`)).status, 500, 'git rev-list fails on an unknown revision')
  const unknown = await fetchApi(`${platform}/commits?sha=no-such-ref`)
  t.equal(unknown.status, 404)
  t.equal(await unknown.text(), 'null\n', 'NotFoundOrServerError: a null body')
  t.equal((await get('/repos/acme/empty/commits')).status, 409)
})

t.test('one commit: by SHA, short SHA, branch or tag; 404 names what was asked, 422 for a bad name', async (t) => {
  const list = await get(`${platform}/commits?limit=50&stat=false&files=false&verification=false`)
  const fix = list.body.find((c: Json) => c.commit.message.startsWith('Fix VAT')) as Json
  const full = await get(`${platform}/git/commits/${fix.sha as string}`)
  t.equal(full.status, 200)
  t.same(validateDefinition('Commit', full.body), [])
  t.same(full.body.stats, { total: 12, additions: 10, deletions: 2 }, 'what git diff --shortstat says')
  t.same(full.body.files, [{ filename: 'src/services/billing/tax.ts', status: 'modified' }, { filename: 'test/billing/tax.test.ts', status: 'modified' }])
  t.same(full.body.parents.map((p: Json) => p.sha), [list.body[list.body.indexOf(fix) + 1].sha])
  const short = await get(`${platform}/git/commits/${(fix.sha as string).slice(0, 10)}?stat=false&files=false&verification=false`)
  t.equal(short.body.sha, fix.sha)
  t.equal(short.body.stats, null)
  t.equal(short.body.files, null)
  t.same(validateDefinition('Commit', short.body), [])
  const tag = await get(`${platform}/git/commits/v1.1.0`)
  t.match(tag.body.commit.message, /^Release 1\.1\.0/, 'an annotated tag is peeled to its commit')
  t.equal((await get(`${platform}/git/commits/main`)).body.sha, list.body[0].sha)
  const missing = await get(`${platform}/git/commits/0123456789abcdef0123456789abcdef01234567`)
  t.equal(missing.status, 404)
  t.same(missing.body, { message: '0123456789abcdef0123456789abcdef01234567', url: `${gitea.url}/api/swagger`, errors: null })
  const bad = await get(`${platform}/git/commits/a..b`)
  t.equal(bad.status, 422)
  t.equal(bad.body.message, 'no valid ref or sha: a..b')
  t.equal((await get('/repos/acme/empty/git/commits/main')).status, 404)
  t.equal((await get(`${platform}/git/commits/feature/login-rate-limit`)).status, 404, 'the {sha} segment cannot hold a "/"')
})

t.test('a commit\'s diff: text/plain, git show for a root commit, git diff -M otherwise, streamed', async (t) => {
  const list = await get(`${platform}/commits?limit=50&stat=false&files=false&verification=false`)
  const root = list.body[list.body.length - 1].sha as string
  const res = await fetchApi(`${platform}/git/commits/${root}.diff`)
  t.equal(res.status, 200)
  t.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8')
  const text = await res.text()
  t.ok(text.startsWith(`commit ${root}\nAuthor: Alice Nguyen <alice@acme.example>\nDate:   Mon Jan 8 09:12:44 2024 +0000\n\n    Initial commit: Fastify service skeleton\n\ndiff --git a/.env.example b/.env.example\nnew file mode 100644\n`))

  const handbook = await fetchApi('/repos/acme/handbook/git/commits/main.diff')
  const big = await handbook.text()
  t.ok(Buffer.byteLength(big) > 100_000, `the guidelines import is over 100 kB (${Buffer.byteLength(big)})`)
  t.match(big, /diff --git a\/engineering\/on-call\.md b\/engineering\/on-call\/rotation\.md\nsimilarity index 100%\nrename from engineering\/on-call\.md\nrename to engineering\/on-call\/rotation\.md\n/)

  // The 15 MB seed-data diff is streamed: read a little, then hang up.
  const seed = list.body.find((c: Json) => c.commit.message.startsWith('Add customer fixtures')).sha as string
  const stream = await fetchApi(`${platform}/git/commits/${seed}.diff`)
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader()
  const first = await reader.read()
  t.ok((first.value?.length ?? 0) > 0)
  await reader.cancel()

  const latin1 = list.body.find((c: Json) => c.commit.message.startsWith('Add architecture docs')).sha as string
  const raw = Buffer.from(await (await fetchApi(`${platform}/git/commits/${latin1}.diff`)).arrayBuffer())
  t.ok(raw.includes(Buffer.from('+Abonnement \xab \xc9t\xe9 \xbb', 'latin1')), 'a Latin-1 file comes out byte for byte')
  t.match(raw.toString('latin1'), /Binary files \/dev\/null and b\/docs\/images\/architecture\.png differ/)
  t.match(raw.toString('latin1'), /new file mode 120000\n.*\n--- \/dev\/null\n\+\+\+ b\/CONTRIBUTING\.md\n@@ -0,0 \+1 @@\n\+docs\/contributing\.md\n\\ No newline at end of file\n/)

  const missing = await get(`${platform}/git/commits/0123456789abcdef0123456789abcdef01234567.diff`)
  t.equal(missing.status, 404)
  t.equal(missing.body.message, '0123456789abcdef0123456789abcdef01234567')
  t.equal((await fetchApi('/repos/acme/empty/git/commits/main.diff')).status, 404)
})

t.test('the diff generator matches real git byte for byte', async (t) => {
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`)
  const h = new GitHistory()
  const sig = { name: 'A', email: 'a@b', when: 1795766131, tz: 0 }
  const code = (y: string): string => `export function a () {\n  return 1\n}\n\nfunction b () {\n  const x = 1\n  const y = ${y}\n  const z = 3\n  return x + y + z\n}\n`
  const one = h.commit({
    branch: 'main',
    author: sig,
    message: 'one',
    files: {
      'multi.txt': lines.join('\n') + '\n',
      'noeol.txt': 'a\nb\nc',
      'mode.sh': 'echo hi\n',
      'gone.txt': 'bye\n',
      'bin.dat': Buffer.from([0, 1, 2, 97, 98, 99]),
      'empty.txt': '',
      'type.txt': 'was a file\n',
      'tab\there.txt': 'odd\n',
      'code.ts': code('2')
    }
  })
  const changed = [...lines]
  changed[2] = 'LINE 3'
  changed[30] = 'LINE 31'
  changed.splice(20, 0, 'inserted')
  const two = h.commit({
    branch: 'main',
    author: { ...sig, when: sig.when + 1 },
    message: 'two',
    files: {
      'multi.txt': changed.join('\n') + '\n',
      'noeol.txt': 'a\nb\nC',
      'mode.sh': { executable: 'echo hi\n' },
      'gone.txt': null,
      'moved.txt': 'bye\n',
      'bin.dat': Buffer.from([0, 1, 2, 97, 98, 100]),
      'type.txt': { symlink: 'target' },
      'new-empty.txt': '',
      'code.ts': code('20')
    }
  })
  const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'latin1')
  t.equal(commitDiffBytes(h.git, two).toString('latin1'), fixture('git-diff-M.diff'),
    'hunks, context merging, funcnames, no-newline markers, mode change, rename, binary, empty file, type change')
  t.equal(commitDiffBytes(h.git, one).toString('latin1'), fixture('git-show-root.diff').replace(/^commit [0-9a-f]{40}/, `commit ${one.sha}`),
    'a root commit: git show (header, quoted path with a tab)')
})

t.test('the diff generator: big edits, deletions, helpers', async (t) => {
  const h = new GitHistory()
  const sig = { name: 'A', email: 'a@b', when: 1_700_000_000, tz: -300 }
  const many = Array.from({ length: 5000 }, (_, i) => `row ${i}`)
  h.commit({ branch: 'main', author: sig, message: 'a', files: { 'big.txt': many.join('\n') + '\n', 'gone.txt': 'x\ny' } })
  const reversed = [...many].reverse()
  const c = h.commit({ branch: 'main', author: sig, message: 'b', files: { 'big.txt': reversed.join('\n') + '\n', 'gone.txt': null } })
  const text = commitDiffBytes(h.git, c).toString('latin1')
  t.match(text, /@@ -1,5000 \+1,5000 @@\n/, 'past the edit-distance cap a change is one replace hunk')
  t.match(text, /deleted file mode 100644\nindex [0-9a-f]{7}\.\.0000000\n--- a\/gone\.txt\n\+\+\+ \/dev\/null\n@@ -1,2 \+0,0 @@\n-x\n-y\n\\ No newline at end of file\n$/)
  t.equal(quotePath('a/', 'plain/é.md'), 'a/plain/\xc3\xa9.md', 'non-ASCII is not quoted (core.quotePath=false); bytes are kept')
  t.equal(quotePath('b/', 'say "hi"\\.txt'), '"b/say \\"hi\\"\\\\.txt"')
  t.equal(quotePath('', 'bell\u0007'), '"bell\\a"')
  t.equal(quotePath('', 'del\u007f'), '"del\\177"')
  t.equal(gitDate(sig), 'Tue Nov 14 17:13:20 2023 -0500')
})

t.test('RFC 3339 and ref-name checks', async (t) => {
  t.equal(parseRfc3339('2024-04-01T00:00:00Z'), Date.UTC(2024, 3, 1) / 1000)
  t.equal(parseRfc3339('2024-04-01T02:00:00.5+02:00'), Date.UTC(2024, 3, 1) / 1000)
  t.equal(parseRfc3339('2024-02-29T00:00:00z'), Date.UTC(2024, 1, 29) / 1000)
  for (const bad of ['2023-02-29T00:00:00Z', '2024-04-01T00:00:60Z', '2024-04-01T00:00:00+24:00', '2024-4-1T00:00:00Z', '']) t.equal(parseRfc3339(bad), undefined, bad)
  for (const good of ['main', 'feature/x', 'v1.0.0', 'a1b2c3d']) t.ok(isValidRefPattern(good), good)
  for (const bad of ['', 'a..b', 'a b', 'x.lock', '-x', 'a//b', '/a', 'a/', 'a/.b', 'a.', 'a@{1}', '@', 'a:b']) t.notOk(isValidRefPattern(bad), JSON.stringify(bad))
})

t.test('compare: base...head, base..head or head alone; stats always, files unless files=false', async (t) => {
  const three = await get(`${platform}/compare/main...feature/login-rate-limit`)
  t.equal(three.status, 200)
  t.same(validateDefinition('Compare', three.body), [])
  t.equal(three.body.total_commits, 2)
  t.same(three.body.commits.map((c: Json) => c.commit.message.split('\n')[0]), ['Rate-limit login attempts per IP', 'Add login route'])
  t.ok(three.body.commits.every((c: Json) => c.stats !== null && Array.isArray(c.files)))
  const two = await get(`${platform}/compare/main..feature/login-rate-limit?files=false`)
  t.same(two.body.commits.map((c: Json) => c.sha), three.body.commits.map((c: Json) => c.sha))
  t.ok(two.body.commits.every((c: Json) => c.files === null))
  t.same(validateDefinition('Compare', two.body), [])
  t.equal((await get(`${platform}/compare/feature/login-rate-limit`)).body.total_commits, 2, 'head alone compares with the default branch')
  t.same((await get(`${platform}/compare`)).body, { total_commits: 0, commits: [] })
  const tags = await get(`${platform}/compare/v1.0.0...v1.1.0`)
  t.equal(tags.body.total_commits, 3)
  const sha = tags.body.commits[2].sha as string
  t.equal((await get(`${platform}/compare/${sha.slice(0, 7)}...v1.1.0`)).body.total_commits, 2, 'an abbreviated SHA')
  t.equal((await get(`${platform}/compare/v1.1.0...v1.0.0`)).body.total_commits, 0, 'head behind base: nothing new')
  t.equal((await get(`${platform}/compare/main...nope`)).status, 404)
  t.equal((await get(`${platform}/compare/nope...main`)).status, 404)
  t.equal((await get('/repos/acme/empty/compare/main...main')).status, 404)
})

t.test('file-contents: several files in the order asked, null for what cannot be read, 30 at most', async (t) => {
  const body = encodeURIComponent(JSON.stringify({ files: ['README.md', 'nope.md', 'src/config.ts', '../x', 'src'] }))
  const res = await get(`${platform}/file-contents?ref=v1.0.0&body=${body}`)
  t.equal(res.status, 200)
  t.equal(res.body.length, 5)
  t.equal(res.body[1], null)
  t.equal(res.body[3], null)
  t.same(validateArrayOf('ContentsResponse', [res.body[0], res.body[2], res.body[4]]), [])
  t.equal(Buffer.from(res.body[0].content, 'base64').toString().split('\n')[0], '# Acme Platform API')
  t.match(res.body[0].html_url, /\/src\/tag\/v1\.0\.0\/README\.md$/)
  t.equal(res.body[4].type, 'dir')
  const many = encodeURIComponent(JSON.stringify({ files: Array.from({ length: 40 }, () => 'README.md') }))
  t.equal((await get(`${platform}/file-contents?body=${many}`)).body.length, 30)
  t.equal((await get(`${platform}/file-contents?body=nope`)).status, 400)
  t.equal((await get(`${platform}/file-contents?body=${encodeURIComponent('{"files":[1]}')}`)).status, 400)
  t.equal((await get(`${platform}/file-contents?ref=nope&body=${body}`)).status, 404)
  t.equal((await get(`/repos/acme/empty/file-contents?body=${body}`)).status, 404)
  const head = await get(`${platform}/commits?limit=1&stat=false&files=false&verification=false`)
  const bySha = await get(`${platform}/file-contents?ref=${head.body[0].sha as string}&body=${encodeURIComponent('{"files":["package.json"]}')}`)
  t.match(Buffer.from(bySha.body[0].content, 'base64').toString(), /"version": "1\.1\.0"/)
})

t.test('branches and tags show the commit they point at', async (t) => {
  const branches = await get('/repos/acme/handbook/branches')
  t.same(validateArrayOf('Branch', branches.body), [])
  const main = branches.body.find((b: Json) => b.name === 'main')
  t.match(main.commit.message, /^Import the engineering guidelines/)
  const data = sampleData()
  const handbook = data.repositories.find((r) => r.name === 'handbook')
  t.equal(main.commit.id, handbook?.git.branches.get('main'))
  const tags = await get(`${platform}/tags`)
  t.same(validateArrayOf('Tag', tags.body), [])
  t.same(tags.body.map((tag: Json) => tag.name), ['v1.1.0', 'v1.0.0'])
})
