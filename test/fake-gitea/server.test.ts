// Routing, search, error bodies and robustness of the fake server.
import { request } from 'node:http'
import t from 'tap'
import { encodeQuery, goJson, parseQuery, pathEscape, queryEscape } from './go-format.js'
import { type FakeGitea, startFakeGitea } from './server.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea() })
t.teardown(async () => { await gitea.close() })

async function get (path: string, init: RequestInit = {}): Promise<{ status: number, text: string, headers: Headers }> {
  const res = await fetch(gitea.url + '/api/v1' + path, { ...init, headers: { Authorization: `token ${gitea.token}`, ...init.headers } })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

const notFoundBody = (): string => `{"message":"not found","url":"${gitea.url}/api/swagger","errors":null}\n`

t.test('Go formatting helpers', async (t) => {
  t.equal(pathEscape('a b/c?d;e,f:g@h$i&j=k+l~m'), 'a%20b%2Fc%3Fd%3Be%2Cf:g@h$i&j=k+l~m')
  t.equal(queryEscape('a b/c*~é'), 'a+b%2Fc%2A~%C3%A9')
  t.same([...parseQuery('b=2&a=1&a=0&bad=%zz&x;y=1&plus=a+b')], [['b', ['2']], ['a', ['1', '0']], ['plus', ['a b']]])
  t.equal(encodeQuery(parseQuery('b=2&a=1&a=0&c=%2F')), 'a=1&a=0&b=2&c=%2F')
  t.equal(goJson({ s: '<a href="x">&</a>\u2028' }), '{"s":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e\\u2028"}\n')
})

t.test('JSON is sent like Gitea: content type, trailing newline, HTML characters escaped', async (t) => {
  const { text, headers } = await get('/version')
  t.equal(text, '{"version":"1.26.3"}\n')
  t.equal(headers.get('content-type'), 'application/json;charset=utf-8')
  const handbook = await get('/repos/acme/handbook')
  t.match(handbook.text, /practices \\u0026 policies/, 'Go\'s encoder escapes &, < and >')
  t.equal(JSON.parse(handbook.text).description, 'How we work at Acme: onboarding, engineering practices & policies.')
})

t.test('anything not served is a 404 with the generic body', async (t) => {
  for (const path of ['/nope', '/repos', '/repos/acme', '/repos/acme/platform/milestones/1', '/repos/acme/platform/git/trees',
    '/repos/acme/platform/git/blobs/abc', '/repos/acme/platform/releases/latest', '/users/alice', '/repos/acme/platform/tags/v1.0.0/x',
    '/repos/acme/platform/issues/1/timeline', '/repos/acme/platform/pulls/2/commits', '/repos/acme/platform/labels/3']) {
    const { status, text } = await get(path)
    t.equal(status, 404, path)
    t.equal(text, notFoundBody(), path)
  }
  const outside = await fetch(gitea.url + '/explore/repos')
  t.equal(outside.status, 404)
})

t.test('only GET and HEAD are served (the fake is read-only)', async (t) => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const { status, text } = await get('/repos/acme/platform/contents/README.md', { method, body: method === 'DELETE' ? undefined : '{}' })
    t.equal(status, 404, method)
    t.equal(text, notFoundBody())
  }
  const head = await get('/repos/acme/platform', { method: 'HEAD' })
  t.equal(head.status, 200)
  t.equal(head.text, '')
})

