// Paging exactly as Gitea 1.26.3: page/limit clamping, X-Total-Count, and the
// Link header's order, separator and query encoding.
import t from 'tap'
import { type FakeGitea, startFakeGitea } from './server.js'
import { emptyGitRepo } from './data.js'
import { largeRepoData, sampleData } from './sample-data.js'

let gitea: FakeGitea
t.before(async () => { gitea = await startFakeGitea({ data: largeRepoData(1100) }) })
t.teardown(async () => { await gitea.close() })

async function get (path: string): Promise<{ status: number, headers: Headers, body: any }> {
  const res = await fetch(gitea.url + '/api/v1' + path, { headers: { Authorization: `token ${gitea.token}` } })
  return { status: res.status, headers: res.headers, body: await res.json() }
}

const link = (path: string, rel: string): string => `<${gitea.url}/api/v1${path}>; rel="${rel}"`

t.test('first page: next and last only, joined by "," without a space', async (t) => {
  const { headers, body } = await get('/user/repos?limit=2')
  t.equal(body.length, 2)
  t.equal(headers.get('x-total-count'), '7')
  t.equal(headers.get('link'), link('/user/repos?limit=2&page=2', 'next') + ',' + link('/user/repos?limit=2&page=4', 'last'))
})

t.test('a middle page: next, last, first, prev in that order', async (t) => {
  const { headers } = await get('/user/repos?page=2&limit=2')
  t.equal(headers.get('link'), [
    link('/user/repos?limit=2&page=3', 'next'),
    link('/user/repos?limit=2&page=4', 'last'),
    link('/user/repos?limit=2&page=1', 'first'),
    link('/user/repos?limit=2&page=1', 'prev')
  ].join(','))
})

t.test('the last page: first and prev only; a page past the end is empty and links back', async (t) => {
  const last = await get('/user/repos?limit=2&page=4')
  t.equal(last.body.length, 1)
  t.equal(last.headers.get('link'), link('/user/repos?limit=2&page=1', 'first') + ',' + link('/user/repos?limit=2&page=3', 'prev'))
  const past = await get('/user/repos?limit=2&page=9')
  t.same(past.body, [])
  t.equal(past.headers.get('x-total-count'), '7')
  t.equal(past.headers.get('link'), link('/user/repos?limit=2&page=1', 'first') + ',' + link('/user/repos?limit=2&page=3', 'prev'))
})

t.test('query keys are re-encoded in sorted order, values escaped like Go', async (t) => {
  const sorted = await get('/repos/search?sort=alpha&limit=1&q=o&includeDesc=true')
  t.equal(sorted.headers.get('link')?.split(',')[0], link('/repos/search?includeDesc=true&limit=1&page=2&q=o&sort=alpha', 'next'))
  // url.Values.Encode: space as "+", "*" as "%2A", "~" kept, repeated keys kept in order
  const escaped = await get('/repos/search?limit=1&q=e&x=a%20b*~&x=2')
  t.equal(escaped.headers.get('link')?.split(',')[0], link('/repos/search?limit=1&page=2&q=e&x=a+b%2A~&x=2', 'next'))
})

t.test('no Link when there is one page; X-Total-Count still sent', async (t) => {
  const { headers, body } = await get('/user/repos')
  t.equal(body.length, 7)
  t.equal(headers.get('x-total-count'), '7')
  t.equal(headers.get('link'), null)
})

t.test('limit <= 0 or unparsable means 30, limit > 50 means 50', async (t) => {
  const data = sampleData()
  const template = data.repositories.find((r) => r.name === 'empty')
  if (template === undefined) throw new Error('sample data changed')
  for (let i = 1; i <= 60; i++) {
    data.repositories.push({ ...template, id: 100 + i, name: `service-${String(i).padStart(2, '0')}`, git: emptyGitRepo() })
  }
  const many = await startFakeGitea({ data })
  t.teardown(() => many.close())
  const count = async (query: string): Promise<number> => {
    const res = await fetch(`${many.url}/api/v1/user/repos${query}`, { headers: { Authorization: `token ${many.token}` } })
    t.equal(res.headers.get('x-total-count'), '66')
    return ((await res.json()) as unknown[]).length
  }
  for (const limit of ['', '?limit=0', '?limit=-1', '?limit=abc', '?limit=1.5']) t.equal(await count(limit), 30, `"${limit}" gives 30`)
  for (const limit of ['?limit=51', '?limit=1000']) t.equal(await count(limit), 50, `"${limit}" gives 50`)
  t.equal(await count('?limit=50'), 50)
  t.equal(await count('?limit=30&page=3'), 6)
})

