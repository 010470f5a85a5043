import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { largeRepoData, sampleData } from '../../fake-gitea/sample-data.js'
import { CodeSearchCache, type CodeIndex } from '../../../lib/tools/code-search-cache.js'
import {
  plan, SEARCH_CODE_DEFAULT_LIMIT, SEARCH_CODE_LINES_PER_FILE, SEARCH_CODE_MAX_FILE_BYTES, SEARCH_CODE_MAX_FILES, SEARCH_CODE_MAX_TOTAL_BYTES,
  SEARCH_CODE_SNIPPET_CHARS
} from '../../../lib/tools/search-code.js'
import type { TreeEntry } from '../../../lib/tools/tree.js'
import { addRepository, failed, ok, setupTool, type Json } from '../../helpers/tool-call.js'

const TOOL = 'search_code'
const platform = { owner: 'acme', repo: 'platform' }
const paths = (result: Json): string[] => result.results.map((r: { path: string }) => r.path)
const batchCalls = (requests: Array<{ path: string }>): number => requests.filter((r) => r.path.endsWith('/file-contents')).length

t.test('finds text with line numbers and snippets, ignoring case by default', async (t) => {
  const { fake, call } = await setupTool(t, TOOL)
  const result = ok(t, TOOL, await call({ ...platform, query: 'VATRATE' }))
  t.match(result, { ref: 'main', commit_sha: /^[0-9a-f]{40}$/, query: 'VATRATE', case_sensitive: false, path: null, total_files: 2, total_matches: 4, has_more: false, complete: true, cached: false })
  t.same(paths(result), ['src/services/billing/tax.ts', 'test/billing/tax.test.ts'])
  t.same(result.results[0].matches, [
    { line: 12, text: 'export function vatRate (country: string): number {' },
    { line: 24, text: '  return Math.round(net * vatRate(country))' }
  ])
  t.equal(result.results[0].url, `${fake.url}/acme/platform/src/commit/${result.commit_sha as string}/src/services/billing/tax.ts`)
  t.same(result.skipped, { too_large: 2, binary: 2, over_limit: 0, unreadable: 0 }, 'the two big data files, the PNG and the Latin-1 notes')
  t.match(result.note, /2 files larger than 256\.0 KiB were not searched/)
  const exact = ok(t, TOOL, await call({ ...platform, query: 'VATRATE', case_sensitive: true }))
  t.same(exact.results, [])
  t.match(exact.note, /No line contains "VATRATE" \(case-sensitive\)/)
  const old = ok(t, TOOL, await call({ ...platform, query: 'rounded once', ref: 'v1.0.0' }))
  t.same(old.results, [], 'before the VAT fix')
  const now = ok(t, TOOL, await call({ ...platform, query: 'rounded once' }))
  t.same(paths(now), ['src/services/billing/tax.ts', 'test/billing/tax.test.ts'])
  const feature = ok(t, TOOL, await call({ ...platform, query: 'loginRateLimit', ref: 'feature/login-rate-limit', path: 'src/routes' }))
  t.same(paths(feature), ['src/routes/auth/login.ts'])
  t.equal(feature.results[0].match_count, 2)
})

t.test('a second search of the same commit reads no files: the cache', async (t) => {
  const { call, fake, requestsSince, ctx } = await setupTool(t, TOOL)
  const before = fake.requests.length
  const first = ok(t, TOOL, await call({ ...platform, query: 'import' }))
  t.equal(first.cached, false)
  t.ok(batchCalls(requestsSince(before)) >= 1, 'the first search reads the files')
  const again = fake.requests.length
  const second = ok(t, TOOL, await call({ ...platform, query: 'export', path: 'src' }))
  t.equal(second.cached, true)
  t.equal(batchCalls(requestsSince(again)), 0, 'another query and a narrower path of the same commit: no file read')
  t.notOk(requestsSince(again).some((r) => r.path.includes('/git/trees/')), 'and no tree read')
  t.same(second.skipped, { too_large: 0, binary: 0, over_limit: 0, unreadable: 0 }, 'skipped files are counted within `path` only')
  const bySha = ok(t, TOOL, await call({ ...platform, query: 'export', ref: first.commit_sha }))
  t.equal(bySha.cached, true, 'the same commit by SHA is the same cache entry')
  const tag = ok(t, TOOL, await call({ ...platform, query: 'export', ref: 'v1.0.0' }))
  t.equal(tag.cached, false, 'another commit is read afresh')

  // Two searches at once share one read.
  const other = await setupTool(t, TOOL)
  const start = other.fake.requests.length
  const [a, b] = await Promise.all([other.call({ ...platform, query: 'const' }), other.call({ ...platform, query: 'let' })])
  ok(t, TOOL, a)
  ok(t, TOOL, b)
  const reads = other.requestsSince(start).filter((r) => r.path.endsWith('/file-contents')).map((r) => r.query)
  t.equal(new Set(reads).size, reads.length, 'no file batch was read twice')
  t.ok(ctx !== other.ctx)
})

