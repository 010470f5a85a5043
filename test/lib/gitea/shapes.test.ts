// Every shape the client checks, endpoint by endpoint, through a proxy in
// front of the fake Gitea: the fake's answer passes as it is, and the same
// answer without one required field is a gitea_error that names the endpoint
// and the field, and never Gitea's address.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { GiteaError } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'
import { type FakeGitea, startFakeGitea } from '../../fake-gitea/server.js'

/** A sample body, reached into by the mutations below. */
type Json = any

let fake: FakeGitea
let gitea: GiteaClient
let proxyHost = ''
/** The path (after /api/v1, without query) whose JSON answer is changed, and how. */
let mutation: { path: string, change: (body: Json) => void } | undefined

t.before(async () => {
  fake = await startFakeGitea()
  const proxy = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const headers: Record<string, string> = {}
    for (const name of ['authorization', 'accept']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name]
    fetch(fake.url + url.pathname + url.search, { headers }).then(async (answer) => {
      let body = await answer.text()
      if (mutation !== undefined && url.pathname === `/api/v1${mutation.path}`) {
        const parsed = JSON.parse(body) as Json
        mutation.change(parsed)
        body = JSON.stringify(parsed)
      }
      const out: Record<string, string> = {}
      for (const name of ['content-type', 'x-total-count']) {
        const value = answer.headers.get(name)
        if (value !== null) out[name] = value
      }
      res.writeHead(answer.status, out)
      res.end(body)
    }).catch((error: unknown) => { res.writeHead(502); res.end(String(error)) })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`
  t.teardown(async () => await new Promise<void>((resolve) => proxy.close(() => resolve())))
  gitea = createGiteaClient({ baseUrl: `http://${proxyHost}`, token: fake.token, timeoutMs: 10_000 })
})
t.teardown(async () => { await fake.close() })

/** [shape, path after /api/v1, the call, the change, the field the message names] */
const cases: Array<[string, string, (c: GiteaClient) => Promise<unknown>, (body: Json) => void, string]> = [
  ['version', '/version', async (c) => await c.getVersion(), (b) => { delete b.version }, 'version.version'],
  ['user', '/user', async (c) => await c.getCurrentUser(), (b) => { delete b.login }, 'user.login'],
  ['repository', '/repos/acme/platform', async (c) => await c.getRepo('acme', 'platform'), (b) => { delete b.full_name }, 'repository.full_name'],
  ['repository owner', '/repos/acme/platform', async (c) => await c.getRepo('acme', 'platform'), (b) => { delete b.owner.id }, 'repository.owner.id'],
  ['repository list', '/user/repos', async (c) => await c.listMyRepos({}), (b) => { delete b[0].id }, 'repository list[0].id'],
  ['search results', '/repos/search', async (c) => await c.searchRepos('a', {}), (b) => { delete b.data[0].name }, 'search results.data[0].name'],
  ['file', '/repos/acme/platform/contents/README.md', async (c) => await c.getContents('acme', 'platform', 'README.md'), (b) => { delete b.sha }, 'contents.sha'],
  ['directory', '/repos/acme/platform/contents/src', async (c) => await c.getContents('acme', 'platform', 'src'), (b) => { delete b[0].type }, 'contents[0].type'],
  ['tree', '/repos/acme/platform/git/trees/main', async (c) => await c.getTree('acme', 'platform', 'main'), (b) => { delete b.tree[0].path }, 'tree.tree[0].path'],
  ['branch list', '/repos/acme/platform/branches', async (c) => await c.listBranches('acme', 'platform', {}), (b) => { delete b[0].commit.id }, 'branch list[0].commit.id'],
  ['tag list', '/repos/acme/platform/tags', async (c) => await c.listTags('acme', 'platform', {}), (b) => { delete b[0].name }, 'tag list[0].name'],
  ['commit list', '/repos/acme/platform/commits', async (c) => await c.listCommits('acme', 'platform', {}), (b) => { delete b[0].sha }, 'commit list[0].sha'],
  ['commit', '/repos/acme/platform/git/commits/main', async (c) => await c.getCommit('acme', 'platform', 'main'), (b) => { delete b.commit }, 'commit.commit'],
  ['comparison', '/repos/acme/platform/compare/main...feature/login-rate-limit', async (c) => await c.compareCommits('acme', 'platform', 'main', 'feature/login-rate-limit'),
    (b) => { delete b.commits[0].sha }, 'comparison.commits[0].sha'],
  ['file contents', '/repos/acme/platform/file-contents', async (c) => await c.getFileContentsBatch('acme', 'platform', ['README.md'], 'main'),
    (b) => { delete b[0].path }, 'file contents[0].path'],
  ['issue list', '/repos/acme/platform/issues', async (c) => await c.listIssues('acme', 'platform', { state: 'all' }), (b) => { delete b[0].number }, 'issue list[0].number'],
  ['issue search', '/repos/issues/search', async (c) => await c.searchIssues({ query: 'a', state: 'all' }), (b) => { delete b[0].state }, 'issue list[0].state'],
  ['issue', '/repos/acme/platform/issues/1', async (c) => await c.getIssue('acme', 'platform', 1), (b) => { delete b.title }, 'issue.title'],
  ['comment list', '/repos/acme/platform/issues/5/comments', async (c) => await c.listIssueComments('acme', 'platform', 5), (b) => { delete b[0].id }, 'comment list[0].id'],
  ['pull request list', '/repos/acme/platform/pulls', async (c) => await c.listPullRequests('acme', 'platform', { state: 'all' }), (b) => { delete b[0].base }, 'pull request list[0].base'],
  ['pull request', '/repos/acme/platform/pulls/2', async (c) => await c.getPullRequest('acme', 'platform', 2), (b) => { delete b.head }, 'pull request.head'],
  ['changed file list', '/repos/acme/platform/pulls/6/files', async (c) => await c.listPullRequestFiles('acme', 'platform', 6, {}), (b) => { delete b[0].filename }, 'changed file list[0].filename'],
  ['release list', '/repos/acme/platform/releases', async (c) => await c.listReleases('acme', 'platform', {}), (b) => { delete b[0].tag_name }, 'release list[0].tag_name'],
  ['release asset', '/repos/acme/platform/releases', async (c) => await c.listReleases('acme', 'platform', {}),
    (b) => { b[0].assets = [{ id: 1, size: 1, download_count: 0, browser_download_url: 'x' }] }, 'release list[0].assets[0].name'],
  ['label list', '/repos/acme/platform/labels', async (c) => await c.listLabels('acme', 'platform', {}), (b) => { delete b[0].name }, 'label list[0].name']
]

for (const [shape, path, call, change, field] of cases) {
  t.test(`${shape}: the fake's answer passes; without ${field.replace(/^.*\./, '')} it is refused, naming it and GET /api/v1${path}`, async (t) => {
    mutation = undefined
    t.ok(await call(gitea), 'the fake Gitea\'s answer passes')
    mutation = { path, change }
    try {
      await call(gitea)
      t.fail('the answer without the field passed')
    } catch (error) {
      t.ok(error instanceof GiteaError, 'a GiteaError')
      const { code, message } = error as GiteaError
      t.equal(code, 'gitea_error')
      t.ok(message.includes(`GET /api/v1${path}`), `names the endpoint: ${message}`)
      t.ok(message.includes(`${field} is missing`), `names the field: ${message}`)
      t.notOk(message.includes(proxyHost) || message.includes('127.0.0.1'), 'never Gitea\'s address')
    } finally {
      mutation = undefined
    }
  })
}
