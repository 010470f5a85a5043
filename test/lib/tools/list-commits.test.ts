import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { addRepository, failed, ok, setupTool, type Json } from '../../helpers/tool-call.js'

const TOOL = 'list_commits'
const platform = { owner: 'acme', repo: 'platform' }
const titles = (result: Json): string[] => result.commits.map((c: { title: string }) => c.title)

t.test('the history of the default branch, newest first', async (t) => {
  const { fake, call } = await setupTool(t, TOOL)
  const result = ok(t, TOOL, await call({ ...platform, limit: 3 }))
  t.match(result, { ref: 'main', path: null, since: null, until: null, total: 10, has_more: true, next: { page: 2, limit: 3 } })
  t.same(titles(result), ['Document on-call escalation in the runbook', 'Release 1.1.0', 'Add api-schemas submodule and deploy script'])
  const first = result.commits[0]
  t.match(first, {
    sha: /^[0-9a-f]{40}$/,
    author: { name: 'Alice Nguyen', email: 'alice@acme.example', date: '2024-05-21T15:12:47+01:00' },
    committer: { name: 'Alice Nguyen' },
    parents: [result.commits[1].sha]
  })
  t.equal(first.url, `${fake.url}/acme/platform/commit/${first.sha as string}`)
  t.match(fake.requests.find((r) => r.path.endsWith('/commits'))?.query, /stat=false/, 'no per-commit diff stats asked of Gitea')
  const last = ok(t, TOOL, await call({ ...platform, page: 4, limit: 3 }))
  t.same(titles(last), ['Initial commit: Fastify service skeleton'])
  t.same(last.commits[0].parents, [], 'the root commit')
  t.equal(last.has_more, false)
})

t.test('sha, path, since and until narrow the history', async (t) => {
  const { call } = await setupTool(t, TOOL)
  const feature = ok(t, TOOL, await call({ ...platform, sha: 'feature/login-rate-limit', limit: 2 }))
  t.same(titles(feature), ['Rate-limit login attempts per IP', 'Add login route'])
  t.equal(feature.ref, 'feature/login-rate-limit')
  const tax = ok(t, TOOL, await call({ ...platform, path: 'src/services/billing/tax.ts' }))
  t.same(titles(tax), ['Fix VAT rounding on invoices with many lines', 'Add billing service with VAT rules'])
  t.equal(tax.total, 2)
  const dir = ok(t, TOOL, await call({ ...platform, path: 'docs/' }))
  t.equal(dir.path, 'docs', 'a trailing "/" is dropped')
  t.same(titles(dir), ['Document on-call escalation in the runbook', 'Add api-schemas submodule and deploy script', 'Add architecture docs, diagram and legacy tariff notes'])
  const window = ok(t, TOOL, await call({ ...platform, since: '2024-03-01T00:00:00Z', until: '2024-04-30T23:59:59+02:00' }))
  t.same(titles(window), ['Add api-schemas submodule and deploy script', 'Fix VAT rounding on invoices with many lines', 'Release 1.0.0', 'Add customer fixtures and product seed dump for local development'])
  t.match(window, { since: '2024-03-01T00:00:00Z', until: '2024-04-30T23:59:59+02:00' })
  const both = ok(t, TOOL, await call({ ...platform, path: 'package.json', since: '2024-04-01T00:00:00Z' }))
  t.same(titles(both), ['Release 1.1.0'])
  const old = ok(t, TOOL, await call({ ...platform, sha: 'v1.0.0', limit: 1 }))
  t.same(titles(old), ['Release 1.0.0'])
})

t.test('no matching commit is an empty list that says why, not an error', async (t) => {
  const { call } = await setupTool(t, TOOL)
  const none = ok(t, TOOL, await call({ ...platform, path: 'no/such/file.ts' }))
  t.same(none.commits, [])
  t.equal(none.total, 0)
  t.match(none.note, /No commit in the history of "main" changes "no\/such\/file\.ts"; check the path with get_file_tree/)
  const range = ok(t, TOOL, await call({ ...platform, path: 'README.md', since: '2030-01-01T00:00:00Z' }))
  t.match(range.note, /No commit in that time range/)
  const future = ok(t, TOOL, await call({ ...platform, since: '2030-01-01T00:00:00Z' }))
  t.same(future.commits, [])
  const empty = ok(t, TOOL, await call({ owner: 'acme', repo: 'empty' }))
  t.same(empty.commits, [])
  t.match(empty.note, /The repository is empty/)
  const past = ok(t, TOOL, await call({ ...platform, page: 99 }))
  t.same(past.commits, [], 'a page past the end is empty')
})

