import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getEventListeners } from 'node:events'
import { inspect } from 'node:util'
import t from 'tap'
import { createGiteaClient, type GiteaClientOptions } from '../../../lib/gitea/client.js'
import { GiteaError, type GiteaErrorCode } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'

type Test = Parameters<Parameters<typeof t.test>[0]>[0]

// A distinctive token, so any leak into a message is easy to spot.
const TOKEN = '0123456789abcdef0123456789abcdeftok3n42'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** A throwaway HTTP server on 127.0.0.1, closed (with its connections) at teardown. */
async function serve (t: Test, handler: Handler): Promise<{ url: string, origin: string, seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return { url: origin, origin, seen }
}

function json (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

function client (url: string, extra: Partial<GiteaClientOptions> = {}): GiteaClient {
  return createGiteaClient({ baseUrl: url, token: TOKEN, timeoutMs: 5000, ...extra })
}

/** Awaits a rejection, checks it is a GiteaError with `code`, and that the token is nowhere in it. */
async function rejects (t: Test, promise: Promise<unknown>, code: GiteaErrorCode, pattern?: RegExp): Promise<GiteaError> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  t.type(caught, GiteaError, 'throws a GiteaError')
  const error = caught as GiteaError
  t.equal(error.code, code, `code ${code}: ${error.message}`)
  if (pattern !== undefined) t.match(error.message, pattern)
  t.notOk(inspect(error).includes(TOKEN), 'the token is not in the error')
  t.notOk(JSON.stringify(error).includes(TOKEN), 'the token is not in the serialised error')
  return error
}

const USER = { id: 1, login: 'aegis-bot', full_name: 'Aegis', email: 'bot@example.com', avatar_url: '', html_url: '' }
function repository (owner: string, name: string): Record<string, unknown> {
  return {
    id: name.length,
    name,
    full_name: `${owner}/${name}`,
    owner: { ...USER, login: owner },
    description: '',
    private: false,
    default_branch: 'main'
  }
}

t.test('sends the token as "Authorization: token …" to <GITEA_URL>/api/v1, sub-path and trailing slash included', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 200, { version: '1.26.3' }))
  const gitea = client(`${server.url}/gitea/`, { userAgent: 'aegis-gitea-mcp/9.9.9' })
  t.equal(await gitea.getVersion(), '1.26.3')
  t.equal(gitea.host, server.origin.slice('http://'.length))
  t.equal(server.seen.length, 1)
  const request = server.seen[0]
  t.equal(request?.method, 'GET')
  t.equal(request?.url, '/gitea/api/v1/version')
  t.equal(request?.headers.authorization, `token ${TOKEN}`)
  t.equal(request?.headers['user-agent'], 'aegis-gitea-mcp/9.9.9')
  t.match(request?.headers.accept, /application\/json/)
  t.notOk(request?.url.includes(TOKEN), 'never in the URL')
  t.notOk(Object.keys(gitea).some((key) => String((gitea as unknown as Record<string, unknown>)[key]).includes(TOKEN)), 'not a visible property')
  t.notOk(inspect(gitea, { depth: 5 }).includes(TOKEN))
})

t.test('getCurrentUser, getRepo parse and check their answers', async (t) => {
  const server = await serve(t, (req, res) => {
    if (req.url === '/api/v1/user') return json(res, 200, USER)
    if (req.url === '/api/v1/repos/acme/platform') return json(res, 200, repository('acme', 'platform'))
    json(res, 200, { id: 'not a number', name: 7 })
  })
  const gitea = client(server.url)
  t.equal((await gitea.getCurrentUser()).login, 'aegis-bot')
  const repo = await gitea.getRepo('acme', 'platform')
  t.equal(repo.full_name, 'acme/platform')
  t.equal(repo.owner.login, 'acme')
  await rejects(t, gitea.getRepo('acme', 'other'), 'gitea_error', /unexpected shape.*repository\.id/)
})