t.test('a repository of hundreds of files: batches of 30, pages of results', async (t) => {
  const { call, fake } = await setupTool(t, TOOL, { data: largeRepoData(250) })
  const before = fake.requests.length
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'monorepo', query: 'export function describe' }))
  t.equal(result.total_files, 250)
  t.equal(result.total_matches, 250)
  t.equal(result.results.length, SEARCH_CODE_DEFAULT_LIMIT)
  t.same(result.next, { page: 2, limit: SEARCH_CODE_DEFAULT_LIMIT })
  t.equal(result.searched.files, 252)
  t.equal(batchCalls(fake.requests.slice(before)), Math.ceil(252 / 30), 'files are read 30 at a time')
  const all: string[] = []
  let next: Json = { page: 1, limit: 50 }
  while (next !== undefined) {
    const page = ok(t, TOOL, await call({ owner: 'acme', repo: 'monorepo', query: 'export function describe', ...next }))
    t.equal(page.cached, true)
    all.push(...paths(page))
    next = page.next
  }
  t.equal(all.length, 250)
  t.equal(new Set(all).size, 250, 'every file once')
  t.same(all, [...all].sort(), 'in path order')
  const past = ok(t, TOOL, await call({ owner: 'acme', repo: 'monorepo', query: 'describe', page: 99 }))
  t.match(past.note, /Page 99 is past the last page of results \(13\)/)
})

t.test('snippets: long lines, many matches, invisible characters, encodings', async (t) => {
  const h = new GitHistory()
  const long = `${'a'.repeat(500)}needle${'🙂'.repeat(300)}`
  h.commit({
    branch: 'main',
    author: signature('A', 'a@example.com', '2024-06-01T10:00:00', 0),
    message: 'Samples',
    files: {
      'long.txt': `first line\n${long}\n`,
      'many.txt': Array.from({ length: 12 }, (_, i) => `needle ${i} needle\r`).join('\n') + '\n',
      'hidden.md': 'Please review.\u202e needle \u{E0049}\u{E0047}\u{E004E}\n',
      'latin1.txt': Buffer.from('needle caf\xe9\n', 'latin1'),
      'data.bin': Buffer.from([0, 1, 2, 110, 101, 101, 100, 108, 101]),
      'image.png': 'needle (a text file with an image name is skipped by its extension)\n',
      'big.txt': 'needle\n'.repeat(Math.ceil((SEARCH_CODE_MAX_FILE_BYTES + 10) / 7)),
      link: { symlink: 'many.txt' },
      'vendor/lib': { submodule: { commit: '0123456789abcdef0123456789abcdef01234567' } }
    }
  })
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'samples', h.git) })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'samples', query: 'needle' }))
  t.same(paths(result), ['hidden.md', 'long.txt', 'many.txt'])
  t.same(result.skipped, { too_large: 1, binary: 3, over_limit: 0, unreadable: 0 }, 'big.txt; data.bin, image.png and latin1.txt')
  const [hidden, longResult, many] = result.results
  t.same(hidden.matches, [{ line: 1, text: 'Please review.[U+202E] needle [U+E0049][U+E0047][U+E004E]' }])
  t.equal(result.escaped_characters, 4)
  t.match(result.note, /4 invisible Unicode character/)
  const snippet = longResult.matches[0].text as string
  t.equal(longResult.matches[0].line, 2)
  t.ok(snippet.length <= SEARCH_CODE_SNIPPET_CHARS + 1, `a long line is cut around the match (${snippet.length})`)
  t.match(snippet, /^…a+needle(?:🙂)+…$/u)
  t.equal(many.match_count, 12, 'every matching line counted once, however often it matches')
  t.equal(many.matches.length, SEARCH_CODE_LINES_PER_FILE)
  t.same(many.matches[1], { line: 2, text: 'needle 1 needle' }, 'a CR before the LF is not shown')
  const dir = ok(t, TOOL, await call({ owner: 'acme', repo: 'samples', query: 'needle', path: 'many.txt' }))
  t.same(paths(dir), ['many.txt'], '`path` may be one file')
  const regexy = ok(t, TOOL, await call({ owner: 'acme', repo: 'samples', query: 'needle (a' }))
  t.same(regexy.results, [], 'the query is plain text, not a pattern (image.png was not searched)')
  t.equal(ok(t, TOOL, await call({ owner: 'acme', repo: 'samples', query: '.*' })).total_files, 0)
})

