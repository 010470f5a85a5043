// Authentication and access as Gitea 1.26.3 does them: every token header
// form, 401 bodies, anonymous access to public repositories, and private
// repositories that are indistinguishable from missing ones.
import t from 'tap'
import { SAMPLE_TOKEN, type FakeGitea, startFakeGitea } from './server.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function get (path: string, authorization?: string): Promise<{ status: number, body: any, contentType: string | null }> {
  const res = await fetch(gitea.url + '/api/v1' + path, { headers: authorization !== undefined ? { Authorization: authorization } : {} })
  return { status: res.status, body: await res.json(), contentType: res.headers.get('content-type') }
}

const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64')

t.test('the sample token is 40 lowercase hex characters and the default', async (t) => {
  t.match(SAMPLE_TOKEN, /^[0-9a-f]{40}$/)
  t.equal(gitea.token, SAMPLE_TOKEN)
})

t.test('every accepted credential form reaches /user as aegis-bot', async (t) => {
  const forms = [
    `token ${SAMPLE_TOKEN}`,
    `Bearer ${SAMPLE_TOKEN}`,
    `TOKEN ${SAMPLE_TOKEN}`,
    `bearer ${SAMPLE_TOKEN}`,
    `BeArEr   ${SAMPLE_TOKEN}`,
    basic('aegis-bot', SAMPLE_TOKEN),
    basic('anyone-at-all', SAMPLE_TOKEN),
    basic(SAMPLE_TOKEN, ''),
    basic(SAMPLE_TOKEN, 'x-oauth-basic'),
    'basic ' + Buffer.from(`${SAMPLE_TOKEN}:`).toString('base64')
  ]
  for (const header of forms) {
    const { status, body } = await get('/user', header)
    t.equal(status, 200, header.slice(0, 12))
    t.equal(body.login, 'aegis-bot')
  }
})

t.test('wrong credentials in any scheme are 401 with Gitea\'s body', async (t) => {
  const wrong = 'a'.repeat(40)
  const forms = [
    `token ${wrong}`,
    `Bearer ${wrong}`,
    `token ${SAMPLE_TOKEN.toUpperCase()}`,
    `token ${SAMPLE_TOKEN.slice(0, 39)}`,
    basic('aegis-bot', wrong),
    basic('aegis-bot', 'hunter2'),
    basic(SAMPLE_TOKEN, 'some-password'), // a password is given, so the username is not read as a token
    basic(wrong, ''),
    'Basic ' + Buffer.from(SAMPLE_TOKEN).toString('base64'), // no ":" at all: Gitea decodes nothing
    'Basic !!!not-base64!!!'
  ]
  for (const header of forms) {
    const { status, body, contentType } = await get('/version', header)
    t.equal(status, 401, header.slice(0, 16))
    t.same(body, { message: 'invalid username, password or token', url: `${gitea.url}/api/swagger` })
    t.equal(contentType, 'application/json;charset=utf-8')
  }
})

t.test('an Authorization header Gitea cannot parse leaves the caller anonymous', async (t) => {
  for (const header of [SAMPLE_TOKEN, `token ${SAMPLE_TOKEN} extra`, 'token', `Digest ${SAMPLE_TOKEN}`]) {
    const user = await get('/user', header)
    t.equal(user.status, 401, header.slice(0, 12))
    t.equal(user.body.message, 'token is required')
    t.equal((await get('/repos/acme/website', header)).status, 200, 'public repo still readable')
  }
})

t.test('/user and /user/repos need a token: 401 "token is required"', async (t) => {
  for (const path of ['/user', '/user/repos']) {
    const { status, body } = await get(path)
    t.equal(status, 401)
    t.same(body, { message: 'token is required', url: `${gitea.url}/api/swagger` })
  }
})

t.test('/version and /settings/api need no token', async (t) => {
  t.same((await get('/version')).body, { version: '1.26.3' })
  t.equal((await get('/settings/api')).body.default_max_blob_size, 10485760)
})

t.test('anonymous callers read public repositories and nothing private', async (t) => {
  const website = await get('/repos/acme/website')
  t.equal(website.status, 200)
  t.same(website.body.permissions, { admin: false, push: false, pull: true })
  t.equal(website.body.owner.email, 'acme@noreply.localhost', 'anonymous callers see placeholder emails')
  t.equal((await get('/repos/acme/website/contents/README.md')).status, 200)
  t.equal((await get('/repos/alice/public-snippets')).status, 200)
  for (const path of ['/repos/acme/platform', '/repos/acme/platform/contents', '/repos/aegis-bot/notes']) {
    const { status, body } = await get(path)
    t.equal(status, 404, path)
    t.same(body, { message: 'not found', url: `${gitea.url}/api/swagger`, errors: null })
  }
  const search = await get('/repos/search?limit=50')
  t.same(search.body.data.map((r: { full_name: string }) => r.full_name), ['alice/public-snippets', 'acme/website'], 'name order')
})

