// The client against the fake Gitea (test/fake-gitea): every method, the
// sample data's edge cases, and the shapes types.ts promises checked field by
// field on what the client returns.
import t from 'tap'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { createGiteaClient, fromRepositoryCache } from '../../../lib/gitea/client.js'
import { GiteaError, type GiteaErrorCode } from '../../../lib/gitea/errors.js'
import type { GiteaClient, GiteaContent, GiteaRepository, GiteaTree, GiteaUser } from '../../../lib/gitea/types.js'
import { type FakeGitea, SAMPLE_TOKEN, startFakeGitea } from '../../fake-gitea/server.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

let fake: FakeGitea
let gitea: GiteaClient
t.before(async () => {
  fake = await startFakeGitea()
  gitea = createGiteaClient({ baseUrl: `${fake.url}/`, token: fake.token, timeoutMs: 10_000 })
})
t.teardown(async () => { await fake.close() })

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'string|null' | 'array|null|undefined'

function kindOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Every field `shape` lists has the type types.ts declares. */
function checkShape (t: Test, value: unknown, shape: Record<string, Kind>, what: string): void {
  const record = value as Record<string, unknown>
  const problems: string[] = []
  for (const [key, kind] of Object.entries(shape)) {
    const actual = kindOf(record[key])
    if (!kind.split('|').includes(actual)) problems.push(`${key}: ${actual}, not ${kind}`)
  }
  t.same(problems, [], `${what} matches types.ts`)
}

const USER_SHAPE: Record<keyof GiteaUser, Kind> = {
  id: 'number', login: 'string', full_name: 'string', email: 'string', avatar_url: 'string', html_url: 'string'
}
const REPO_SHAPE: Record<keyof GiteaRepository, Kind> = {
  id: 'number',
  name: 'string',
  full_name: 'string',
  owner: 'object',
  description: 'string',
  private: 'boolean',
  fork: 'boolean',
  archived: 'boolean',
  empty: 'boolean',
  mirror: 'boolean',
  default_branch: 'string',
  size: 'number',
  language: 'string',
  html_url: 'string',
  clone_url: 'string',
  stars_count: 'number',
  forks_count: 'number',
  open_issues_count: 'number',
  created_at: 'string',
  updated_at: 'string',
  topics: 'array|null|undefined'
}
const CONTENT_SHAPE: Record<Exclude<keyof GiteaContent, 'last_commit_sha' | 'lfs_oid' | 'lfs_size'>, Kind> = {
  name: 'string',
  path: 'string',
  sha: 'string',
  type: 'string',
  size: 'number',
  encoding: 'string|null',
  content: 'string|null',
  target: 'string|null',
  url: 'string',
  html_url: 'string|null',
  git_url: 'string|null',
  download_url: 'string|null',
  submodule_git_url: 'string|null'
}

function checkRepository (t: Test, repo: GiteaRepository): void {
  checkShape(t, repo, REPO_SHAPE, repo.full_name)
  checkShape(t, repo.owner, USER_SHAPE, `${repo.full_name} owner`)
  t.equal(repo.full_name, `${repo.owner.login}/${repo.name}`)
}

function checkTree (t: Test, tree: GiteaTree): void {
  checkShape(t, tree, { sha: 'string', url: 'string', truncated: 'boolean', page: 'number', total_count: 'number' }, 'tree')
  for (const entry of tree.tree) {
    checkShape(t, entry, { path: 'string', mode: 'string', type: 'string', size: 'number', sha: 'string', url: 'string' }, `entry ${entry.path}`)
    t.ok(['blob', 'tree', 'commit'].includes(entry.type), `${entry.path} type ${entry.type}`)
  }
}

async function rejects (t: Test, promise: Promise<unknown>, code: GiteaErrorCode, pattern?: RegExp): Promise<GiteaError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  t.type(error, GiteaError)
  t.equal((error as GiteaError).code, code, (error as Error).message)
  if (pattern !== undefined) t.match((error as Error).message, pattern)
  t.notMatch((error as Error).message, fake.token)
  return error as GiteaError
}

t.test('getVersion and getCurrentUser', async (t) => {
  t.equal(await gitea.getVersion(), '1.26.3')
  const me = await gitea.getCurrentUser()
  checkShape(t, me, USER_SHAPE, 'user')
  t.equal(me.login, 'aegis-bot')
  t.equal(gitea.host, new URL(fake.url).host)
})

