import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { GiteaError } from '../../../lib/gitea/errors.js'
import type { GiteaClient, GiteaRepository, Page } from '../../../lib/gitea/types.js'

function repository (fullName: string): GiteaRepository {
  const [owner = '', name = ''] = fullName.split('/')
  return { name, full_name: fullName, owner: { login: owner } } as unknown as GiteaRepository
}

function page (names: string[]): Page<GiteaRepository> {
  return { items: names.map(repository), page: 1, limit: 30, total: 40, hasMore: true }
}

/** A client that records what reaches it and answers every per-repo call with a marker. */
function recordingClient (): { client: GiteaClient, calls: string[] } {
  const calls: string[] = []
  const client: GiteaClient = {
    host: 'git.example.com',
    async getVersion () { calls.push('getVersion'); return '1.26.3' },
    async getCurrentUser () { calls.push('getCurrentUser'); return { login: 'bot' } as never },
    async listMyRepos () { calls.push('listMyRepos'); return page(['acme/platform', 'ACME/Website', 'globex/secret-plans', 'other/x']) },
    async listOwnerRepos (owner) { calls.push(`listOwnerRepos ${owner}`); return page(['acme/platform', 'ACME/Website', 'globex/secret-plans', 'other/x']) },
    async searchRepos () { calls.push('searchRepos'); return page(['globex/secret-plans', 'acme/platform']) },
    async getRepo (owner, repo) { calls.push(`getRepo ${owner}/${repo}`); return repository(`${owner}/${repo}`) },
    async getContents (owner, repo) { calls.push(`getContents ${owner}/${repo}`); return [] },
    async getContentsMeta (owner, repo) { calls.push(`getContentsMeta ${owner}/${repo}`); return [] },
    async getTree (owner, repo) { calls.push(`getTree ${owner}/${repo}`); return { sha: 's', url: '', tree: [], truncated: false, page: 1, total_count: 0 } },
    async getRawFile (owner, repo) { calls.push(`getRawFile ${owner}/${repo}`); return { bytes: Buffer.from('x'), truncated: false } },
    async getMediaFile (owner, repo) { calls.push(`getMediaFile ${owner}/${repo}`); return { bytes: Buffer.from('x'), truncated: false } },
    async listBranches (owner, repo) { calls.push(`listBranches ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async listTags (owner, repo) { calls.push(`listTags ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async listCommits (owner, repo) { calls.push(`listCommits ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getCommit (owner, repo) { calls.push(`getCommit ${owner}/${repo}`); return { sha: 'c' } as never },
    async getCommitDiff (owner, repo) { calls.push(`getCommitDiff ${owner}/${repo}`); return { bytes: Buffer.from(''), truncated: false } },
    async compareCommits (owner, repo) { calls.push(`compareCommits ${owner}/${repo}`); return { total_commits: 0, commits: [] } },
    async getFileContentsBatch (owner, repo) { calls.push(`getFileContentsBatch ${owner}/${repo}`); return [] },
    // Issue tracker methods: covered by test/lib/gitea/client-issues.test.ts.
    async listIssues (owner, repo) { calls.push(`listIssues ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async searchIssues () { calls.push('searchIssues'); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getIssue (owner, repo) { calls.push(`getIssue ${owner}/${repo}`); return { number: 1 } as never },
    async listIssueComments (owner, repo) { calls.push(`listIssueComments ${owner}/${repo}`); return [] },
    async listPullRequests (owner, repo) { calls.push(`listPullRequests ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getPullRequest (owner, repo) { calls.push(`getPullRequest ${owner}/${repo}`); return { number: 1 } as never },
    async listPullRequestFiles (owner, repo) { calls.push(`listPullRequestFiles ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getPullRequestDiff (owner, repo) { calls.push(`getPullRequestDiff ${owner}/${repo}`); return { bytes: Buffer.from(''), truncated: false } },
    async listReleases (owner, repo) { calls.push(`listReleases ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async listLabels (owner, repo) { calls.push(`listLabels ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    // Actions
    async listActionRuns (owner, repo) { calls.push(`listActionRuns ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getActionRun (owner, repo) { calls.push(`getActionRun ${owner}/${repo}`); return { id: 1 } as never },
    async listActionRunJobs (owner, repo) { calls.push(`listActionRunJobs ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getActionJob (owner, repo) { calls.push(`getActionJob ${owner}/${repo}`); return { id: 1 } as never },
    async getActionJobLog (owner, repo) { calls.push(`getActionJobLog ${owner}/${repo}`); return { lines: [], totalLines: 0, totalBytes: 0, cutLines: 0, peakHeldChars: 0 } },
    // Read parity (issue 14): covered by the tools' tests against the fake Gitea.
    async listWikiPages (owner, repo) { calls.push(`listWikiPages ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async getWikiPage (owner, repo) { calls.push(`getWikiPage ${owner}/${repo}`); return { title: 'Home' } as never },
    async listMilestones (owner, repo) { calls.push(`listMilestones ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async listPullReviews (owner, repo) { calls.push(`listPullReviews ${owner}/${repo}`); return { items: [], page: 1, limit: 30, total: 0, hasMore: false } },
    async listPullReviewComments (owner, repo) { calls.push(`listPullReviewComments ${owner}/${repo}`); return [] },
    async getCombinedStatus (owner, repo) { calls.push(`getCombinedStatus ${owner}/${repo}`); return { state: '', sha: '', statuses: { items: [], page: 1, limit: 30, total: 0, hasMore: false } } }
  }
  return { client, calls }
}

t.test('parseRepoAllowlist reads owner/repo and owner/* patterns, case-insensitively', async (t) => {
  const list = parseRepoAllowlist(' acme/platform , Globex/* ,,my.org/some-repo_1 ')
  t.same(list.patterns, ['acme/platform', 'Globex/*', 'my.org/some-repo_1'])
  t.equal(list.allowsAll, false)
  t.equal(list.allows('acme', 'platform'), true)
  t.equal(list.allows('ACME', 'Platform'), true)
  t.equal(list.allows('acme', 'website'), false)
  t.equal(list.allows('globex', 'anything'), true)
  t.equal(list.allows('GLOBEX', 'Secret-Plans'), true)
  t.equal(list.allows('my.org', 'some-repo_1'), true)
  t.equal(list.allows('acmex', 'platform'), false)
  t.equal(list.allows('acme/platform', ''), false, 'no smuggling a slash through the owner')
})

t.test('an empty REPO_ALLOWLIST allows everything', async (t) => {
  for (const value of ['', '  ', ',', ' , ']) {
    const list = parseRepoAllowlist(value)
    t.equal(list.allowsAll, true, JSON.stringify(value))
    t.equal(list.allows('anyone', 'anything'), true)
  }
})

t.test('malformed patterns are refused with a message naming the entry', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['acme', /"acme" is not owner\/repo or owner\/\*/],
    ['acme/platform/extra', /"acme\/platform\/extra" is not owner\/repo/],
    ['*/platform', /owner "\*" is not a valid Gitea name/],
    ['*/*', /owner "\*"/],
    ['acme/plat*', /repository "plat\*" is not a valid/],
    ['acme/', /repository "" is not a valid/],
    ['/platform', /owner "" is not a valid/],
    ['acme/..', /repository "\.\."/],
    ['ac me/x', /owner "ac me"/],
    ['good/one,bad', /"bad" is not owner\/repo/]
  ]
  for (const [value, message] of cases) t.throws(() => parseRepoAllowlist(value), message, value)
})

t.test('an empty allowlist returns the client unchanged', async (t) => {
  const { client } = recordingClient()
  t.equal(withRepoAllowlist(client, parseRepoAllowlist('')), client)
})

t.test('per-repository calls outside the list are not_found and never reach Gitea', async (t) => {
  const { client, calls } = recordingClient()
  const denied: string[] = []
  const gitea = withRepoAllowlist(client, parseRepoAllowlist('acme/platform,globex/*'), (owner, repo) => denied.push(`${owner}/${repo}`))
  t.equal(gitea.host, 'git.example.com')

  t.equal((await gitea.getRepo('Acme', 'PLATFORM')).full_name, 'Acme/PLATFORM')
  t.same(await gitea.getContents('acme', 'platform', 'src', 'main'), [])
  t.equal((await gitea.getTree('globex', 'secret-plans', 'main')).sha, 's')
  t.equal((await gitea.getRawFile('globex', 'x', 'a.txt', undefined, 10)).truncated, false)

  const refusals: Array<[string, Promise<unknown>]> = [
    ['getRepo', gitea.getRepo('acme', 'website')],
    ['getContents', gitea.getContents('acme', 'website', 'README.md', 'main')],
    ['getTree', gitea.getTree('other', 'x', 'main', { recursive: true })],
    ['getRawFile', gitea.getRawFile('acmE', 'website', 'a.txt', undefined, 10)],
    ['getContentsMeta', gitea.getContentsMeta('acme', 'website', 'README.md', 'main')],
    ['getMediaFile', gitea.getMediaFile('acme', 'website', 'big.bin', undefined, 10)]
  ]
  for (const [name, promise] of refusals) {
    await t.rejects(promise, { name: 'GiteaError', code: 'not_found', status: 404, message: /not found, or the token cannot read it/ }, name)
  }
  t.same(denied, ['acme/website', 'acme/website', 'other/x', 'acmE/website', 'acme/website', 'acme/website'])
  t.same(calls, ['getRepo Acme/PLATFORM', 'getContents acme/platform', 'getTree globex/secret-plans', 'getRawFile globex/x'])

  t.equal(await gitea.getVersion(), '1.26.3')
  t.equal((await gitea.getCurrentUser()).login, 'bot')
})

t.test('Actions calls outside the list are not_found and never reach Gitea', async (t) => {
  const { client, calls } = recordingClient()
  const denied: string[] = []
  const gitea = withRepoAllowlist(client, parseRepoAllowlist('acme/platform'), (owner, repo) => denied.push(`${owner}/${repo}`))
  t.equal((await gitea.getActionRun('acme', 'platform', 12)).id, 1)
  const refusals: Array<[string, Promise<unknown>]> = [
    ['listActionRuns', gitea.listActionRuns('acme', 'website', {})],
    ['getActionRun', gitea.getActionRun('acme', 'website', 12)],
    ['listActionRunJobs', gitea.listActionRunJobs('acme', 'website', 12, {})],
    ['getActionJob', gitea.getActionJob('acme', 'website', 104)],
    ['getActionJobLog', gitea.getActionJobLog('acme', 'website', 104, 10, 100)]
  ]
  for (const [name, promise] of refusals) {
    await t.rejects(promise, { name: 'GiteaError', code: 'not_found', status: 404, message: /not found, or the token cannot read it/ }, name)
  }
  t.equal(denied.length, 5)
  t.same(calls, ['getActionRun acme/platform'])
})

t.test('lists and search results are filtered, and their total dropped', async (t) => {
  const { client } = recordingClient()
  const gitea = withRepoAllowlist(client, parseRepoAllowlist('acme/*'))
  const owned = await gitea.listOwnerRepos('acme', {})
  t.same(owned.items.map((r) => r.full_name), ['acme/platform', 'ACME/Website'])
  t.equal(owned.total, null, 'a total would count hidden repositories')
  t.equal(owned.hasMore, true, 'the next page may still hold allowed repositories')
  const found = await gitea.searchRepos('x', {})
  t.same(found.items.map((r) => r.full_name), ['acme/platform'])
  t.equal(found.total, null)
})

t.test('a denied repository gets exactly the error a missing one gets from the real client', async (t) => {
  // A Gitea that knows no repository at all: 404 with its generic body.
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end('{"message":"not found","url":"http://x/api/swagger","errors":null}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const real = createGiteaClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'a'.repeat(40), timeoutMs: 5000 })
  const gitea = withRepoAllowlist(real, parseRepoAllowlist('acme/platform'))

  const calls: Array<(c: GiteaClient) => Promise<unknown>> = [
    async (c) => await c.getRepo('globex', 'secret-plans'),
    async (c) => await c.getContents('globex', 'secret-plans', ''),
    async (c) => await c.getContents('globex', 'secret-plans', 'docs/plan.md', 'main'),
    async (c) => await c.getTree('globex', 'secret-plans', 'feature/x', { recursive: true }),
    async (c) => await c.getRawFile('globex', 'secret-plans', 'docs/plan.md', undefined, 100),
    async (c) => await c.getRawFile('globex', 'secret-plans', 'docs/plan.md', 'v1', 100),
    async (c) => await c.getContentsMeta('globex', 'secret-plans', 'docs/plan.md', 'main'),
    async (c) => await c.getMediaFile('globex', 'secret-plans', 'docs/plan.md', undefined, 100)
  ]
  for (const call of calls) {
    const missing = await call(real).catch((error: unknown) => error)
    const hidden = await call(gitea).catch((error: unknown) => error)
    t.type(missing, GiteaError)
    t.type(hidden, GiteaError)
    const [a, b] = [missing as GiteaError, hidden as GiteaError]
    t.same({ code: b.code, status: b.status, message: b.message, name: b.name }, { code: a.code, status: a.status, message: a.message, name: a.name },
      a.message)
  }
})