t.test('listMyRepos reads X-Total-Count and Link into a Page', async (t) => {
  const server = await serve(t, (req, res) => {
    const url = new URL(req.url ?? '', 'http://x')
    const page = Number(url.searchParams.get('page'))
    const base = 'http://127.0.0.1/api/v1/user/repos?limit=2'
    const links = page === 1
      ? `<${base}&page=2>; rel="next",<${base}&page=3>; rel="last"`
      : page === 2
        ? `<${base}&page=3>; rel="next",<${base}&page=3>; rel="last",<${base}&page=1>; rel="first",<${base}&page=1>; rel="prev"`
        : `<${base}&page=1>; rel="first",<${base}&page=2>; rel="prev"`
    const items = page === 3 ? [repository('acme', 'e')] : [repository('acme', 'a'), repository('acme', 'b')]
    json(res, 200, items, { 'x-total-count': '5', link: links })
  })
  const gitea = client(server.url)
  const first = await gitea.listMyRepos({ page: 1, limit: 2 })
  t.same({ ...first, items: first.items.length }, { items: 2, page: 1, limit: 2, total: 5, hasMore: true })
  const second = await gitea.listMyRepos({ page: 2, limit: 2 })
  t.equal(second.hasMore, true)
  const last = await gitea.listMyRepos({ page: 3, limit: 2 })
  t.same({ ...last, items: last.items.length }, { items: 1, page: 3, limit: 2, total: 5, hasMore: false })
  t.same(server.seen.map((s) => s.url), [
    '/api/v1/user/repos?page=1&limit=2', '/api/v1/user/repos?page=2&limit=2', '/api/v1/user/repos?page=3&limit=2'
  ])
})

t.test('a list without paging headers: total null, hasMore from a full page', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 200, [repository('acme', 'a')]))
  const gitea = client(server.url)
  const page = await gitea.listMyRepos({})
  t.same({ ...page, items: page.items.length }, { items: 1, page: 1, limit: 30, total: null, hasMore: false })
  t.equal(server.seen[0]?.url, '/api/v1/user/repos?page=1&limit=30')
})

t.test('searchRepos sends q and unwraps {ok, data}', async (t) => {
  const server = await serve(t, (req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams.get('q')
    if (q === 'broken') return json(res, 200, { ok: false, data: [] })
    json(res, 200, { ok: true, data: [repository('acme', 'platform')] }, { 'x-total-count': '1' })
  })
  const gitea = client(server.url)
  const found = await gitea.searchRepos('plat form&x=1', { limit: 10 })
  t.equal(found.items[0]?.full_name, 'acme/platform')
  t.equal(found.total, 1)
  t.equal(found.hasMore, false)
  t.equal(server.seen[0]?.url, '/api/v1/repos/search?q=plat+form%26x%3D1&page=1&limit=10')
  await rejects(t, gitea.searchRepos('broken', {}), 'gitea_error', /ok: false/)
})

t.test('getContents: root, a directory (array), a file; missing nullable fields become null', async (t) => {
  const file = { name: 'a.txt', path: 'docs/a.txt', sha: 'abc', type: 'file', size: 3, encoding: 'base64', content: 'YWJj', url: 'u' }
  const server = await serve(t, (req, res) => {
    if (req.url?.startsWith('/api/v1/repos/acme/platform/contents/docs/a.txt')) return json(res, 200, file)
    json(res, 200, [{ ...file, name: 'docs', path: 'docs', type: 'dir', size: 0, encoding: null, content: null }])
  })
  const gitea = client(server.url)
  const root = await gitea.getContents('acme', 'platform', '')
  t.ok(Array.isArray(root))
  const dir = await gitea.getContents('acme', 'platform', 'docs', 'main')
  t.ok(Array.isArray(dir))
  const one = await gitea.getContents('acme', 'platform', 'docs/a.txt', 'v1.0')
  t.notOk(Array.isArray(one))
  if (!Array.isArray(one)) {
    t.equal(one.content, 'YWJj')
    t.equal(one.target, null)
    t.equal(one.download_url, null)
    t.equal(one.submodule_git_url, null)
  }
  t.same(server.seen.map((s) => s.url), [
    '/api/v1/repos/acme/platform/contents',
    '/api/v1/repos/acme/platform/contents/docs?ref=main',
    '/api/v1/repos/acme/platform/contents/docs/a.txt?ref=v1.0'
  ])
})

t.test('getTree sends recursive, page, per_page and tolerates tree: null', async (t) => {
  const server = await serve(t, (req, res) => {
    if (req.url?.includes('empty')) return json(res, 200, { sha: 'e', url: 'u', tree: null, truncated: false, page: 1, total_count: 0 })
    json(res, 200, {
      sha: 'abc',
      url: 'u',
      tree: [{ path: 'src', mode: '040000', type: 'tree', sha: 's1', url: 'u' }, { path: 'src/a.ts', mode: '100644', type: 'blob', size: 12, sha: 's2', url: 'u' }],
      truncated: true,
      page: 2,
      total_count: 1500
    })
  })
  const gitea = client(server.url)
  const tree = await gitea.getTree('acme', 'platform', 'v1.0?x#y', { recursive: true, page: 2, perPage: 1000 })
  t.equal(tree.tree.length, 2)
  t.equal(tree.tree[0]?.size, 0, 'size defaults to 0 for trees')
  t.equal(tree.truncated, true)
  t.equal(tree.total_count, 1500)
  t.equal(server.seen[0]?.url, '/api/v1/repos/acme/platform/git/trees/v1.0%3Fx%23y?recursive=true&page=2&per_page=1000')
  const empty = await gitea.getTree('acme', 'empty', 'main', { page: Number.NaN })
  t.same(empty.tree, [])
  t.equal(server.seen[1]?.url, '/api/v1/repos/acme/empty/git/trees/main')
})