t.test('dates must be RFC 3339, checked before Gitea is asked', async (t) => {
  const { call, fake } = await setupTool(t, TOOL)
  const before = fake.requests.length
  for (const [argument, value] of [['since', '2024-05-01'], ['since', 'last week'], ['until', '2024-02-30T00:00:00Z'], ['until', '2024-05-01T24:00:00Z'], ['since', '2024-05-01T10:00:00+25:00'], ['since', '2024-05-01 10:00:00Z']]) {
    t.match(failed(t, await call({ ...platform, [argument as string]: value }), 'invalid_arguments'),
      new RegExp(`\`${argument as string}\` must be an RFC 3339 date and time such as "2024-05-01T00:00:00Z"`), `${argument as string}=${value as string}`)
  }
  t.equal(fake.requests.length, before, 'nothing was sent to Gitea')
  t.match(failed(t, await call({ ...platform, since: '2024-05-02T00:00:00Z', until: '2024-05-01T00:00:00Z' }), 'invalid_arguments'), /`since` .* is after `until`/)
})

t.test('unknown refs, bad paths, bad limits', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/*' })
  t.match(failed(t, await call({ ...platform, sha: 'no-such-branch' }), 'not_found'), /"no-such-branch".*not found.*Check `sha` with list_branches or list_tags/)
  t.match(failed(t, await call({ ...platform, sha: 'no-such-branch', path: 'README.md' }), 'not_found'),
    /Commit "no-such-branch" in repository "acme\/platform" not found.*Check `sha`/, 'Gitea\'s 500 for an unknown sha with a path becomes a clear not_found')
  t.match(failed(t, await call({ ...platform, sha: 'a..b' }), 'invalid_arguments'), /`sha` cannot contain "\.\."/)
  t.match(failed(t, await call({ ...platform, sha: 'main branch' }), 'invalid_arguments'), /`sha` must be a branch, tag or commit SHA without spaces/)
  t.match(failed(t, await call({ ...platform, path: '../etc' }), 'invalid_arguments'), /`path` cannot contain "\." or "\.\." segments/)
  t.match(failed(t, await call({ ...platform, path: 'src/%2e%2e/x' }), 'invalid_arguments'), /"\." or "\.\." segments/)
  t.match(failed(t, await call({ ...platform, limit: 51 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await call({ ...platform, limit: 1e12 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await call({ owner: 'globex', repo: 'secret-plans' }), 'not_found'), /Repository "globex\/secret-plans" not found/)
})

t.test('a page cut to fit the budget, and escaped messages', async (t) => {
  const h = new GitHistory()
  for (let i = 0; i < 6; i++) {
    h.commit({ branch: 'main', author: signature('A', 'a@example.com', `2024-01-0${i + 1}T00:00:00`, 0), message: `Change ${i}\u200b ${'x'.repeat(150)}`, files: { 'a.txt': `${i}\n` } })
  }
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'wordy', h.git), limits: { maxResponseBytes: 2500 } })
  const first = ok(t, TOOL, await call({ owner: 'acme', repo: 'wordy', limit: 6 }), 2500)
  t.equal(first.truncated, true)
  t.ok(first.commits.length >= 1 && first.commits.length < 6)
  t.equal(first.has_more, true)
  t.match(first.commits[0].title, /^Change 5\[U\+200B\] x+/)
  t.equal(first.escaped_characters, first.commits.length, 'only the escapes in the commits shown are counted')
  const seen = [...titles(first)]
  let next = first.next
  while (next !== undefined) {
    const more = ok(t, TOOL, await call({ owner: 'acme', repo: 'wordy', ...next }), 2500)
    seen.push(...titles(more))
    next = more.next
  }
  t.same(seen.map((title) => title.slice(0, 8)), ['Change 5', 'Change 4', 'Change 3', 'Change 2', 'Change 1', 'Change 0'], 'following next skips and repeats nothing')
})

t.test('on Gitea 1.24, which ignores since and until, a date filter is refused instead of listing every commit', async (t) => {
  const old = await setupTool(t, TOOL, { gitea: { version: '1.24.7' } })
  const message = failed(t, await old.call({ ...platform, since: '2024-03-01T00:00:00Z' }), 'bad_request')
  t.match(message, /This Gitea \(1\.24\.7\) cannot list commits by date: `since` and `until` need Gitea 1\.25\.0 or newer/)
  t.notOk(old.fake.requests.some((r) => r.path.endsWith('/commits')), 'no commit list asked')
  t.equal(ok(t, TOOL, await old.call({ ...platform, limit: 2 })).commits.length, 2, 'without dates it lists as before')
  const current = await setupTool(t, TOOL)
  ok(t, TOOL, await current.call({ ...platform, since: '2024-03-01T00:00:00Z' }))
  ok(t, TOOL, await current.call({ ...platform, until: '2024-03-01T00:00:00Z' }))
  t.equal(current.fake.requests.filter((r) => r.path === '/api/v1/version').length, 1, 'the version is asked once')
})