t.test('every request carried "Authorization: token …" and nothing in the query', async (t) => {
  await gitea.getRepo('acme', 'platform')
  t.ok(fake.requests.length > 0)
  for (const request of fake.requests) {
    t.equal(request.authorization, `token ${SAMPLE_TOKEN}`, request.path)
    t.notMatch(request.query, SAMPLE_TOKEN)
  }
})

t.test('listMyRepos pages through every repository the bot can read, and no other', async (t) => {
  const names: string[] = []
  let page = 1
  let total: number | null = null
  for (;;) {
    const result = await gitea.listMyRepos({ page, limit: 2 })
    t.equal(result.page, page)
    t.equal(result.limit, 2)
    t.type(result.total, 'number')
    total = result.total
    for (const repo of result.items) checkRepository(t, repo)
    names.push(...result.items.map((r) => r.full_name))
    if (!result.hasMore) break
    t.equal(result.items.length, 2, 'every page but the last is full')
    page++
    if (page > 20) throw new Error('hasMore never became false')
  }
  t.equal(names.length, total, 'the pages add up to X-Total-Count')
  t.equal(new Set(names).size, names.length, 'no repository twice')
  for (const name of ['acme/platform', 'acme/website', 'acme/empty']) t.ok(names.includes(name), name)
  t.notOk(names.includes('globex/secret-plans'))
  const past = await gitea.listMyRepos({ page: page + 1, limit: 2 })
  t.same(past.items, [])
  t.equal(past.hasMore, false)
})

t.test('searchRepos finds by name and hides unreadable repositories', async (t) => {
  const found = await gitea.searchRepos('plat', { limit: 10 })
  t.same(found.items.map((r) => r.full_name), ['acme/platform'])
  t.equal(found.total, 1)
  t.equal(found.hasMore, false)
  for (const repo of found.items) checkRepository(t, repo)
  t.same((await gitea.searchRepos('secret', {})).items.map((r) => r.full_name), [])
})

t.test('getRepo: private, public, empty, case-insensitive; unreadable and missing look alike', async (t) => {
  const platform = await gitea.getRepo('acme', 'platform')
  checkRepository(t, platform)
  t.equal(platform.private, true)
  t.equal(platform.default_branch, 'main')
  t.equal(platform.empty, false)
  t.equal((await gitea.getRepo('acme', 'website')).private, false)
  const empty = await gitea.getRepo('acme', 'empty')
  checkRepository(t, empty)
  t.equal(empty.empty, true)
  t.equal((await gitea.getRepo('ACME', 'Platform')).full_name, 'acme/platform')
  const hidden = await rejects(t, gitea.getRepo('globex', 'secret-plans'), 'not_found')
  const missing = await rejects(t, gitea.getRepo('globex', 'no-such-repo'), 'not_found')
  await rejects(t, gitea.getRepo('no-such-owner', 'x'), 'not_found', /not found, or the token cannot read it/)
  t.equal(hidden.message.replace('secret-plans', 'X'), missing.message.replace('no-such-repo', 'X'))
})

t.test('getContentsMeta: contents-ext without the bytes; directories as arrays', async (t) => {
  const readme = await gitea.getContentsMeta('acme', 'platform', 'README.md') as GiteaContent
  checkShape(t, readme, CONTENT_SHAPE, 'README.md')
  t.same({ type: readme.type, size: readme.size, content: readme.content }, { type: 'file', size: 765, content: null })
  const root = await gitea.getContentsMeta('acme', 'platform', '')
  t.ok(Array.isArray(root) && root.some((e) => e.path === 'README.md'))
  const symlink = await gitea.getContentsMeta('acme', 'platform', 'CONTRIBUTING.md') as GiteaContent
  t.equal(symlink.target, 'docs/contributing.md')
  await rejects(t, gitea.getContentsMeta('acme', 'platform', 'README.md', 'no-such-branch'), 'not_found')
})