t.test('getTree resolves a ref with a slash to its commit first, never sending %2F in the path', async (t) => {
  const server = await serve(t, (req, res) => {
    const url = new URL(req.url ?? '', 'http://x')
    if (url.pathname.endsWith('/commits')) {
      const ref = url.searchParams.get('sha')
      if (ref === 'feature/login') return json(res, 200, [{ sha: 'c0ffee', commit: { tree: { sha: 't1' } } }], { 'x-total-count': '7' })
      if (ref === 'gone/branch') return json(res, 200, [])
      if (ref === 'empty/repo') return json(res, 409, { message: 'Git Repository is empty.' })
      return json(res, 404, null)
    }
    json(res, 200, { sha: 't1', url: 'u', tree: [], truncated: false, page: 1, total_count: 0 })
  })
  const gitea = client(server.url)
  const tree = await gitea.getTree('acme', 'platform', 'feature/login', { recursive: true })
  t.equal(tree.sha, 't1')
  t.same(server.seen.map((s) => s.url), [
    '/api/v1/repos/acme/platform/commits?sha=feature%2Flogin&limit=1&stat=false&verification=false&files=false',
    '/api/v1/repos/acme/platform/git/trees/c0ffee?recursive=true'
  ])
  await rejects(t, gitea.getTree('acme', 'platform', 'no/such'), 'not_found', /^Tree "no\/such" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getTree('acme', 'platform', 'gone/branch'), 'not_found', /^Tree "gone\/branch" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getTree('acme', 'platform', 'empty/repo'), 'empty_repository')
  t.equal(server.seen.filter((s) => s.url.includes('%2F') && !s.url.includes('?sha=')).length, 0)
})

t.test('every value stays inside its own path segment', async (t) => {
  const server = await serve(t, (req, res) => {
    if (req.url?.includes('/raw/')) {
      res.writeHead(200)
      return res.end('x')
    }
    if (req.url?.includes('/contents')) return json(res, 200, [])
    json(res, 200, repository('o', 'r'))
  })
  const gitea = client(server.url)
  await gitea.getRepo('own?er', 're#po')
  await gitea.getContents('a b', '%2e%2e', 'dir with space/%2e%2e/x?y#z.txt', 'feature/x y&z')
  await gitea.getRawFile('o', 'r', 'a/b\\c/..d/%2F', 'v1.0?x', 10)
  t.same(server.seen.map((s) => s.url), [
    '/api/v1/repos/own%3Fer/re%23po',
    '/api/v1/repos/a%20b/%252e%252e/contents/dir%20with%20space/%252e%252e/x%3Fy%23z.txt?ref=feature%2Fx+y%26z',
    '/api/v1/repos/o/r/raw/a/b%5Cc/..d/%252F?ref=v1.0%3Fx'
  ])
  // Dot segments would be resolved by the URL parser, so they never leave the client.
  await rejects(t, gitea.getRepo('..', 'x'), 'bad_request')
  await rejects(t, gitea.getRepo('acme', '.'), 'bad_request')
  await rejects(t, gitea.getContents('acme', 'platform', '../../admin'), 'bad_request')
  await rejects(t, gitea.getRawFile('acme', 'platform', 'a/../../b', undefined, 10), 'bad_request')
  await rejects(t, gitea.getTree('acme', 'platform', '..'), 'bad_request')
  await rejects(t, gitea.getRawFile('acme', 'platform', '/', undefined, 10), 'bad_request')
  t.equal(server.seen.length, 3, 'no request was made for a refused value')
})