t.test('a page of results cut to fit the budget continues where it stopped', async (t) => {
  const { call } = await setupTool(t, TOOL, { data: largeRepoData(60), limits: { maxResponseBytes: 3000 } })
  const first = ok(t, TOOL, await call({ owner: 'acme', repo: 'monorepo', query: 'module', limit: 10 }), 3000)
  t.equal(first.truncated, true)
  t.ok(first.results.length < 10)
  t.same(first.next, { page: 2, limit: first.results.length })
  const second = ok(t, TOOL, await call({ owner: 'acme', repo: 'monorepo', query: 'module', ...first.next }), 3000)
  t.not(second.results[0].path, first.results.at(-1).path)
})

t.test('the files chosen stay within the documented limits', async (t) => {
  const entry = (path: string, size: number, type: TreeEntry['type'] = 'file'): TreeEntry => ({ path, type, size })
  const many = Array.from({ length: SEARCH_CODE_MAX_FILES + 10 }, (_, i) => entry(`src/f${i}.ts`, 10))
  const byCount = plan([...many, entry('docs', 0, 'dir'), entry('docs/a.md', 10)], '', SEARCH_CODE_MAX_FILE_BYTES)
  t.equal(byCount.read.length, SEARCH_CODE_MAX_FILES)
  t.equal(byCount.skipped.filter((s) => s.reason === 'over_limit').length, 11)
  t.equal(byCount.complete, false)
  const scoped = plan([...many, entry('docs/a.md', 10)], 'docs', SEARCH_CODE_MAX_FILE_BYTES)
  t.same(scoped.read.map((e) => e.path), ['docs/a.md'])
  t.equal(scoped.complete, true, 'a directory of a large repository can be searched in full')
  const big = Array.from({ length: 80 }, (_, i) => entry(`data/${i}.csv`, 250 * 1024))
  const byBytes = plan(big, '', SEARCH_CODE_MAX_FILE_BYTES)
  t.ok(byBytes.read.reduce((sum, e) => sum + (e.size ?? 0), 0) <= SEARCH_CODE_MAX_TOTAL_BYTES)
  t.equal(byBytes.read.length, Math.floor(SEARCH_CODE_MAX_TOTAL_BYTES / (250 * 1024)))
  const small = plan([entry('a.txt', 2000), entry('b.txt', 100), entry('c.woff2', 1)], '', 1000)
  t.same(small.skipped, [{ path: 'a.txt', reason: 'too_large' }, { path: 'c.woff2', reason: 'binary' }], 'MAX_FILE_SIZE_BYTES applies when smaller')
})