async function rawRequest (path: string): Promise<{ status: number, body: string }> {
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

t.test('malformed input never crashes the server', async (t) => {
  t.equal((await rawRequest('/api/v1/repos/acme/platform/contents/%E0%A4%A')).status, 400)
  t.equal((await rawRequest('/api/v1/repos/%/x')).status, 400)
  t.equal((await rawRequest('/api/v1/user/repos?page=%zz&limit=%')).status, 200, 'bad query pairs are dropped')
  t.equal((await rawRequest('/api/v1/repos/acme/platform/contents/%F0%9F%98%80.md')).status, 404)
  t.equal((await rawRequest('/api/v1/repos/acme/platform/contents/%00')).status, 404)
  t.equal((await rawRequest('/api/v1/repos/acme/platform/git/trees/%C0%AF?per_page=-1&page=-99999999999999999999')).status, 400)
  t.equal((await rawRequest('/api/v1/repos/acme/platform/raw/README.md?ref=%2e%2e%2f%2e%2e')).status, 200)
  t.equal((await rawRequest('*')).status, 400)
  t.equal((await get('/version')).status, 200, 'still serving')
})

t.test('search: names case-insensitively, descriptions with includeDesc, topics, owner/name', async (t) => {
  const names = async (query: string): Promise<string[]> =>
    (JSON.parse((await get('/repos/search?limit=50&' + query)).text) as { data: Array<{ full_name: string }> }).data.map((r) => r.full_name)
  t.same(await names('q=PLAT'), ['acme/platform'])
  t.same(await names('q=vat'), [], 'not in any name or topic')
  t.same(await names('q=hugo'), ['acme/website'], 'topics match')
  t.same(await names('q=onboarding&includeDesc=true'), ['acme/handbook'])
  t.same(await names('q=onboarding&includeDesc=false'), [])
  t.same(await names('q=acme/web'), ['acme/website'])
  t.same(await names('q=notes,snippets'), ['aegis-bot/notes', 'alice/public-snippets'], 'comma-separated keywords')
  t.same(await names('q=%20platform%20'), ['acme/platform'], 'q is trimmed')
  t.same(await names('private=false'), ['alice/public-snippets', 'acme/website'])
  t.same(await names('is_private=true&q=e'), ['acme/empty', 'acme/infra', 'aegis-bot/notes', 'acme/platform'], 'infra by its topic "terraform"')
  t.same(await names('sort=id&order=desc'),
    ['acme/empty', 'aegis-bot/notes', 'acme/infra', 'acme/platform', 'acme/website', 'acme/handbook', 'alice/public-snippets'])
  t.same(await names('uid=4&exclusive=true'), ['aegis-bot/notes'])
  t.same(await names('mode=fork'), [])
})

t.test('search: invalid mode, sort or order is 422 with Gitea\'s message', async (t) => {
  const cases: Array<[string, string]> = [
    ['mode=banana', 'Invalid search mode: "banana"'],
    ['sort=popularity', 'Invalid sort mode: "popularity"'],
    ['sort=alpha&order=sideways', 'Invalid sort order: "sideways"']
  ]
  for (const [query, message] of cases) {
    const { status, text } = await get('/repos/search?' + query)
    t.equal(status, 422, query)
    t.same(JSON.parse(text), { message, url: `${gitea.url}/api/swagger` })
  }
  t.equal((await get('/repos/search?order=sideways')).status, 200, 'order is ignored without sort')
})

t.test('close() ends keep-alive connections and frees the port', async (t) => {
  const other = await startFakeGitea()
  const agentRes = await fetch(other.url + '/api/v1/version', { keepalive: true })
  await agentRes.text()
  await other.close()
  await t.rejects(fetch(other.url + '/api/v1/version'))
})

t.test('options: host and port', async (t) => {
  const probe = await startFakeGitea()
  const port = Number(new URL(probe.url).port)
  await probe.close()
  const fixed = await startFakeGitea({ host: '127.0.0.1', port })
  t.teardown(() => fixed.close())
  t.equal(fixed.url, `http://127.0.0.1:${port}`)
  const body = await (await fetch(`${fixed.url}/api/v1/repos/acme/website`)).json() as { html_url: string, clone_url: string }
  t.equal(body.html_url, `http://127.0.0.1:${port}/acme/website`, 'URLs in bodies use the fake\'s own address')
  t.equal(body.clone_url, `http://127.0.0.1:${port}/acme/website.git`)
})