t.test('HTTP statuses map to GiteaError codes with actionable messages', async (t) => {
  const answers: Record<string, [number, string, string?]> = {
    '/401': [401, '{"message":"invalid username, password or token","url":"http://x/api/swagger"}'],
    '/403scope': [403, '{"message":"token does not have at least one of required scope(s), required=[read:repository], token scope=read:user","url":"u"}'],
    '/403public': [403, '{"message":"token scope is limited to public repos"}'],
    '/404json': [404, '{"message":"not found","url":"u","errors":null}'],
    '/404null': [404, 'null'],
    '/404html': [404, '<html><body>Not Found</body></html>', 'text/html'],
    '/409': [409, '{"message":"Git Repository is empty.","url":"u"}'],
    '/400': [400, '{"message":"sha not found [deadbeef]","url":"u"}'],
    '/422': [422, '{"message":"invalid since: parsing time","url":"u"}'],
    '/500': [500, '{"message":"","url":"u"}'],
    '/502': [502, '<html><h1>502 Bad Gateway</h1></html>', 'text/html'],
    '/504empty': [504, ''],
    '/418': [418, 'teapot', 'text/plain'],
    '/400garbage': [400, '\u0000\u00ff{{{not json', 'application/json']
  }
  const server = await serve(t, (req, res) => {
    const key = Object.keys(answers).find((k) => req.url?.startsWith(`/api/v1/repos${k}/`))
    const [status, body, type] = answers[key ?? ''] ?? [599, '']
    res.writeHead(status, { 'content-type': type ?? 'application/json;charset=utf-8' })
    res.end(body)
  })
  const gitea = client(server.url)
  const get = (key: string): Promise<unknown> => gitea.getRepo(key.slice(1), 'repo')

  let error = await rejects(t, get('/401'), 'gitea_unauthorized', /Gitea rejected GITEA_TOKEN \(401\): check the token is valid and not revoked/)
  t.equal(error.status, 401)
  error = await rejects(t, get('/403scope'), 'gitea_forbidden', /read:repository scope/)
  t.match(error.message, /required=\[read:repository\], token scope=read:user/, 'quotes Gitea\'s scope message')
  t.equal(error.status, 403)
  await rejects(t, get('/403public'), 'gitea_forbidden', /public-only/)
  for (const key of ['/404json', '/404null', '/404html']) {
    error = await rejects(t, get(key), 'not_found', /not found, or the token cannot read it/)
    t.equal(error.status, 404)
    t.notMatch(error.message, /<|body|GetUserByName/i, 'no body text in a 404 message')
  }
  error = await rejects(t, get('/409'), 'empty_repository', /empty/)
  t.equal(error.status, 409)
  error = await rejects(t, get('/400'), 'bad_request', /sha not found \[deadbeef\]/)
  t.equal(error.status, 400)
  error = await rejects(t, get('/422'), 'bad_request', /invalid since/)
  t.equal(error.status, 422)
  await rejects(t, get('/400garbage'), 'bad_request')
  error = await rejects(t, get('/500'), 'gitea_error', /failed with 500/)
  t.equal(error.status, 500)
  error = await rejects(t, get('/502'), 'gitea_error', /failed with 502/)
  t.notMatch(error.message, /<html>|Bad Gateway<\/h1>/, 'a proxy\'s HTML is not quoted')
  await rejects(t, get('/504empty'), 'gitea_error', /failed with 504/)
  await rejects(t, get('/418'), 'gitea_error', /unexpected status 418/)
})

t.test('403 names the scope each endpoint needs', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 403, { message: 'forbidden' }))
  const gitea = client(server.url)
  await rejects(t, gitea.getCurrentUser(), 'gitea_forbidden', /lacks the read:user scope/)
  await rejects(t, gitea.listMyRepos({}), 'gitea_forbidden', /read:user and read:repository/)
  await rejects(t, gitea.getTree('a', 'b', 'main'), 'gitea_forbidden', /lacks the read:repository scope/)
  await rejects(t, gitea.searchRepos('x', {}), 'gitea_forbidden', /lacks the read:repository scope/)
  await rejects(t, gitea.getVersion(), 'gitea_forbidden', /may not use this endpoint/)
})

t.test('successful answers that are not what the API promises are gitea_error, never a crash', async (t) => {
  const bodies: Record<string, [string, string]> = {
    '/api/v1/repos/html/x': ['<!doctype html><title>Sign in</title>', 'text/html; charset=utf-8'],
    '/api/v1/repos/null/x': ['null', 'application/json'],
    '/api/v1/repos/garbage/x': ['\u0000\u0001\u00fe garbage', 'application/octet-stream'],
    '/api/v1/repos/empty/x': ['', 'application/json'],
    '/api/v1/repos/array/x': ['[1,2]', 'application/json']
  }
  const server = await serve(t, (req, res) => {
    const [body, type] = bodies[req.url ?? ''] ?? ['{}', 'application/json']
    res.writeHead(200, { 'content-type': type })
    res.end(body)
  })
  const gitea = client(server.url)
  await rejects(t, gitea.getRepo('html', 'x'), 'gitea_error', /not JSON \(text\/html\).*GITEA_URL/)
  await rejects(t, gitea.getRepo('null', 'x'), 'gitea_error', /unexpected shape/)
  await rejects(t, gitea.getRepo('garbage', 'x'), 'gitea_error', /not JSON/)
  await rejects(t, gitea.getRepo('empty', 'x'), 'gitea_error', /not JSON/)
  await rejects(t, gitea.getRepo('array', 'x'), 'gitea_error', /unexpected shape/)
  await rejects(t, gitea.getContents('null', 'x', 'y'), 'gitea_error')
  await rejects(t, gitea.getVersion(), 'gitea_error', /unexpected shape/)
})