t.test('the cache is bounded by entries and bytes, least recently used first', async (t) => {
  const index = (name: string, bytes: number): CodeIndex => ({ commit: name, scope: '', files: [], bytes, skipped: [], complete: true, treeTruncated: false, unread: [] })
  const cache = new CodeSearchCache(2, 1000)
  cache.set('a', index('a', 100))
  cache.set('b', index('b', 100))
  t.ok(cache.get('a'), 'a is now the most recently used')
  cache.set('c', index('c', 100))
  t.equal(cache.count, 2)
  t.equal(cache.get('b'), undefined, 'b was evicted')
  t.ok(cache.get('a'))
  cache.set('d', index('d', 950))
  t.equal(cache.count, 1, 'bytes evict too: c, then a')
  t.equal(cache.bytes, 950)
  cache.set('huge', index('huge', 5000))
  t.equal(cache.get('huge'), undefined, 'an index larger than the whole budget is not kept')
  t.equal(cache.bytes, 950)
  cache.set('d', index('d', 10))
  t.equal(cache.bytes, 10, 'replacing an entry frees its bytes')
  let builds = 0
  const build = async (): Promise<CodeIndex> => { builds++; return index('e', 1) }
  const [x, y] = await Promise.all([cache.getOrBuild('e', build), cache.getOrBuild('e', build)])
  t.equal(builds, 1, 'concurrent builds share one')
  t.equal(x, y)
  t.equal(await cache.getOrBuild('e', build), x)
  await t.rejects(cache.getOrBuild('f', async () => { throw new Error('boom') }), /boom/)
  t.equal(await cache.getOrBuild('f', async () => index('f', 1)).then((i) => i.commit), 'f', 'a failed build is not remembered')
})

t.test('bad input, unknown refs, empty and hidden repositories', async (t) => {
  const denied: string[] = []
  const { call, fake } = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/empty', denied })
  t.match(failed(t, await call({ ...platform, query: 'x', ref: 'nope' }), 'not_found'), /Commit "nope" in repository "acme\/platform" not found.*Check `ref` with list_branches or list_tags/)
  t.match(failed(t, await call({ ...platform, query: 'x', ref: 'a..b' }), 'invalid_arguments'), /`ref` cannot contain "\.\."/)
  t.match(failed(t, await call({ ...platform, query: 'x', path: 'src/../..' }), 'invalid_arguments'), /"\." or "\.\." segments/)
  t.match(failed(t, await call({ ...platform, query: '' }), 'invalid_arguments'), /`query` must be at least 1 character/)
  t.match(failed(t, await call({ ...platform, query: 'a\nb' }), 'invalid_arguments'), /`query` must be one line/)
  t.match(failed(t, await call({ ...platform, query: 'x'.repeat(201) }), 'invalid_arguments'), /`query` must be at most 200 characters/)
  t.match(failed(t, await call({ ...platform, query: 'x', limit: 51 }), 'invalid_arguments'), /`limit` must be <= 50/)
  const empty = ok(t, TOOL, await call({ owner: 'acme', repo: 'empty', query: 'x' }))
  t.same(empty.results, [])
  t.match(empty.note, /The repository is empty/)
  const before = fake.requests.length
  t.match(failed(t, await call({ owner: 'globex', repo: 'secret-plans', query: 'Hammock' }), 'not_found'), /Repository "globex\/secret-plans" not found, or the token cannot read it/)
  t.equal(fake.requests.length, before, 'never asked')
  t.same(denied, ['globex/secret-plans'])
  const nothing = ok(t, TOOL, await call({ ...platform, query: 'x', path: 'no/such/dir' }))
  t.equal(nothing.searched.files, 0)
})