t.test('getContents: root, directories, files, symlink, submodule, over-10-MiB, other refs', async (t) => {
  const root = await gitea.getContents('acme', 'platform', '')
  t.ok(Array.isArray(root))
  const rootEntries = root as GiteaContent[]
  for (const entry of rootEntries) checkShape(t, entry, CONTENT_SHAPE, `root entry ${entry.path}`)
  t.ok(rootEntries.some((e) => e.path === 'README.md' && e.type === 'file'))
  t.ok(rootEntries.some((e) => e.path === 'src' && e.type === 'dir'))

  const src = await gitea.getContents('acme', 'platform', 'src/', 'main')
  t.ok(Array.isArray(src))
  t.ok((src as GiteaContent[]).every((e) => e.path.startsWith('src/')))

  const readme = await gitea.getContents('acme', 'platform', 'README.md') as GiteaContent
  checkShape(t, readme, CONTENT_SHAPE, 'README.md')
  t.equal(readme.type, 'file')
  t.equal(readme.encoding, 'base64')
  const text = Buffer.from(readme.content ?? '', 'base64')
  t.equal(text.length, readme.size)
  t.match(text.toString('utf8'), /^# Acme Platform API/)

  const symlink = await gitea.getContents('acme', 'platform', 'CONTRIBUTING.md') as GiteaContent
  t.same({ type: symlink.type, target: symlink.target }, { type: 'symlink', target: 'docs/contributing.md' })
  const submodule = await gitea.getContents('acme', 'platform', 'vendor/api-schemas') as GiteaContent
  t.equal(submodule.type, 'submodule')
  t.type(submodule.submodule_git_url, 'string')
  checkShape(t, submodule, CONTENT_SHAPE, 'submodule')
  const huge = await gitea.getContents('acme', 'platform', 'data/seed/products.sql') as GiteaContent
  t.same({ content: huge.content, encoding: huge.encoding }, { content: null, encoding: null }, 'over 10 MiB: no content')
  t.ok(huge.size > 10 * 1024 * 1024)

  const onFeature = await gitea.getContents('acme', 'platform', 'src/middleware/rate-limit.ts', 'feature/login-rate-limit') as GiteaContent
  t.equal(onFeature.type, 'file')
  await rejects(t, gitea.getContents('acme', 'platform', 'src/middleware/rate-limit.ts', 'main'), 'not_found',
    /^Path "src\/middleware\/rate-limit\.ts" at ref "main" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getContents('acme', 'platform', 'README.md', 'no-such-branch'), 'not_found')
  t.same(await gitea.getContents('acme', 'empty', ''), [], 'an empty repository has an empty root')
  await rejects(t, gitea.getContents('globex', 'secret-plans', ''), 'not_found')
})

t.test('getTree: one level, recursive, paged, and by commit sha', async (t) => {
  const top = await gitea.getTree('acme', 'platform', 'main')
  checkTree(t, top)
  t.ok(top.tree.some((e) => e.path === 'src' && e.type === 'tree'))
  t.notOk(top.tree.some((e) => e.path.includes('/')), 'one level only')

  const all = await gitea.getTree('acme', 'platform', 'main', { recursive: true })
  checkTree(t, all)
  t.ok(all.tree.some((e) => e.path === 'src/services/billing/tax.ts' && e.type === 'blob' && e.size > 0))
  t.ok(all.tree.some((e) => e.path === 'vendor/api-schemas' && e.type === 'commit'))
  t.equal(all.truncated, false)
  t.equal(all.total_count, all.tree.length)

  const second = await gitea.getTree('acme', 'platform', 'main', { recursive: true, page: 2, perPage: 3 })
  checkTree(t, second)
  t.equal(second.page, 2)
  t.same(second.tree.map((e) => e.path), all.tree.slice(3, 6).map((e) => e.path))
  t.equal(second.truncated, true)
  t.equal(second.total_count, all.total_count)
  const past = await gitea.getTree('acme', 'platform', 'main', { page: 999, perPage: 3 })
  t.same(past.tree, [], 'a page past the end has no entries')

  // A branch with a slash, and the same tree by the branch's head commit.
  const feature = await gitea.getTree('acme', 'platform', 'feature/login-rate-limit', { recursive: true })
  checkTree(t, feature)
  t.ok(feature.tree.some((e) => e.path === 'src/middleware/rate-limit.ts'))
  t.notOk(all.tree.some((e) => e.path === 'src/middleware/rate-limit.ts'))
  const onFeature = await gitea.getContents('acme', 'platform', 'src/middleware/rate-limit.ts', 'feature/login-rate-limit') as GiteaContent
  t.type(onFeature.last_commit_sha, 'string')
  const byCommit = await gitea.getTree('acme', 'platform', onFeature.last_commit_sha ?? '', { recursive: true })
  t.same(byCommit.tree, feature.tree)
  t.equal((await gitea.getTree('acme', 'platform', 'v1.1.0')).tree.length > 0, true, 'a tag')
  await rejects(t, gitea.getTree('acme', 'platform', 'no/such-branch'), 'not_found')

  await rejects(t, gitea.getTree('acme', 'platform', 'deadbeef'), 'bad_request', /sha not found \[deadbeef\]/)
  await rejects(t, gitea.getTree('acme', 'empty', 'main'), 'bad_request')
  await rejects(t, gitea.getTree('globex', 'secret-plans', 'main'), 'not_found')
})

t.test('getRawFile: whole, capped, other ref; directories and empty repositories are not_found', async (t) => {
  const readme = await gitea.getContents('acme', 'platform', 'README.md') as GiteaContent
  const raw = await gitea.getRawFile('acme', 'platform', 'README.md', undefined, 1_000_000)
  t.equal(raw.truncated, false)
  t.same(raw.bytes, Buffer.from(readme.content ?? '', 'base64'), 'raw bytes equal the contents API\'s')

  const capped = await gitea.getRawFile('acme', 'platform', 'data/seed/products.sql', 'main', 4096)
  t.equal(capped.truncated, true)
  t.equal(capped.bytes.length, 4096)
  t.match(capped.bytes.toString('utf8'), /^-- Acme product catalogue seed/)

  const feature = await gitea.getRawFile('acme', 'platform', 'src/middleware/rate-limit.ts', 'feature/login-rate-limit', 100_000)
  t.match(feature.bytes.toString('utf8'), /loginRateLimit/)
  t.equal(feature.truncated, false)

  await rejects(t, gitea.getRawFile('acme', 'platform', 'src', undefined, 100), 'not_found')
  await rejects(t, gitea.getRawFile('acme', 'empty', 'README.md', undefined, 100), 'not_found')
  await rejects(t, gitea.getRawFile('globex', 'secret-plans', 'README.md', undefined, 100), 'not_found')
})

t.test('a wrong token is gitea_unauthorized', async (t) => {
  const wrong = createGiteaClient({ baseUrl: fake.url, token: 'f'.repeat(40), timeoutMs: 10_000 })
  const error = await rejects(t, wrong.getCurrentUser(), 'gitea_unauthorized', /GITEA_TOKEN/)
  t.notMatch(error.message, 'f'.repeat(40))
})

t.test('REPO_ALLOWLIST on the fake: hidden repositories look exactly like unreadable ones', async (t) => {
  const denied: string[] = []
  const limited = withRepoAllowlist(gitea, parseRepoAllowlist('acme/platform, aegis-bot/*'), (o, r) => denied.push(`${o}/${r}`))
  const mine = await limited.listMyRepos({ limit: 50 })
  t.same(mine.items.map((r) => r.full_name).sort(), ['acme/platform', 'aegis-bot/notes'])
  t.equal((await limited.getRepo('acme', 'platform')).name, 'platform')

  const before = fake.requests.length
  const viaAllowlist = await rejects(t, limited.getRepo('globex', 'secret-plans'), 'not_found')
  t.equal(fake.requests.length, before, 'the hidden repository was never asked for')
  const viaGitea = await rejects(t, gitea.getRepo('globex', 'secret-plans'), 'not_found')
  t.equal(viaAllowlist.message, viaGitea.message)
  t.equal(viaAllowlist.status, viaGitea.status)
  await rejects(t, limited.getContents('acme', 'website', 'README.md'), 'not_found')
  t.same(denied, ['globex/secret-plans', 'acme/website'])
})

t.test('getRepo with maxAgeMs: a recent answer of the same client, marked as remembered', async (t) => {
  const client = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 10_000 })
  const other = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 10_000 })
  const repoRequests = (): number => fake.requests.filter((r) => r.path === '/api/v1/repos/acme/platform').length
  const before = repoRequests()
  const fresh = await client.getRepo('acme', 'platform')
  t.notOk(fromRepositoryCache(fresh), 'an answer from Gitea is not marked')
  const again = await client.getRepo('ACME', 'Platform', { maxAgeMs: 60_000 })
  t.ok(fromRepositoryCache(again), 'the remembered one is')
  t.same(again, fresh, 'with the same fields')
  t.equal(repoRequests(), before + 1, 'Gitea was asked once')
  await other.getRepo('acme', 'platform', { maxAgeMs: 60_000 })
  t.equal(repoRequests(), before + 2, 'another client (another Gitea identity) asks for itself')
  await client.getRepo('acme', 'platform')
  t.equal(repoRequests(), before + 3, 'without maxAgeMs Gitea is always asked')
  await client.getRepo('acme', 'platform', { maxAgeMs: 0 })
  t.equal(repoRequests(), before + 4, 'nor when the answer is older than maxAgeMs')
  const denied = withRepoAllowlist(client, parseRepoAllowlist('acme/handbook'))
  await t.rejects(denied.getRepo('acme', 'platform', { maxAgeMs: 60_000 }), { code: 'not_found' }, 'REPO_ALLOWLIST is checked before the client remembers anything')
})