t.test('page is clamped to >= 1; absurd values never crash', async (t) => {
  const zero = await get('/user/repos?limit=2&page=0')
  const negative = await get('/user/repos?limit=2&page=-3')
  const first = await get('/user/repos?limit=2&page=1')
  t.same(zero.body, first.body)
  t.same(negative.body, first.body)
  t.equal(negative.headers.get('link'), link('/user/repos?limit=2&page=2', 'next') + ',' + link('/user/repos?limit=2&page=4', 'last'))
  const huge = await get('/user/repos?limit=2&page=99999999999999999999999')
  t.equal(huge.status, 200)
  t.same(huge.body, first.body, 'an int64 overflow parses as 0, i.e. page 1')
  const large = await get('/user/repos?limit=2&page=9007199254740993')
  t.equal(large.status, 200)
  t.same(large.body, [])
})

t.test('search pages like the other lists', async (t) => {
  const { headers } = await get('/repos/search?limit=3')
  t.equal(headers.get('x-total-count'), '8')
  t.equal(headers.get('link'), link('/repos/search?limit=3&page=2', 'next') + ',' + link('/repos/search?limit=3&page=3', 'last'))
})

t.test('branches page like repositories', async (t) => {
  const { headers, body } = await get('/repos/acme/platform/branches?limit=1')
  t.equal(body.length, 1)
  t.equal(body[0].name, 'feature/login-rate-limit', 'newest commit first')
  t.equal(headers.get('x-total-count'), '2')
  t.equal(headers.get('link'), link('/repos/acme/platform/branches?limit=1&page=2', 'next') + ',' + link('/repos/acme/platform/branches?limit=1&page=2', 'last'))
})

t.test('tags: X-Total-Count but never Link; without page every tag comes back', async (t) => {
  const paged = await get('/repos/acme/platform/tags?limit=1&page=1')
  t.equal(paged.body.length, 1)
  t.equal(paged.body[0].name, 'v1.1.0', 'newest first')
  t.equal(paged.headers.get('x-total-count'), '2')
  t.equal(paged.headers.get('link'), null)
  const second = await get('/repos/acme/platform/tags?limit=1&page=2')
  t.equal(second.body[0].name, 'v1.0.0')
  const unpaged = await get('/repos/acme/platform/tags?limit=1')
  t.equal(unpaged.body.length, 2, 'GetTagInfos ignores limit when page is absent')
})

t.test('commits: limit capped at 50 and the legacy X-* headers', async (t) => {
  const { headers, body } = await get('/repos/acme/platform/commits?limit=3&page=2')
  t.equal(body.length, 3)
  t.equal(headers.get('x-total-count'), '10')
  t.equal(headers.get('x-page'), '2')
  t.equal(headers.get('x-perpage'), '3')
  t.equal(headers.get('x-total'), '10')
  t.equal(headers.get('x-pagecount'), '4')
  t.equal(headers.get('x-hasmore'), 'true')
  t.equal(headers.get('link'), [
    link('/repos/acme/platform/commits?limit=3&page=3', 'next'),
    link('/repos/acme/platform/commits?limit=3&page=4', 'last'),
    link('/repos/acme/platform/commits?limit=3&page=1', 'first'),
    link('/repos/acme/platform/commits?limit=3&page=1', 'prev')
  ].join(','))
  const capped = await get('/repos/acme/platform/commits?limit=500')
  t.equal(capped.headers.get('x-perpage'), '50')
  t.equal(capped.headers.get('x-hasmore'), 'false')
})

t.test('trees: per_page default and cap 1000, truncated means more after this page, tree null past the end', async (t) => {
  const first = await get('/repos/acme/monorepo/git/trees/main?recursive=true&per_page=100')
  t.equal(first.body.tree.length, 100)
  t.equal(first.body.truncated, true)
  t.equal(first.body.page, 1)
  const total = first.body.total_count as number
  t.ok(total > 1100, 'files plus directories')
  t.equal(first.headers.get('x-total-count'), String(total))
  const lastPage = Math.ceil(total / 100)
  const last = await get(`/repos/acme/monorepo/git/trees/main?recursive=true&per_page=100&page=${lastPage}`)
  t.equal(last.body.truncated, false)
  t.equal(last.body.tree.length, total - 100 * (lastPage - 1))
  const past = await get(`/repos/acme/monorepo/git/trees/main?recursive=true&per_page=100&page=${lastPage + 1}`)
  t.equal(past.body.tree, null)
  t.equal(past.body.truncated, false)
  t.equal(past.body.total_count, total)
  for (const perPage of ['', '&per_page=0', '&per_page=5000']) {
    const page = await get(`/repos/acme/monorepo/git/trees/main?recursive=1${perPage}`)
    t.equal(page.body.tree.length, 1000, `"${perPage}" gives 1000 entries`)
    t.equal(page.body.truncated, true)
  }
  const second = await get('/repos/acme/monorepo/git/trees/main?recursive=1&page=2')
  t.equal(second.body.tree.length, total - 1000)
  t.equal(second.body.truncated, false)
  t.not(second.body.tree[0].path, first.body.tree[0].path)
})