t.test('a JSON answer larger than maxJsonBytes is refused', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 200, { ...repository('a', 'b'), description: 'x'.repeat(10_000) }))
  await rejects(t, client(server.url, { maxJsonBytes: 1000 }).getRepo('a', 'b'), 'gitea_error', /more than 1000 bytes/)
})

t.test('the token is never in a message, even when Gitea echoes it', async (t) => {
  const server = await serve(t, (req, res) => json(res, req.url?.includes('forbidden') === true ? 403 : 422, { message: `bad token ${String(req.headers.authorization)}` }))
  const gitea = client(server.url)
  let error = await rejects(t, gitea.getRepo('acme', 'x'), 'bad_request', /\[redacted\]/)
  t.notOk(error.message.includes(TOKEN))
  error = await rejects(t, gitea.getRepo('forbidden', 'x'), 'gitea_forbidden', /\[redacted\]/)
  t.notOk(error.message.includes(TOKEN))
})

t.test('a call that gets no answer times out with gitea_timeout', async (t) => {
  const server = await serve(t, () => { /* never answers */ })
  const gitea = client(server.url, { timeoutMs: 199.5 })
  const started = Date.now()
  await rejects(t, gitea.getRepo('acme', 'platform'), 'gitea_timeout', /REQUEST_TIMEOUT_SECONDS/)
  t.ok(Date.now() - started < 4000, 'well before any default timeout')
  t.equal(server.seen.length, 1)
})

t.test('the timeout also bounds reading the body', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"id": 1, ') // and never the rest
  })
  const gitea = client(server.url, { timeoutMs: 300 })
  await rejects(t, gitea.getRepo('acme', 'platform'), 'gitea_timeout', /0\.3 s/)
  const stalledError = await serve(t, (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.write('{"message": ') // an error body that never ends
  })
  await rejects(t, client(stalledError.url, { timeoutMs: 300 }).getRepo('acme', 'platform'), 'gitea_timeout')
  await rejects(t, gitea.getRawFile('acme', 'platform', 'big.bin', undefined, 1_000_000), 'gitea_timeout')
})

t.test('a caller\'s signal aborts the call with the caller\'s reason', async (t) => {
  // The server aborts each call once it holds the request, so the abort lands mid-call however slow the machine.
  let abortNext = (): void => {}
  const server = await serve(t, () => { abortNext() })
  const gitea = client(server.url, { timeoutMs: 10_000 })
  const controller = new AbortController()
  const reason = new Error('client went away')
  abortNext = () => { controller.abort(reason) }
  t.equal(await gitea.getRepo('acme', 'platform', { signal: controller.signal }).catch((error: unknown) => error), reason, 'the very same reason')
  t.equal(await gitea.getVersion({ signal: AbortSignal.abort(reason) }).catch((error: unknown) => error), reason, 'already aborted')
  const plain = new AbortController()
  abortNext = () => { plain.abort() }
  const error = await gitea.getRawFile('a', 'b', 'c', undefined, 10, { signal: plain.signal }).catch((error: unknown) => error)
  t.equal((error as Error).name, 'AbortError', 'an abort without a reason throws the AbortError')
  t.equal(server.seen.length, 2, 'an already aborted call sends nothing')
})

t.test('an unaborted caller signal changes nothing, and gets one listener however many requests use it', async (t) => {
  const server = await serve(t, (req, res) => { if (req.url?.includes('version') === true) json(res, 200, { version: '1.26.3' }); else json(res, 500, {}) })
  const signal = new AbortController().signal
  const gitea = client(server.url)
  t.equal(await gitea.getVersion({ signal }), '1.26.3')
  await gitea.getRepo('acme', 'platform', { signal }).catch(() => {})
  for (let i = 0; i < 5; i++) await gitea.getVersion({ signal })
  t.equal(getEventListeners(signal, 'abort').length, 1, 'one signal serves a whole tool call: one listener, not one a request')
})

