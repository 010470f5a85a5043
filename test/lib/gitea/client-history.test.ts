// The client's history methods (branches, tags, commits, one commit, its
// diff, comparisons) and the batch file read, against the fake Gitea; and the
// allowlist in front of each of them.
import t from 'tap'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { GiteaError, type GiteaErrorCode } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'
import { GitHistory, signature, type FakeGiteaData } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { type FakeGitea, startFakeGitea } from '../../fake-gitea/server.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

/** The sample data plus acme/busy: 120 commits that each touch log.txt, one in three also other.txt. */
function dataWithBusyRepo (): FakeGiteaData {
  const data = sampleData()
  const template = data.repositories.find((r) => r.name === 'handbook')
  if (template === undefined) throw new Error('sample data changed')
  const h = new GitHistory()
  for (let i = 0; i < 120; i++) {
    const files: Record<string, string> = { 'log.txt': `entry ${i}\n` }
    if (i % 3 === 0) files['other.txt'] = `other ${i}\n`
    h.commit({ branch: 'main', author: signature('Bob Martins', 'bob@acme.example', `2024-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 0), message: `Commit ${i}`, files })
  }
  data.repositories.push({ ...template, id: 50, name: 'busy', git: h.git })
  return data
}

let fake: FakeGitea
let gitea: GiteaClient
t.before(async () => {
  fake = await startFakeGitea({ data: dataWithBusyRepo() })
  gitea = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 10_000 })
})
t.teardown(async () => { await fake.close() })

async function rejects (t: Test, promise: Promise<unknown>, code: GiteaErrorCode, message?: RegExp): Promise<GiteaError> {
  try {
    await promise
  } catch (error) {
    t.ok(error instanceof GiteaError, 'a GiteaError')
    t.equal((error as GiteaError).code, code)
    if (message !== undefined) t.match((error as GiteaError).message, message)
    return error as GiteaError
  }
  t.fail(`expected ${code}`)
  return new GiteaError('gitea_error', 'unreachable')
}

t.test('branches and tags, with the commit each points at', async (t) => {
  const branches = await gitea.listBranches('acme', 'platform', {})
  t.same(branches.items.map((b) => b.name), ['feature/login-rate-limit', 'main'])
  t.equal(branches.total, 2)
  t.equal(branches.hasMore, false)
  t.match(branches.items[1], { protected: true, commit: { id: /^[0-9a-f]{40}$/, message: /^Document on-call/, author: { name: 'Alice Nguyen', username: 'alice' } } })
  const paged = await gitea.listBranches('acme', 'platform', { page: 1, limit: 1 })
  t.equal(paged.items.length, 1)
  t.equal(paged.hasMore, true)
  t.same((await gitea.listBranches('acme', 'empty', {})).items, [], 'an empty repository answers null: no branches')
  const tags = await gitea.listTags('acme', 'platform', {})
  t.same(tags.items.map((tag) => tag.name), ['v1.1.0', 'v1.0.0'])
  const [annotated, light] = tags.items
  t.not(annotated?.id, annotated?.commit.sha, 'an annotated tag has its own object')
  t.equal(light?.id, light?.commit.sha)
  await rejects(t, gitea.listTags('acme', 'nope', {}), 'not_found', /Tags of repository "acme\/nope" not found/)
})

t.test('commits: filters, stats and files on request, errors', async (t) => {
  const page = await gitea.listCommits('acme', 'platform', { limit: 3 })
  t.equal(page.items.length, 3)
  t.equal(page.total, 10)
  t.equal(page.hasMore, true)
  t.equal(page.items[0]?.stats, null, 'stat=false unless asked')
  t.equal(page.items[0]?.files, null)
  t.match(fake.requests.at(-1)?.query, /stat=false.*verification=false.*files=false/)
  const detailed = await gitea.listCommits('acme', 'platform', { limit: 1, stat: true, files: true, sha: 'v1.0.0' })
  t.match(detailed.items[0], { commit: { message: /^Release 1\.0\.0/ }, stats: { additions: 1, deletions: 1 }, files: [{ filename: 'package.json', status: 'modified' }] })
  const feature = await gitea.listCommits('acme', 'platform', { sha: 'feature/login-rate-limit', since: '2024-06-01T00:00:00Z' })
  t.same(feature.items.map((c) => c.commit.message.split('\n')[0]), ['Rate-limit login attempts per IP', 'Add login route'])
  await rejects(t, gitea.listCommits('acme', 'platform', { since: 'last week' }), 'bad_request', /\(422\).*invalid 'since' format/)
  await rejects(t, gitea.listCommits('acme', 'platform', { sha: 'nope' }), 'not_found', /Commits from "nope" in repository "acme\/platform" not found/)
  await rejects(t, gitea.listCommits('acme', 'empty', {}), 'empty_repository')
  await rejects(t, gitea.listCommits('acme', 'platform', { path: 'nope.txt' }), 'not_found', /touching "nope\.txt"/)
})

t.test('commits with a path: Gitea pages by 50, the client gives the page asked for', async (t) => {
  const all: string[] = []
  for (let p = 1; p <= 3; p++) all.push(...(await gitea.listCommits('acme', 'busy', { page: p, limit: 50 })).items.map((c) => c.sha))
  t.equal(all.length, 120)
  const other = all.filter((_, i) => (119 - i) % 3 === 0)
  t.equal(other.length, 40)
  for (const [page, limit] of [[1, 30], [2, 30], [3, 30], [4, 30], [2, 7], [1, 50], [2, 50], [3, 50]] as const) {
    const got = await gitea.listCommits('acme', 'busy', { path: 'log.txt', page, limit })
    const offset = (page - 1) * limit
    t.same(got.items.map((c) => c.sha), all.slice(offset, offset + limit), `log.txt page ${page} of ${limit}`)
    t.equal(got.total, 120)
    t.equal(got.hasMore, offset + limit < 120)
    t.equal(got.limit, limit)
  }
  const second = await gitea.listCommits('acme', 'busy', { path: 'other.txt', page: 2, limit: 30 })
  t.same(second.items.map((c) => c.sha), other.slice(30, 60), 'a page past the first 50-commit page')
  t.equal(second.hasMore, false)
  const before = fake.requests.length
  await gitea.listCommits('acme', 'busy', { path: 'log.txt', page: 2, limit: 30 })
  t.same(fake.requests.slice(before).map((r) => new URLSearchParams(r.query).get('page')), ['1', '2'], 'offsets 30 to 59 span two pages of 50')
})

t.test('one commit: by SHA, tag or a branch with "/", and its diff', async (t) => {
  const head = (await gitea.listCommits('acme', 'platform', { limit: 1 })).items[0]
  if (head === undefined) throw new Error('no commits')
  const commit = await gitea.getCommit('acme', 'platform', head.sha, { stat: true, files: true })
  t.match(commit, { sha: head.sha, stats: { total: Number }, files: [{ filename: 'docs/runbook.md', status: 'modified' }] })
  t.equal(commit.parents.length, 1)
  t.equal((await gitea.getCommit('acme', 'platform', head.sha)).files, null)
  const before = fake.requests.length
  const feature = await gitea.getCommit('acme', 'platform', 'feature/login-rate-limit')
  t.match(feature.commit.message, /^Rate-limit login attempts/)
  t.same(fake.requests.slice(before).map((r) => r.path), ['/api/v1/repos/acme/platform/commits', `/api/v1/repos/acme/platform/git/commits/${feature.sha}`],
    'a name with "/" is resolved through a query parameter first')
  await rejects(t, gitea.getCommit('acme', 'platform', 'feature/nope'), 'not_found', /Commit "feature\/nope" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getCommit('acme', 'platform', 'deadbeef'), 'not_found', /Commit "deadbeef"/)
  await rejects(t, gitea.getCommit('acme', 'platform', 'a..b'), 'bad_request', /\(422\)/)

  const diff = await gitea.getCommitDiff('acme', 'platform', head.sha, 1_000_000)
  t.equal(diff.truncated, false)
  t.match(diff.bytes.toString(), /^diff --git a\/docs\/runbook\.md b\/docs\/runbook\.md\n/)
  const capped = await gitea.getCommitDiff('acme', 'handbook', 'main', 1000)
  t.equal(capped.truncated, true)
  t.equal(capped.bytes.length, 1000)
  const viaBranch = await gitea.getCommitDiff('acme', 'platform', 'feature/login-rate-limit', 100_000)
  t.match(viaBranch.bytes.toString(), /src\/middleware\/rate-limit\.ts/)
  await rejects(t, gitea.getCommitDiff('acme', 'platform', 'deadbeef', 10), 'not_found')
  await rejects(t, gitea.getCommitDiff('acme', 'platform', head.sha, -1), 'bad_request')
})

t.test('comparisons keep "/" in ref names', async (t) => {
  const before = fake.requests.length
  const compared = await gitea.compareCommits('acme', 'platform', 'main', 'feature/login-rate-limit')
  t.equal(compared.total_commits, 2)
  t.ok(compared.commits.every((c) => c.stats !== null && Array.isArray(c.files)))
  t.equal(fake.requests[before]?.path, '/api/v1/repos/acme/platform/compare/main...feature/login-rate-limit')
  t.equal((await gitea.compareCommits('acme', 'platform', 'v1.1.0', 'v1.0.0')).total_commits, 0)
  await rejects(t, gitea.compareCommits('acme', 'platform', 'main', 'nope'), 'not_found', /Comparison of "main" with "nope" in repository "acme\/platform" not found/)
  await rejects(t, gitea.compareCommits('acme', 'platform', 'a..b', 'main'), 'bad_request', /Invalid base/)
  await rejects(t, gitea.compareCommits('acme', 'platform', 'main', ''), 'bad_request', /Invalid head/)
})

t.test('several files at once', async (t) => {
  const files = await gitea.getFileContentsBatch('acme', 'platform', ['README.md', 'missing.txt', 'src/index.ts'], 'v1.0.0')
  t.equal(files.length, 3)
  t.equal(files[1], null)
  t.equal(files[0]?.path, 'README.md')
  t.match(Buffer.from(files[2]?.content ?? '', 'base64').toString(), /buildServer/)
  t.same(await gitea.getFileContentsBatch('acme', 'platform', [], 'main'), [], 'nothing asked, nothing sent')
  await rejects(t, gitea.getFileContentsBatch('acme', 'platform', ['README.md'], 'nope'), 'not_found', /Files at ref "nope" in repository "acme\/platform"/)
})

t.test('every history method passes through the allowlist', async (t) => {
  const denied: string[] = []
  const limited = withRepoAllowlist(gitea, parseRepoAllowlist('acme/platform'), (owner, repo) => denied.push(`${owner}/${repo}`))
  const before = fake.requests.length
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['listBranches', async () => await limited.listBranches('acme', 'handbook', {})],
    ['listTags', async () => await limited.listTags('acme', 'handbook', {})],
    ['listCommits', async () => await limited.listCommits('acme', 'handbook', { path: 'README.md' })],
    ['getCommit', async () => await limited.getCommit('acme', 'handbook', 'main')],
    ['getCommitDiff', async () => await limited.getCommitDiff('acme', 'handbook', 'main', 100)],
    ['compareCommits', async () => await limited.compareCommits('acme', 'handbook', 'main', 'main')],
    ['getFileContentsBatch', async () => await limited.getFileContentsBatch('acme', 'handbook', ['README.md'], 'main')]
  ]
  for (const [name, call] of calls) {
    const error = await rejects(t, call(), 'not_found', /not found, or the token cannot read it/)
    t.equal(error.status, 404, name)
  }
  t.equal(fake.requests.length, before, 'nothing reached Gitea')
  t.equal(denied.length, calls.length)
  t.ok(denied.every((name) => name === 'acme/handbook'))
  // The same calls for the allowed repository go through.
  t.equal((await limited.listBranches('acme', 'platform', {})).items.length, 2)
  t.equal((await limited.listTags('acme', 'platform', {})).items.length, 2)
  t.equal((await limited.listCommits('acme', 'platform', { limit: 1 })).items.length, 1)
  t.match((await limited.getCommit('acme', 'platform', 'v1.0.0')).commit.message, /^Release 1\.0\.0/)
  t.ok((await limited.getCommitDiff('acme', 'platform', 'v1.0.0', 100)).bytes.length > 0)
  t.equal((await limited.compareCommits('acme', 'platform', 'v1.0.0', 'v1.1.0')).total_commits, 3)
  t.equal((await limited.getFileContentsBatch('acme', 'platform', ['README.md'], 'main')).length, 1)
})