t.test('a repository larger than the time budget: partial results with a note, and the next search continues', async (t) => {
  const setup = await setupTool(t, TOOL, { data: largeRepoData(250) })
  // A budget of 0 ms: the first batch is always read, no other is started.
  setup.ctx.searchCodeBudgetMs = 0
  const args = { owner: 'acme', repo: 'monorepo', query: 'export function describe' }
  const first = ok(t, TOOL, await setup.call(args))
  t.equal(first.complete, false)
  t.equal(first.searched.files, 30, 'one batch of 30 files was read')
  t.ok(first.total_files > 0 && first.total_files <= 30, 'what it found so far')
  t.match(first.note, /Searched 30 of 252 files in the time budget; search again to continue, or narrow the search with `path`/)
  const second = ok(t, TOOL, await setup.call(args))
  t.equal(second.searched.files, 60, 'the next search read on from where the first stopped')
  t.equal(second.cached, true, 'the files already read came from the cache')
  setup.ctx.searchCodeBudgetMs = 60_000
  const third = ok(t, TOOL, await setup.call(args))
  t.equal(third.searched.files, 252)
  t.equal(third.complete, true)
  t.equal(third.total_files, 250)
  t.notMatch(third.note ?? '', /time budget/)
  const all = ok(t, TOOL, await setup.call({ ...args, limit: 50, page: 5 }))
  t.same(paths(all), [...paths(all)].sort(), 'results stay in path order')
})

t.test('the cache never holds more than CODE_CACHE_BYTES, and one index never needs more', async (t) => {
  const setup = await setupTool(t, TOOL, { data: largeRepoData(250) })
  const maxBytes = 32 * 1024
  setup.ctx.codeCache = new CodeSearchCache(8, maxBytes)
  const result = ok(t, TOOL, await setup.call({ owner: 'acme', repo: 'monorepo', query: 'export function describe' }))
  t.ok(result.searched.bytes <= maxBytes, `searched ${String(result.searched.bytes)} bytes`)
  t.ok(result.skipped.over_limit > 0, 'the rest is left out, and counted')
  t.equal(result.complete, false)
  t.ok(setup.ctx.codeCache.bytes <= maxBytes, `the cache holds ${setup.ctx.codeCache.bytes} bytes`)
  t.equal(setup.ctx.codeCache.count, 1, 'and the index was kept')
  for (const query of ['describe', 'module', 'import']) {
    for (const path of ['', 'packages']) {
      ok(t, TOOL, await setup.call({ owner: 'acme', repo: 'monorepo', query, ...(path === '' ? {} : { path }) }))
      t.ok(setup.ctx.codeCache.bytes <= maxBytes)
    }
  }
})

t.test('a Gitea older than 1.24 (no file-contents): files are read one by one, the same results', async (t) => {
  const current = await setupTool(t, TOOL)
  const old = await setupTool(t, TOOL, { gitea: { version: '1.23.8', missing: ['file-contents'] } })
  const expected = ok(t, TOOL, await current.call({ ...platform, query: 'vatRate' }))
  const start = old.fake.requests.length
  const result = ok(t, TOOL, await old.call({ ...platform, query: 'vatRate' }))
  const local = (found: Json): Json => JSON.parse(JSON.stringify(found.results).replaceAll(current.fake.url, old.fake.url))
  t.same(result.results, local(expected), 'the same files, lines and snippets')
  t.ok(result.results.length > 0)
  t.same(result.skipped, expected.skipped)
  const sent = old.requestsSince(start)
  t.equal(batchCalls(sent), 1, 'file-contents was tried once')
  t.equal(sent.filter((r) => r.path === '/api/v1/version').length, 1, 'its 404 was told apart by the version')
  t.ok(sent.filter((r) => r.path.includes('/contents/')).length > 10, 'then each file was read from contents')
  const again = old.fake.requests.length
  ok(t, TOOL, await old.call({ ...platform, query: 'export', ref: 'v1.0.0' }))
  t.equal(batchCalls(old.requestsSince(again)), 0, 'the client remembers file-contents is missing')
  t.equal(old.requestsSince(again).filter((r) => r.path === '/api/v1/version').length, 0)
})

t.test('a current Gitea\'s 404 from file-contents stays an error (a missing ref is not an old Gitea)', async (t) => {
  const { ctx, fake } = await setupTool(t, TOOL)
  await t.rejects(ctx.gitea.getFileContentsBatch('acme', 'platform', ['README.md'], 'no-such-ref'), { code: 'not_found' })
  t.equal(fake.requests.filter((r) => r.path.includes('/contents/')).length, 0, 'no per-file reads')
  t.same((await ctx.gitea.getFileContentsBatch('acme', 'platform', ['README.md'], 'main')).map((f) => f?.path), ['README.md'], 'the batch still works')
})