t.test('one caller abort stops every request in flight under its signal, and only those', async (t) => {
  // Holds every request until the test has seen both arrive.
  const held: Array<() => void> = []
  let arrived = (): void => {}
  const server = await serve(t, (_req, res) => { held.push(() => { json(res, 200, { version: '1.26.3' }) }); arrived() })
  const gitea = client(server.url, { timeoutMs: 10_000 })
  const both = new Promise<void>((resolve) => { arrived = () => { if (held.length === 3) resolve() } })
  const controller = new AbortController()
  const reason = new Error('client went away')
  const first = gitea.getVersion({ signal: controller.signal }).catch((error: unknown) => error)
  const second = gitea.getVersion({ signal: controller.signal }).catch((error: unknown) => error)
  const other = gitea.getVersion({ signal: new AbortController().signal })
  await both
  controller.abort(reason)
  t.equal(await first, reason, 'the first request stopped with the caller\'s reason')
  t.equal(await second, reason, 'and the second')
  for (const answer of held) answer()
  t.equal(await other, '1.26.3', 'a request under another signal goes on')
})

t.test('a connection that breaks mid-answer is gitea_error; a broken error body keeps its status', async (t) => {
  const server = await serve(t, (req, res) => {
    res.writeHead(req.url?.includes('fail') === true ? 502 : 200, { 'content-type': 'application/json', 'content-length': '1000' })
    res.write('{"message": "partial')
    setTimeout(() => res.destroy(), 20)
  })
  const gitea = client(server.url)
  await rejects(t, gitea.getRepo('acme', 'platform'), 'gitea_error', /broke while reading the answer to GET \/api\/v1\/repos\/acme\/platform/)
  await rejects(t, gitea.getRawFile('acme', 'platform', 'big', undefined, 10_000), 'gitea_error', /broke while reading/)
  await rejects(t, gitea.getRepo('fail', 'x'), 'gitea_error', /failed with 502/)
})

t.test('a port that fetch refuses is gitea_unreachable', async (t) => {
  // fetch's "bad ports" (e.g. 6000, X11) are refused before any connection is tried.
  await rejects(t, client('http://127.0.0.1:6000').getVersion(), 'gitea_unreachable', /refuses to connect to this port/)
})

t.test('a closed port is gitea_unreachable, naming GITEA_URL (the host only in the detail for the log)', async (t) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const error = await rejects(t, client(`http://127.0.0.1:${port}`).getCurrentUser(), 'gitea_unreachable', /connection refused/)
  t.notMatch(error.message, `127.0.0.1:${port}`)
  t.match(error.detail, `127.0.0.1:${port}`)
  t.match(error.detail, /ECONNREFUSED/)
  t.match(error.message, /GITEA_URL/)
})

t.test('an unknown host name is gitea_unreachable', async (t) => {
  const error = await rejects(t, client('http://gitea.invalid', { timeoutMs: 10_000 }).getVersion(), 'gitea_unreachable', /host name not found.*GITEA_URL/)
  t.notMatch(error.message, 'gitea.invalid')
  t.match(error.detail, 'gitea.invalid')
})

t.test('a TLS failure (https:// to a plain HTTP port) is gitea_unreachable', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 200, { version: '1' }))
  await rejects(t, client(server.url.replace('http:', 'https:')).getVersion(), 'gitea_unreachable', /TLS failed.*GITEA_URL/)
})

t.test('a redirect to another origin is not followed, so the token goes nowhere else', async (t) => {
  const elsewhere = await serve(t, (_req, res) => json(res, 200, { version: 'stolen' }))
  const server = await serve(t, (req, res) => {
    res.writeHead(302, { location: `${elsewhere.origin}/api/v1${req.url?.slice('/api/v1'.length) ?? ''}` })
    res.end()
  })
  const error = await rejects(t, client(server.url).getVersion(), 'gitea_error', /another address/)
  t.notMatch(error.message, elsewhere.origin.slice('http://'.length), 'the target is not named to the caller')
  t.notMatch(error.message, server.origin.slice('http://'.length), 'nor Gitea')
  t.match(error.detail, elsewhere.origin)
  t.equal(error.status, 302)
  t.equal(elsewhere.seen.length, 0, 'the other origin got no request')
  t.equal(server.seen.length, 1)
})

t.test('a same-origin redirect (renamed repository) is reported, not followed', async (t) => {
  const server = await serve(t, (req, res) => {
    if (req.url === '/api/v1/repos/acme/old') {
      res.writeHead(301, { location: '/api/v1/repos/acme/new' })
      return res.end()
    }
    json(res, 200, repository('acme', 'new'))
  })
  await rejects(t, client(server.url).getRepo('acme', 'old'), 'gitea_error', /renamed/)
  t.same(server.seen.map((s) => s.url), ['/api/v1/repos/acme/old'])
})

t.test('429/503 are retried once after a short Retry-After', async (t) => {
  let calls = 0
  const server = await serve(t, (_req, res) => {
    calls++
    if (calls === 1) {
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/html' })
      return res.end('<html>busy</html>')
    }
    json(res, 200, { version: '1.26.3' })
  })
  t.equal(await client(server.url).getVersion(), '1.26.3')
  t.equal(server.seen.length, 2)
  t.equal(server.seen[1]?.headers.authorization, `token ${TOKEN}`)
})

