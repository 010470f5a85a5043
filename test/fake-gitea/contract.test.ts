// Every JSON body the fake serves is checked against the Gitea 1.26.3 spec's
// definitions (closed objects: no field the spec does not declare).
import t from 'tap'
import { type FakeGitea, startFakeGitea } from './server.js'
import { validateArrayOf, validateDefinition } from '../helpers/gitea-spec.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function json (path: string, auth = true): Promise<{ status: number, body: unknown }> {
  const res = await fetch(gitea.url + '/api/v1' + path, { headers: auth ? { Authorization: `token ${gitea.token}` } : {} })
  return { status: res.status, body: await res.json() }
}

const single: Array<[string, string]> = [
  ['/version', 'ServerVersion'],
  ['/settings/api', 'GeneralAPISettings'],
  ['/user', 'User'],
  ['/repos/acme/platform', 'Repository'],
  ['/repos/acme/empty', 'Repository'],
  ['/repos/aegis-bot/notes', 'Repository'],
  ['/repos/search?q=a&includeDesc=true', 'SearchResults'],
  ['/repos/acme/platform/contents/README.md', 'ContentsResponse'],
  ['/repos/acme/platform/contents/data/seed/products.sql', 'ContentsResponse'],
  ['/repos/acme/platform/contents/docs/legacy/tarifs-2019.txt?ref=v1.0.0', 'ContentsResponse'],
  ['/repos/acme/platform/contents/CONTRIBUTING.md', 'ContentsResponse'],
  ['/repos/acme/platform/contents/vendor/api-schemas', 'ContentsResponse'],
  ['/repos/acme/platform/contents/scripts/deploy.sh', 'ContentsResponse'],
  ['/repos/acme/platform/contents-ext/README.md', 'ContentsExtResponse'],
  ['/repos/acme/platform/contents-ext/README.md?includes=file_content,lfs_metadata,commit_metadata', 'ContentsExtResponse'],
  ['/repos/acme/platform/contents-ext/.', 'ContentsExtResponse'],
  ['/repos/acme/platform/contents-ext/src?ref=v1.0.0', 'ContentsExtResponse'],
  ['/repos/acme/platform/contents-ext/CONTRIBUTING.md', 'ContentsExtResponse'],
  ['/repos/acme/platform/contents-ext/vendor/api-schemas', 'ContentsExtResponse'],
  ['/repos/acme/platform/git/trees/main', 'GitTreeResponse'],
  ['/repos/acme/platform/git/trees/main?recursive=1', 'GitTreeResponse'],
  ['/repos/acme/platform/git/trees/main?page=9', 'GitTreeResponse'],
  ['/repos/acme/platform/git/trees/v1.1.0', 'GitTreeResponse'],
  ['/repos/acme/platform/branches/main', 'Branch'],
  ['/repos/acme/platform/branches/feature/login-rate-limit', 'Branch']
]

for (const [path, definition] of single) {
  t.test(`GET ${path} is a valid ${definition}`, async (t) => {
    const { status, body } = await json(path)
    t.equal(status, 200)
    t.same(validateDefinition(definition, body), [])
  })
}

const lists: Array<[string, string]> = [
  ['/user/repos?limit=50', 'Repository'],
  ['/users/acme/repos?limit=50', 'Repository'],
  ['/repos/acme/platform/contents', 'ContentsResponse'],
  ['/repos/acme/platform/contents/src', 'ContentsResponse'],
  ['/repos/acme/platform/contents/docs?ref=feature/login-rate-limit', 'ContentsResponse'],
  ['/repos/acme/website/contents/static/img', 'ContentsResponse'],
  ['/repos/acme/platform/branches', 'Branch'],
  ['/repos/acme/platform/tags', 'Tag'],
  ['/repos/acme/platform/commits?limit=50', 'Commit'],
  ['/repos/acme/platform/commits?sha=feature/login-rate-limit&stat=false&files=false&verification=false', 'Commit'],
  ['/repos/acme/website/commits', 'Commit']
]

for (const [path, definition] of lists) {
  t.test(`GET ${path} is an array of valid ${definition}`, async (t) => {
    const { status, body } = await json(path)
    t.equal(status, 200)
    t.ok(Array.isArray(body) && body.length > 0, 'a non-empty array')
    t.same(validateArrayOf(definition, body), [])
  })
}

t.test('anonymous views of public repositories are valid too', async (t) => {
  const repo = await json('/repos/acme/website', false)
  t.same(validateDefinition('Repository', repo.body), [])
  const search = await json('/repos/search?limit=50', false)
  t.same(validateDefinition('SearchResults', search.body), [])
})

t.test('every repository in every list validates', async (t) => {
  const search = await json('/repos/search?limit=50')
  const data = (search.body as { data: unknown[] }).data
  t.ok(data.length >= 7)
  t.same(validateArrayOf('Repository', data), [])
})

t.test('commit author/committer are null (allowed) when the email has no account', async (t) => {
  const { body } = await json('/repos/acme/platform/commits?path=docs/architecture.md')
  const commits = body as Array<{ author: unknown, committer: unknown, commit: { author: { name: string } } }>
  const byDana = commits.find((c) => c.commit.author.name === 'Dana Kowalczyk')
  t.ok(byDana, 'the contractor commit is listed')
  t.equal(byDana?.author, null)
  t.not(byDana?.committer, null, 'committed by Alice, who has an account')
  t.same(validateArrayOf('Commit', body), [])
})

t.test('contents-ext: metadata only unless includes asks; one of file_contents and dir_contents; 400 for an unknown include', async (t) => {
  const file = (await json('/repos/acme/platform/contents-ext/README.md')).body as { file_contents: Record<string, unknown>, dir_contents?: unknown }
  t.equal(file.file_contents.content, null, 'no content by default')
  t.equal(file.file_contents.size, 765)
  t.notOk('dir_contents' in file)
  t.notOk('last_commit_sha' in file.file_contents, 'commit metadata only with includes=commit_metadata')
  const withContent = (await json('/repos/acme/platform/contents-ext/README.md?includes=file_content')).body as { file_contents: Record<string, unknown> }
  t.equal(withContent.file_contents.encoding, 'base64')
  const dir = (await json('/repos/acme/platform/contents-ext/src')).body as { file_contents?: unknown, dir_contents: unknown[] }
  t.ok(dir.dir_contents.length > 0)
  t.notOk('file_contents' in dir)
  const bad = await json('/repos/acme/platform/contents-ext/README.md?includes=everything')
  t.equal(bad.status, 400)
  t.equal((await json('/repos/acme/platform/contents-ext/no-such-file')).status, 404)
})

t.test('media answers like raw for a file that is not in LFS', async (t) => {
  const headers = { Authorization: `token ${gitea.token}` }
  const raw = await fetch(`${gitea.url}/api/v1/repos/acme/platform/raw/README.md`, { headers })
  const media = await fetch(`${gitea.url}/api/v1/repos/acme/platform/media/README.md`, { headers })
  t.equal(media.status, 200)
  t.equal(media.headers.get('etag'), raw.headers.get('etag'))
  t.equal(await media.text(), await raw.text())
})
