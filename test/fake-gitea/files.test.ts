// Contents, raw and tree endpoints with Gitea 1.26.3's shapes and quirks:
// directory arrays, refs by branch/tag/sha, slash branch names, the 10 MiB
// content limit, symlinks and submodules, raw streaming, tree sha errors.
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import t from 'tap'
import { type FakeGitea, startFakeGitea } from './server.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function fetchApi (path: string, headers: Record<string, string> = {}): Promise<Response> {
  return await fetch(gitea.url + '/api/v1' + path, { headers: { Authorization: `token ${gitea.token}`, ...headers } })
}

async function get (path: string): Promise<{ status: number, headers: Headers, body: any }> {
  const res = await fetchApi(path)
  return { status: res.status, headers: res.headers, body: await res.json() }
}

const api = (): string => `${gitea.url}/api/v1/repos/acme/platform`
const html = (): string => `${gitea.url}/acme/platform`

/** A GET whose path is sent byte for byte (fetch would normalise dot segments). */
async function rawGet (path: string): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    const req = request(gitea.url + '/', { path, headers: { Authorization: `token ${gitea.token}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end()
  })
}

function gitBlobSha (bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

t.test('a directory answers an array of entries without content, in git tree order', async (t) => {
  const root = await get('/repos/acme/platform/contents')
  t.equal(root.status, 200)
  t.ok(Array.isArray(root.body))
  t.same(root.body.map((e: { name: string }) => e.name), [
    '.env.example', '.gitignore', '.gitmodules', 'CONTRIBUTING.md', 'README.md', 'data', 'docs', 'package.json',
    'scripts', 'src', 'test', 'tsconfig.json', 'vendor'
  ])
  for (const e of root.body) {
    t.equal(e.content, null, `${e.name}: no content in a listing`)
    t.equal(e.encoding, null)
  }
  const trailing = await get('/repos/acme/platform/contents/')
  t.same(trailing.body, root.body, '"contents/" is the root too')
  const src = await get('/repos/acme/platform/contents/src')
  t.same(src.body.map((e: { path: string, type: string }) => `${e.type} ${e.path}`), [
    'file src/config.ts', 'file src/index.ts', 'dir src/lib', 'dir src/routes', 'file src/server.ts', 'dir src/services'
  ])
  const dir = src.body.find((e: { name: string }) => e.name === 'lib')
  t.equal(dir.size, 0)
  t.equal(dir.download_url, null)
  t.equal(dir.html_url, `${html()}/src/branch/main/src/lib`)
  t.equal(dir.git_url, `${api()}/git/blobs/${dir.sha}`, 'Gitea links even directories under git/blobs')
})

t.test('a file: base64 content, links, and the last commit that touched it', async (t) => {
  const { body } = await get('/repos/acme/platform/contents/src/services/billing/tax.ts')
  t.equal(body.type, 'file')
  t.equal(body.encoding, 'base64')
  const bytes = Buffer.from(body.content, 'base64')
  t.match(bytes.toString('utf8'), /round the total once|rounded once/)
  t.equal(body.size, bytes.length)
  t.equal(body.sha, gitBlobSha(bytes), 'sha is the git blob id of the content')
  t.notMatch(body.content, /\n/, 'one base64 line, no wrapping')
  t.equal(body.url, `${api()}/contents/src/services/billing/tax.ts?ref=main`)
  t.equal(body.html_url, `${html()}/src/branch/main/src/services/billing/tax.ts`)
  t.equal(body.download_url, `${html()}/raw/branch/main/src/services/billing/tax.ts`)
  t.equal(body.git_url, `${api()}/git/blobs/${body.sha}`)
  t.same(body._links, { self: body.url, git: body.git_url, html: body.html_url })
  t.equal(body.target, null)
  t.equal(body.submodule_git_url, null)
  const commits = await get('/repos/acme/platform/commits?path=src/services/billing/tax.ts')
  t.equal(body.last_commit_sha, commits.body[0].sha)
  t.equal(commits.body[0].commit.message.split('\n')[0], 'Fix VAT rounding on invoices with many lines')
  t.equal(body.last_committer_date, '2024-04-09T09:44:12+01:00')
})

t.test('refs: branch, tag, and full commit sha, with matching link forms', async (t) => {
  const atTag = await get('/repos/acme/platform/contents/package.json?ref=v1.0.0')
  t.equal(JSON.parse(Buffer.from(atTag.body.content, 'base64').toString()).version, '1.0.0')
  t.equal(atTag.body.download_url, `${html()}/raw/tag/v1.0.0/package.json`)
  t.equal(atTag.body.html_url, `${html()}/src/tag/v1.0.0/package.json`)
  t.equal(atTag.body.url, `${api()}/contents/package.json?ref=v1.0.0`)
  const annotated = await get('/repos/acme/platform/contents/package.json?ref=v1.1.0')
  t.equal(JSON.parse(Buffer.from(annotated.body.content, 'base64').toString()).version, '1.1.0', 'annotated tags peel to their commit')
  const tags = await get('/repos/acme/platform/tags')
  const sha = tags.body.find((x: { name: string }) => x.name === 'v1.0.0').commit.sha as string
  const atSha = await get(`/repos/acme/platform/contents/package.json?ref=${sha}`)
  t.equal(atSha.body.sha, atTag.body.sha)
  t.equal(atSha.body.download_url, `${html()}/raw/commit/${sha}/package.json`)
  t.equal(atSha.body.url, `${api()}/contents/package.json?ref=${sha}`)
  const short = await get(`/repos/acme/platform/contents/package.json?ref=${sha.slice(0, 10)}`)
  t.equal(short.status, 404, 'contents only takes full commit ids')
  const unknown = await get('/repos/acme/platform/contents/package.json?ref=no-such-branch')
  t.equal(unknown.status, 404)
  t.same(unknown.body.errors, ['object does not exist [id: no-such-branch, rel_path: ]'])
})

t.test('branch names with a slash work as ref and in /branches/{name}', async (t) => {
  const login = await get('/repos/acme/platform/contents/src/routes/auth/login.ts?ref=feature/login-rate-limit')
  t.equal(login.status, 200)
  t.equal(login.body.download_url, `${html()}/raw/branch/feature/login-rate-limit/src/routes/auth/login.ts`)
  t.equal(login.body.url, `${api()}/contents/src/routes/auth/login.ts?ref=feature%2Flogin-rate-limit`)
  const encoded = await get('/repos/acme/platform/contents/src/routes/auth/login.ts?ref=feature%2Flogin-rate-limit')
  t.same(encoded.body, login.body)
  t.equal((await get('/repos/acme/platform/contents/src/routes/auth/login.ts')).status, 404, 'not on main')
  const branch = await get('/repos/acme/platform/branches/feature/login-rate-limit')
  t.equal(branch.status, 200)
  t.equal(branch.body.name, 'feature/login-rate-limit')
  t.equal(branch.body.commit.message, 'Rate-limit login attempts per IP\n\nFive attempts per IP and 15 minutes, then 429 with Retry-After.\n')
  const escaped = await get('/repos/acme/platform/branches/feature%2Flogin-rate-limit')
  t.same(escaped.body, branch.body)
  const missing = await get('/repos/acme/platform/branches/feature/nope')
  t.equal(missing.status, 404)
  t.same(missing.body, { message: 'not found', url: `${gitea.url}/api/swagger`, errors: null })
})

t.test('files over 10 MiB: content and encoding null, size set', async (t) => {
  const { body } = await get('/repos/acme/platform/contents/data/seed/products.sql')
  t.equal(body.type, 'file')
  t.equal(body.content, null)
  t.equal(body.encoding, null)
  t.ok(body.size > 10 * 1024 * 1024, `size ${body.size}`)
  t.ok(body.download_url.endsWith('/raw/branch/main/data/seed/products.sql'))
  const csv = await get('/repos/acme/platform/contents/data/fixtures/customers.csv')
  t.ok(csv.body.size > 1.5 * 1024 * 1024 && csv.body.size < 10 * 1024 * 1024, 'the ~2 MiB file is under the limit')
  t.equal(csv.body.encoding, 'base64')
  t.equal(Buffer.from(csv.body.content, 'base64').length, csv.body.size)
})

t.test('symlinks carry target, submodules submodule_git_url; executables are files', async (t) => {
  const link = await get('/repos/acme/platform/contents/CONTRIBUTING.md')
  t.equal(link.body.type, 'symlink')
  t.equal(link.body.target, 'docs/contributing.md')
  t.equal(link.body.content, null)
  t.ok(link.body.download_url)
  const sub = await get('/repos/acme/platform/contents/vendor/api-schemas')
  t.equal(sub.body.type, 'submodule')
  t.equal(sub.body.submodule_git_url, 'https://git.acme.example/acme/api-schemas.git')
  t.equal(sub.body.html_url, null)
  t.equal(sub.body.git_url, null)
  t.equal(sub.body.download_url, null)
  t.same(sub.body._links, { self: sub.body.url, git: null, html: null })
  const exec = await get('/repos/acme/platform/contents/scripts/deploy.sh')
  t.equal(exec.body.type, 'file')
  t.match(Buffer.from(exec.body.content, 'base64').toString(), /^#!\/usr\/bin\/env bash/)
})

t.test('missing paths and odd paths', async (t) => {
  const missing = await get('/repos/acme/platform/contents/src/nope.ts')
  t.equal(missing.status, 404)
  t.same(missing.body, { message: 'GetContentsOrList', url: `${gitea.url}/api/swagger`, errors: ['object does not exist [id: , rel_path: src/nope.ts]'] })
  t.equal((await get('/repos/acme/platform/contents/README.md/x')).status, 404, 'below a file')
  // fetch() would resolve dot segments itself; send them as a client like curl --path-as-is would
  const cleaned = await rawGet('/api/v1/repos/acme/platform/contents/src/../README.md')
  t.equal(JSON.parse(cleaned.body).path, 'README.md', 'paths are cleaned')
  t.equal((await rawGet('/api/v1/repos/acme/platform/contents/.')).status, 500, 'ErrFilenameInvalid is not mapped to 404')
  const bad = await rawGet('/api/v1/repos/acme/platform/contents/%zz')
  t.equal(bad.status, 400, 'a bad escape is rejected like Go\'s net/http does')
  t.equal(bad.body, '400 Bad Request')
})

t.test('raw: bytes as stored, with ETag, content type sniffing and no size cap', async (t) => {
  const res = await fetchApi('/repos/acme/platform/raw/docs/legacy/tarifs-2019.txt')
  t.equal(res.status, 200)
  const bytes = Buffer.from(await res.arrayBuffer())
  t.ok(bytes.includes(Buffer.from([0xc9, 0x74, 0xe9])), 'Latin-1 bytes untouched ("Été")')
  t.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'not valid UTF-8')
  t.equal(res.headers.get('etag'), `"${gitBlobSha(bytes)}"`)
  t.equal(res.headers.get('content-type'), 'text/plain; charset=iso-8859-1')
  t.equal(res.headers.get('x-gitea-object-type'), 'file')
  t.equal(res.headers.get('last-modified'), 'Wed, 21 Feb 2024 08:51:17 GMT')
  const png = await fetchApi('/repos/acme/platform/raw/docs/images/architecture.png')
  t.equal(png.headers.get('content-type'), 'image/png')
  t.same([...Buffer.from(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47])
  const ts = await fetchApi('/repos/acme/platform/raw/src/index.ts')
  t.equal(ts.headers.get('content-type'), 'text/plain; charset=utf-8')
  const big = await fetchApi('/repos/acme/platform/raw/data/seed/products.sql')
  const bigBytes = Buffer.from(await big.arrayBuffer())
  const meta = await get('/repos/acme/platform/contents/data/seed/products.sql')
  t.equal(bigBytes.length, meta.body.size, 'the whole 12 MiB file is served')
  t.equal(gitBlobSha(bigBytes), meta.body.sha)
  t.equal(big.headers.get('content-length'), String(meta.body.size))
  t.match(bigBytes.subarray(bigBytes.length - 200).toString(), /COMMIT;\s*\n$/)
  // Small bodies go out in one write, big ones streamed: both are recorded as sent whole.
  const record = (path: string): unknown => gitea.streams.findLast((s) => s.path === path)
  t.same(record('src/index.ts'), { path: 'src/index.ts', size: Number(ts.headers.get('content-length')), sent: Number(ts.headers.get('content-length')), complete: true })
  t.same(record('data/seed/products.sql'), { path: 'data/seed/products.sql', size: meta.body.size, sent: meta.body.size, complete: true })
})

t.test('raw: ref forms, legacy {ref}/{path}, and Gitea\'s fallback to the default branch', async (t) => {
  const text = async (path: string): Promise<[number, string]> => {
    const res = await fetchApi(path)
    return [res.status, await res.text()]
  }
  const [, v100] = await text('/repos/acme/platform/raw/package.json?ref=v1.0.0')
  t.match(v100, /"version": "1.0.0"/)
  t.match((await text('/repos/acme/platform/raw/v1.0.0/package.json'))[1], /"version": "1.0.0"/, 'legacy form')
  t.match((await text('/repos/acme/platform/raw/feature/login-rate-limit/src/routes/auth/login.ts'))[1], /loginRateLimit/)
  t.match((await text('/repos/acme/platform/raw/src/routes/auth/login.ts?ref=feature/login-rate-limit'))[1], /loginRateLimit/)
  const [status, fallback] = await text('/repos/acme/platform/raw/package.json?ref=no-such-ref')
  t.equal(status, 200, 'an unknown ref falls back to the default branch (Gitea FIXME)')
  t.match(fallback, /"version": "1.1.0"/)
  t.equal((await text('/repos/acme/platform/raw/package.json?ref=' + 'f'.repeat(40)))[0], 404, 'unknown full sha')
})

t.test('raw: directories, submodules and missing files are 404; symlinks serve their target', async (t) => {
  const dir = await get('/repos/acme/platform/raw/src')
  t.equal(dir.status, 404)
  t.equal(dir.body.message, 'getBlobForEntry')
  t.equal((await get('/repos/acme/platform/raw/vendor/api-schemas')).status, 404)
  const missing = await get('/repos/acme/platform/raw/nope.txt')
  t.equal(missing.status, 404)
  t.same(missing.body, { message: 'not found', url: `${gitea.url}/api/swagger`, errors: null })
  const link = await fetchApi('/repos/acme/platform/raw/CONTRIBUTING.md')
  t.equal(await link.text(), 'docs/contributing.md')
  t.equal(link.headers.get('x-gitea-object-type'), 'symlink')
})

t.test('raw: conditional and range requests', async (t) => {
  const first = await fetchApi('/repos/acme/platform/raw/README.md')
  const etag = first.headers.get('etag') ?? ''
  const body = Buffer.from(await first.arrayBuffer())
  const cached = await fetchApi('/repos/acme/platform/raw/README.md', { 'If-None-Match': etag })
  t.equal(cached.status, 304)
  t.equal((await cached.arrayBuffer()).byteLength, 0)
  const range = await fetchApi('/repos/acme/platform/raw/README.md', { Range: 'bytes=2-9' })
  t.equal(range.status, 206)
  t.equal(range.headers.get('content-range'), `bytes 2-9/${body.length}`)
  t.same(Buffer.from(await range.arrayBuffer()), body.subarray(2, 10))
  const bigRange = await fetchApi('/repos/acme/platform/raw/data/seed/products.sql', { Range: 'bytes=0-99' })
  t.match(Buffer.from(await bigRange.arrayBuffer()).toString(), /^-- Acme product catalogue seed/)
})

t.test('git trees: by commit, branch, tag, tree sha and abbreviation; the response sha is what the name resolved to', async (t) => {
  const branch = await get('/repos/acme/platform/branches/main')
  const head = branch.body.commit.id as string
  const byBranch = await get('/repos/acme/platform/git/trees/main')
  t.equal(byBranch.body.sha, head, 'a branch resolves to its commit')
  t.equal(byBranch.body.url, `${api()}/git/trees/${head}`)
  const byCommit = await get(`/repos/acme/platform/git/trees/${head}`)
  t.same(byCommit.body, byBranch.body)
  const byShort = await get(`/repos/acme/platform/git/trees/${head.slice(0, 8)}`)
  t.same(byShort.body.tree, byBranch.body.tree)
  const dirEntry = byBranch.body.tree.find((e: { path: string }) => e.path === 'src')
  t.same({ mode: dirEntry.mode, type: dirEntry.type, size: dirEntry.size }, { mode: '040000', type: 'tree', size: 0 })
  t.equal(dirEntry.url, `${api()}/git/trees/${dirEntry.sha}`)
  const bySubtree = await get(`/repos/acme/platform/git/trees/${dirEntry.sha}`)
  t.equal(bySubtree.body.sha, dirEntry.sha)
  t.same(bySubtree.body.tree.map((e: { path: string }) => e.path), ['config.ts', 'index.ts', 'lib', 'routes', 'server.ts', 'services'])
  const sub = byBranch.body.tree.find((e: { path: string }) => e.path === 'vendor')
  const vendor = await get(`/repos/acme/platform/git/trees/${sub.sha}`)
  t.same(vendor.body.tree[0], { path: 'api-schemas', mode: '160000', type: 'commit', size: 0, sha: '4e1f0c2a9b7d3e5f6a8c0b2d4e6f8a1c3e5b7d9f', url: '' })
  const tag = await get('/repos/acme/platform/git/trees/v1.1.0')
  const tags = await get('/repos/acme/platform/tags')
  t.equal(tag.body.sha, tags.body.find((x: { name: string }) => x.name === 'v1.1.0').id, 'an annotated tag resolves to the tag object')
})

t.test('git trees: recursive lists each directory before its contents, with full paths', async (t) => {
  const { body } = await get('/repos/acme/platform/git/trees/main?recursive=1')
  const paths = body.tree.map((e: { path: string }) => e.path) as string[]
  t.ok(paths.indexOf('src') < paths.indexOf('src/index.ts'))
  t.ok(paths.indexOf('src/services/billing') < paths.indexOf('src/services/billing/tax.ts'))
  t.ok(paths.includes('docs/legacy/tarifs-2019.txt'))
  const link = body.tree.find((e: { path: string }) => e.path === 'CONTRIBUTING.md')
  t.same({ mode: link.mode, type: link.type }, { mode: '120000', type: 'blob' })
  const exec = body.tree.find((e: { path: string }) => e.path === 'scripts/deploy.sh')
  t.equal(exec.mode, '100755')
  t.equal(body.total_count, body.tree.length)
  t.equal(body.truncated, false)
})

t.test('git trees: an unknown sha is 400 "sha not found", not 404', async (t) => {
  for (const sha of ['no-such-branch', 'f'.repeat(40), 'zz', 'README.md']) {
    const { status, body } = await get(`/repos/acme/platform/git/trees/${sha}`)
    t.equal(status, 400, sha)
    t.same(body, { message: `sha not found [${sha}]`, url: `${gitea.url}/api/swagger` })
  }
  const readme = await get('/repos/acme/platform/contents/README.md')
  t.equal((await get(`/repos/acme/platform/git/trees/${readme.body.sha}`)).status, 400, 'a blob is not a tree')
})

t.test('branches and tags carry the fields clients read', async (t) => {
  const main = await get('/repos/acme/platform/branches/main')
  t.equal(main.body.protected, true)
  t.equal(main.body.user_can_push, false)
  t.equal(main.body.user_can_merge, false, 'a read-only bot can do neither')
  t.same(main.body.status_check_contexts, ['ci/build'])
  t.same([main.body.commit.added, main.body.commit.removed, main.body.commit.modified], [null, null, null])
  const tags = await get('/repos/acme/platform/tags')
  const [v110, v100] = tags.body
  t.equal(v110.name, 'v1.1.0')
  t.not(v110.id, v110.commit.sha, 'annotated: id is the tag object')
  t.equal(v110.commit.url, `${api()}/git/commits/${v110.id}`, 'Gitea builds the commit url from the tag id')
  t.equal(v110.message, 'Acme Platform 1.1.0\n\n- VAT is rounded once per invoice\n- Deploy script and runbook\n- api-schemas submodule')
  t.equal(v100.id, v100.commit.sha, 'lightweight: id is the commit')
  t.equal(v100.message, 'Release 1.0.0')
  t.equal(v100.zipball_url, `${html()}/archive/v1.0.0.zip`)
})

t.test('commits: listing, sha selection, path filter, stats and files', async (t) => {
  const all = await get('/repos/acme/platform/commits?limit=50')
  t.equal(all.body.length, 10)
  t.equal(all.body[9].parents.length, 0, 'the root commit is last')
  t.equal(all.body[0].parents[0].sha, all.body[1].sha)
  t.equal(all.body[0].commit.tree.sha, all.body[0].sha, 'Gitea quirk: tree.sha is the commit sha')
  const feature = await get('/repos/acme/platform/commits?sha=feature/login-rate-limit')
  t.equal(feature.headers.get('x-total-count'), '12')
  t.equal(feature.body[0].commit.message.split('\n')[0], 'Rate-limit login attempts per IP')
  const add = feature.body[0]
  t.same(add.files, [
    { filename: 'src/middleware/rate-limit.ts', status: 'added' },
    { filename: 'src/routes/auth/login.ts', status: 'modified' }
  ])
  t.equal(add.stats.additions - add.stats.deletions > 0, true)
  t.equal(add.stats.total, add.stats.additions + add.stats.deletions)
  const seed = all.body.find((c: { commit: { message: string } }) => c.commit.message.startsWith('Add customer fixtures'))
  t.ok(seed.stats.additions > 100000, 'the generated files count their lines')
  const byPath = await get('/repos/acme/platform/commits?path=docs/runbook.md')
  t.same(byPath.body.map((c: { commit: { message: string } }) => c.commit.message.split('\n')[0]),
    ['Document on-call escalation in the runbook', 'Add api-schemas submodule and deploy script'])
  const unknown = await fetchApi('/repos/acme/platform/commits?sha=nope')
  t.equal(unknown.status, 404)
  t.equal(await unknown.text(), 'null\n', 'NotFoundOrServerError sends a null body')
})

t.test('the empty repository: contents [], raw 404, commits 409, branches null, tags [], tree 400', async (t) => {
  const contents = await get('/repos/acme/empty/contents')
  t.equal(contents.status, 200)
  t.same(contents.body, [])
  t.equal((await get('/repos/acme/empty/raw/README.md')).status, 404)
  const commits = await get('/repos/acme/empty/commits')
  t.equal(commits.status, 409)
  t.same(commits.body, { message: 'Git Repository is empty.', url: `${gitea.url}/api/swagger` })
  const branches = await get('/repos/acme/empty/branches')
  t.equal(branches.body, null)
  t.equal(branches.headers.get('x-total-count'), '0')
  t.same((await get('/repos/acme/empty/tags')).body, [])
  t.equal((await get('/repos/acme/empty/git/trees/main')).status, 400)
  const repo = await get('/repos/acme/empty')
  t.equal(repo.body.empty, true)
  t.equal(repo.body.default_branch, 'main')
})