t.test('Retry-After may be an HTTP date; an unreadable one is not waited for', async (t) => {
  let calls = 0
  const dated = await serve(t, (_req, res) => {
    calls++
    if (calls === 1) return json(res, 429, null, { 'retry-after': new Date(Date.now() - 1000).toUTCString() })
    json(res, 200, { version: 'ok' })
  })
  t.equal(await client(dated.url).getVersion(), 'ok')
  t.equal(dated.seen.length, 2)
  const odd = await serve(t, (_req, res) => json(res, 503, null, { 'retry-after': 'soon' }))
  await rejects(t, client(odd.url).getVersion(), 'gitea_error', /503/)
  t.equal(odd.seen.length, 1)
  const none = await serve(t, (_req, res) => json(res, 503, null))
  await rejects(t, client(none.url, { timeoutMs: 10_000 }).getVersion(), 'gitea_error', /503/)
  t.equal(none.seen.length, 2, 'without Retry-After, one retry after a second')
})

t.test('a caller who gives up during the wait before a retry is not kept waiting', async (t) => {
  const busy = await serve(t, (_req, res) => { json(res, 503, { message: 'busy' }, { 'retry-after': '4' }) })
  const controller = new AbortController()
  const reason = new Error('client went away')
  const started = performance.now()
  const call = client(busy.url, { timeoutMs: 30_000 }).getVersion({ signal: controller.signal }).catch((error: unknown) => error)
  setTimeout(() => { controller.abort(reason) }, 200)
  t.equal(await call, reason, 'the caller\'s reason')
  t.ok(performance.now() - started < 3000, 'the 4 s wait was cut short')
  t.equal(busy.seen.length, 1, 'no retry was sent')
})

t.test('only once, and not for a long Retry-After', async (t) => {
  const busy = await serve(t, (_req, res) => json(res, 503, { message: 'busy' }, { 'retry-after': '0' }))
  await rejects(t, client(busy.url).getVersion(), 'gitea_error', /503/)
  t.equal(busy.seen.length, 2, 'one retry')
  const limited = await serve(t, (_req, res) => json(res, 429, null, { 'retry-after': '3600' }))
  await rejects(t, client(limited.url).getVersion(), 'gitea_error', /rate-limiting/)
  t.equal(limited.seen.length, 1, 'no retry when asked to wait an hour')
})

t.test('getRawFile returns small files whole', async (t) => {
  const content = Buffer.from('hello\u0000world\n', 'latin1')
  const server = await serve(t, (req, res) => {
    if (req.url?.includes('missing')) return json(res, 404, null)
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    res.end(content)
  })
  const gitea = client(server.url)
  const whole = await gitea.getRawFile('acme', 'platform', 'dir/file.bin', 'feature/x', 1000)
  t.same(whole, { bytes: content, truncated: false })
  t.equal(server.seen[0]?.url, '/api/v1/repos/acme/platform/raw/dir/file.bin?ref=feature%2Fx')
  t.equal(server.seen[0]?.headers.authorization, `token ${TOKEN}`)
  const exact = await gitea.getRawFile('acme', 'platform', 'f', undefined, content.length)
  t.equal(exact.truncated, false, 'exactly maxBytes is not truncated')
  t.equal(exact.bytes.length, content.length)
  const cut = await gitea.getRawFile('acme', 'platform', 'f', undefined, 5)
  t.same(cut, { bytes: Buffer.from('hello'), truncated: true })
  const none = await gitea.getRawFile('acme', 'platform', 'f', undefined, 0)
  t.same(none, { bytes: Buffer.alloc(0), truncated: true })
  await rejects(t, gitea.getRawFile('acme', 'platform', 'missing.txt', 'main', 10), 'not_found', /File "missing\.txt" at ref "main" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getRawFile('acme', 'platform', 'f', undefined, -1), 'bad_request')
  await gitea.getRawFile('acme', 'platform', 'f', '', 10)
  t.equal(server.seen.at(-1)?.url, '/api/v1/repos/acme/platform/raw/f', 'an empty ref means the default branch')
})

