// Gitea's version: asked once, shown by /ready, and one warning line for a
// Gitea older than the oldest supported one (the tools keep working).
import t from 'tap'
import { OLDEST_SUPPORTED_GITEA } from '../../lib/gitea/version.js'
import { bearer, buildTestApp, KEY_ONE } from '../helpers/app.js'

const versionRequests = (requests: Array<{ path: string }>): number => requests.filter(r => r.path === '/api/v1/version').length

t.test('a supported Gitea: no warning; /ready shows its version, asked once', async t => {
  const { app, gitea, logs } = await buildTestApp(t)
  t.equal(app.giteaVersion.current(), null, 'not asked while building the app')
  t.equal(await app.giteaVersion.check(), '1.26.3', 'what bin/ asks once it listens')
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).json().gitea_version, '1.26.3')
  t.equal(versionRequests(gitea.requests), 1, 'asked once')
  t.notOk(logs.text().includes(OLDEST_SUPPORTED_GITEA), 'no warning')
})

t.test('a Gitea older than the floor: one clear warning line at start-up, and the tools still work', async t => {
  const { app, gitea, logs } = await buildTestApp(t, { fakeGitea: { version: '1.23.8', missing: ['file-contents', 'contents-ext'] } })
  await Promise.all([app.giteaVersion.check(), app.giteaVersion.check()])
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200, 'still ready: the token works')
  t.equal(ready.json().gitea_version, '1.23.8')
  await app.giteaVersion.check()
  const warnings = logs.records().filter(record => typeof record.msg === 'string' && record.msg.includes('older than'))
  t.equal(warnings.length, 1, 'one line, however often the version is checked')
  t.match(warnings[0], { level: 40, gitea_version: '1.23.8', msg: /^Gitea 1\.23\.8 at GITEA_URL is older than 1\.24\.0, the oldest version this server supports/ })
  t.notOk(String(warnings[0]?.msg).includes(gitea.url), 'Gitea\'s address is not in it')
  t.equal(versionRequests(gitea.requests), 1)
  const searched = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'search_code', arguments: { owner: 'acme', repo: 'platform', query: 'vatRate' } } })
  t.equal(searched.statusCode, 200)
  t.notOk(searched.json().isError, 'search_code works on it')
  t.ok(searched.json().structuredContent.results.length > 0)
})

t.test('a Gitea that cannot say its version yet: null, asked again later', async t => {
  const { app } = await buildTestApp(t, { env: { GITEA_URL: 'http://127.0.0.1:1' } })
  t.equal(await app.giteaVersion.check(), null)
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).json().gitea_version, null)
})