t.test('a private repository the token cannot read answers exactly like a missing one', async (t) => {
  const auth = `token ${SAMPLE_TOKEN}`
  const secret = await get('/repos/globex/secret-plans', auth)
  const missing = await get('/repos/globex/no-such-repo', auth)
  t.equal(secret.status, 404)
  t.same(secret, missing)
  t.same(secret.body, { message: 'not found', url: `${gitea.url}/api/swagger`, errors: null })
  for (const sub of ['/contents', '/contents/README.md', '/raw/README.md', '/git/trees/main', '/branches', '/tags', '/commits']) {
    t.same(await get('/repos/globex/secret-plans' + sub, auth), await get('/repos/globex/no-such-repo' + sub, auth), sub)
  }
  const search = await get('/repos/search?q=secret&limit=50', auth)
  t.same(search.body.data, [])
})

t.test('an unknown owner gets the GetUserByName body', async (t) => {
  const { status, body } = await get('/repos/initech/tps-reports', `token ${SAMPLE_TOKEN}`)
  t.equal(status, 404)
  t.same(body, { message: 'GetUserByName', url: `${gitea.url}/api/swagger`, errors: ['user redirect does not exist [name: initech]'] })
})

t.test('the token user sees its orgs\' private repositories read-only and owns its own', async (t) => {
  const auth = `token ${SAMPLE_TOKEN}`
  const platform = await get('/repos/acme/platform', auth)
  t.same(platform.body.permissions, { admin: false, push: false, pull: true })
  const notes = await get('/repos/aegis-bot/notes', auth)
  t.same(notes.body.permissions, { admin: true, push: true, pull: true })
  const mine = await get('/user/repos?limit=50', auth)
  t.same(mine.body.map((r: { full_name: string }) => r.full_name),
    ['acme/empty', 'acme/handbook', 'acme/infra', 'aegis-bot/notes', 'acme/platform', 'acme/website'])
})

t.test('names are matched case-insensitively and answered canonically', async (t) => {
  const { status, body } = await get('/repos/ACME/Platform', `token ${SAMPLE_TOKEN}`)
  t.equal(status, 200)
  t.equal(body.full_name, 'acme/platform')
})

t.test('a custom token can be configured', async (t) => {
  const custom = await startFakeGitea({ token: '0123456789abcdef0123456789abcdef01234567' })
  t.teardown(() => custom.close())
  const ok = await fetch(`${custom.url}/api/v1/user`, { headers: { Authorization: `token ${custom.token}` } })
  t.equal(ok.status, 200)
  const old = await fetch(`${custom.url}/api/v1/user`, { headers: { Authorization: `token ${SAMPLE_TOKEN}` } })
  t.equal(old.status, 401)
})

t.test('every request is recorded with its raw path, query and Authorization', async (t) => {
  const before = gitea.requests.length
  await fetch(`${gitea.url}/api/v1/repos/acme/platform/branches/feature%2Flogin-rate-limit?limit=2&page=1`,
    { headers: { Authorization: `Bearer ${SAMPLE_TOKEN}` } })
  await fetch(`${gitea.url}/api/v1/nothing-here`)
  t.same(gitea.requests.slice(before), [
    { method: 'GET', path: '/api/v1/repos/acme/platform/branches/feature%2Flogin-rate-limit', query: 'limit=2&page=1', authorization: `Bearer ${SAMPLE_TOKEN}` },
    { method: 'GET', path: '/api/v1/nothing-here', query: '', authorization: undefined }
  ])
})

t.test('/users/{username}/repos: an owner\'s repositories by id, paged before those the caller cannot read are dropped', async (t) => {
  const auth = `token ${SAMPLE_TOKEN}`
  const names = (body: Array<{ full_name: string }>): string[] => body.map((r) => r.full_name)
  const acme = await fetch(`${gitea.url}/api/v1/users/ACME/repos?limit=50`, { headers: { Authorization: auth } })
  t.same(names(await acme.json() as Array<{ full_name: string }>), ['acme/handbook', 'acme/website', 'acme/platform', 'acme/infra', 'acme/empty'], 'id order, any name case')
  t.equal(acme.headers.get('x-total-count'), '5')
  const paged = await fetch(`${gitea.url}/api/v1/users/acme/repos?limit=2&page=2`, { headers: { Authorization: auth } })
  t.same(names(await paged.json() as Array<{ full_name: string }>), ['acme/platform', 'acme/infra'])
  t.match(paged.headers.get('link'), /rel="next"/)
  t.same(names((await get('/users/acme/repos')).body), ['acme/website'], 'anonymous: public ones only')
  const globex = await fetch(`${gitea.url}/api/v1/users/globex/repos`, { headers: { Authorization: auth } })
  t.same(await globex.json(), [], 'a private repository the caller cannot read is dropped from the page')
  t.equal(globex.headers.get('x-total-count'), '1', 'but still counted, as Gitea does')
  const unknown = await get('/users/initech/repos', auth)
  t.equal(unknown.status, 404)
  t.same(unknown.body.errors, ['user redirect does not exist [name: initech]'])
})