t.test('404 messages quote the caller\'s values safely and briefly', async (t) => {
  const server = await serve(t, (_req, res) => json(res, 404, { message: 'not found' }))
  const gitea = client(server.url)
  const long = `${'d/'.repeat(300)}x.txt`
  const error = await rejects(t, gitea.getContents('acme', 'platform', long, ''), 'not_found', /^Path "d\/d\/.*…" \(default branch\) in repository "acme\/platform" not found/)
  t.ok(error.message.length < 400, 'long values are shortened')
  await rejects(t, gitea.getContents('acme', 'platform', 'a"b\nc', 'main'), 'not_found', /^Path "a\\"b\\nc" at ref "main"/)
  await rejects(t, gitea.getContents('acme', 'platform', '/'), 'not_found', /^Root directory \(default branch\) in repository/)
  await rejects(t, gitea.getTree('acme', 'platform', 'nope'), 'not_found', /^Tree "nope" in repository "acme\/platform" not found/)
  await rejects(t, gitea.getContents('acme', 'platform', 42 as unknown as string), 'bad_request')
})

t.test('getRawFile stops reading a huge file at maxBytes and cancels the rest', async (t) => {
  const size = 2 * 1024 * 1024 * 1024 // 2 GiB, produced lazily: it is never all written
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  let written = 0
  let finished = false
  let resolveClosed: () => void = () => {}
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve })
  const server = await serve(t, (_req, res) => {
    res.on('close', () => resolveClosed())
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) })
    const pump = (): void => {
      while (written < size && !res.destroyed) {
        written += chunk.length
        if (!res.write(chunk)) {
          res.once('drain', pump)
          return
        }
      }
      if (written >= size) {
        finished = true
        res.end()
      }
    }
    pump()
  })
  const before = process.memoryUsage()
  const maxBytes = 1_000_000
  const file = await client(server.url, { timeoutMs: 20_000 }).getRawFile('acme', 'platform', 'huge.bin', undefined, maxBytes)
  t.equal(file.bytes.length, maxBytes)
  t.equal(file.truncated, true)
  t.ok(file.bytes.every((byte) => byte === 0x61))
  await closed
  t.equal(finished, false, 'the server never got to write the whole file')
  t.ok(written < 64 * 1024 * 1024, `the server wrote only ${written} bytes before the client hung up`)
  const after = process.memoryUsage()
  const grown = (after.arrayBuffers + after.heapUsed) - (before.arrayBuffers + before.heapUsed)
  t.ok(grown < 128 * 1024 * 1024, `memory grew by ${grown} bytes, far below the file size`)
})

/** The message `fn` throws ('' when it does not throw, which fails the callers' match). */
function thrown (fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  return ''
}

t.test('configuration problems are refused up front without echoing secrets', async (t) => {
  const make = (options: Partial<GiteaClientOptions>): GiteaClient =>
    createGiteaClient({ baseUrl: 'http://127.0.0.1:1', token: TOKEN, timeoutMs: 1000, ...options })
  t.throws(() => make({ baseUrl: 'nope' }), /GITEA_URL/)
  t.notMatch(thrown(() => make({ baseUrl: `https://bot:${TOKEN}@git.example.com` })), TOKEN)
  t.throws(() => make({ token: '' }), /GITEA_TOKEN is empty/)
  const badToken = `${TOKEN}\r\nX-Evil: 1`
  const message = thrown(() => make({ token: badToken }))
  t.match(message, /GITEA_TOKEN contains spaces or characters/)
  t.notMatch(message, TOKEN)
  t.throws(() => make({ token: 'two words' }), /GITEA_TOKEN/)
  t.throws(() => make({ timeoutMs: 0 }), /timeout/)
  t.throws(() => make({ userAgent: 'bad\nagent' }), /user agent/)
})

t.test('getContentsMeta falls back to the contents endpoint on a Gitea without contents-ext (before 1.25), and remembers it', async (t) => {
  const file = { name: 'a.txt', path: 'a.txt', sha: 's', type: 'file', size: 1, encoding: 'base64', content: 'eA==', target: null, url: 'u', html_url: null, git_url: null, download_url: null, submodule_git_url: null }
  const { url, seen } = await serve(t, (req, res) => {
    if ((req.url ?? '').includes('/contents-ext/')) json(res, 404, { message: 'not found' })
    else if ((req.url ?? '').includes('/contents/missing')) json(res, 404, { message: 'not found' })
    else json(res, 200, file)
  })
  const gitea = client(url)
  t.match(await gitea.getContentsMeta('o', 'r', 'a.txt', 'main'), file)
  t.same(seen.map((s) => s.url), ['/api/v1/repos/o/r/contents-ext/a.txt?ref=main&includes=lfs_metadata', '/api/v1/repos/o/r/contents/a.txt?ref=main'])
  await rejects(t, gitea.getContentsMeta('o', 'r', 'missing'), 'not_found')
  t.same(seen.slice(2).map((s) => s.url), ['/api/v1/repos/o/r/contents/missing'], 'contents-ext is not asked again')
})
