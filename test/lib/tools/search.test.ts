import t, { type Test } from 'tap'
import { Compile } from 'typebox/compile'
import { startFakeGitea, type FakeGitea } from '../../../lib/fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { parseId } from '../../../lib/tools/ids.js'
import { callTool, TOOLS, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import { pathScore, queryTerms, SEARCH_MAX_RESULTS, TreeCache } from '../../../lib/tools/search.js'
import type { ToolContext, ToolLimits } from '../../../lib/tools/types.js'

const TOOL = 'search'
const output = Compile(TOOLS.find((tool) => tool.name === TOOL)?.outputSchema ?? {})
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<{ fake: FakeGitea, ctx: ToolContext, call: (args: unknown) => Promise<ToolCallOutcome> }> {
  const fake = await startFakeGitea()
  t.teardown(async () => { await fake.close() })
  const gitea = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 })
  const ctx: ToolContext = { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000, ...limits } }
  return { fake, ctx, call: async (args) => await callTool(TOOL, args, ctx) }
}

/** Checks ChatGPT's exact shape: {"results":[{"id","title","url"}]} in one text block, mirrored in structuredContent. */
function results (t: Test, outcome: ToolCallOutcome): Json[] {
  const text = outcome.result.content[0]?.text ?? ''
  t.equal(outcome.outcome, 'ok', `succeeds: ${text.slice(0, 300)}`)
  t.equal(outcome.result.content.length, 1, 'exactly one content item')
  t.equal(outcome.result.content[0]?.type, 'text')
  const parsed = JSON.parse(text) as Json
  t.same(parsed, outcome.result.structuredContent)
  t.same(Object.keys(parsed), ['results'], 'nothing but results at the top level')
  t.ok(Array.isArray(parsed.results))
  for (const result of parsed.results) {
    t.same(Object.keys(result), ['id', 'title', 'url'], 'each result is {id, title, url}')
    t.ok(typeof result.id === 'string' && result.id !== '')
    t.ok(typeof result.title === 'string' && result.title !== '')
    t.match(result.url, /^http:\/\//, 'a non-empty web URL (needed for citations)')
    t.doesNotThrow(() => parseId(result.id), `${String(result.id)} is a valid id`)
  }
  t.ok(output.Check(parsed), 'matches the output schema')
  return parsed.results
}

t.test('repository names and descriptions come first, then file paths', async (t) => {
  const { fake, call } = await setup(t)
  const found = results(t, await call({ query: 'platform' }))
  t.same(found[0], { id: 'acme/platform', title: 'acme/platform: Ordering and billing API (TypeScript, Fastify, PostgreSQL).', url: `${fake.url}/acme/platform` })
  const ids = found.map((r) => r.id as string)
  t.ok(ids.includes('acme/website@main:content/blog/2024-05-platform-1-1.md'), 'a file whose path matches')
  const firstFile = ids.findIndex((id) => id.includes('@'))
  t.ok(ids.slice(firstFile).every((id) => id.includes('@')), 'no repository after a file')

  const byDescription = results(t, await call({ query: 'Terraform' }))
  t.equal(byDescription[0]?.id, 'acme/infra', 'descriptions are searched')
})

t.test('file paths: case-insensitive, every word, web URLs of the default branch', async (t) => {
  const { fake, call } = await setup(t)
  const tax = results(t, await call({ query: 'TAX' }))
  t.same(tax.map((r) => r.id), ['acme/platform@main:src/services/billing/tax.ts', 'acme/platform@main:test/billing/tax.test.ts'])
  t.same(tax[0], {
    id: 'acme/platform@main:src/services/billing/tax.ts',
    title: 'src/services/billing/tax.ts (acme/platform)',
    url: `${fake.url}/acme/platform/src/branch/main/src/services/billing/tax.ts`
  })
  const words = results(t, await call({ query: 'billing  invoice' }))
  t.same(words.map((r) => r.id), ['acme/platform@main:src/services/billing/invoice.ts'])
  const dirs = results(t, await call({ query: 'src/services' }))
  t.ok(dirs.length >= 2 && dirs.every((r) => r.id.includes(':src/services/')), 'a path fragment with a slash')
  t.notOk(dirs.some((r) => r.id.endsWith(':src/services/billing')), 'directories themselves are not results')
})

t.test('nothing the token cannot read, ever', async (t) => {
  const { call } = await setup(t)
  for (const query of ['hammock', 'secret', 'globex', 'plans', 'README']) {
    const found = results(t, await call({ query }))
    t.notOk(JSON.stringify(found).toLowerCase().includes('globex'), `${query}: no globex`)
    t.notOk(JSON.stringify(found).includes('Hammock'), `${query}: no Hammock`)
  }
})

t.test('no match is an empty list, not an error', async (t) => {
  const { call } = await setup(t)
  t.same(results(t, await call({ query: 'zzz-no-such-thing' })), [])
  t.same(results(t, await call({ query: '   ' })), [], 'only spaces')
})

t.test(`at most ${SEARCH_MAX_RESULTS} results`, async (t) => {
  const { call } = await setup(t)
  const many = results(t, await call({ query: 'e' }))
  t.equal(many.length, SEARCH_MAX_RESULTS)
  const repos = many.filter((r) => !(r.id as string).includes('@'))
  t.ok(repos.length >= 5, 'repositories included')
  t.same(many.slice(0, repos.length), repos, 'repositories first')
})

t.test('trees are cached: a repeated search reads no tree again', async (t) => {
  const { fake, call } = await setup(t)
  results(t, await call({ query: 'tax' }))
  const trees = fake.requests.filter((r) => r.path.includes('/git/trees/')).length
  t.ok(trees >= 5, 'the first search read the trees')
  const before = fake.requests.length
  results(t, await call({ query: 'runbook' }))
  const again = fake.requests.slice(before)
  t.equal(again.filter((r) => r.path.includes('/git/trees/')).length, 0, 'no tree read the second time')
  t.ok(again.length <= 3, `only the listing and the repository search (${again.length} requests)`)
})

t.test('the results fit MAX_RESPONSE_BYTES', async (t) => {
  const maxResponseBytes = 1200
  const { call } = await setup(t, { maxResponseBytes })
  const outcome = await call({ query: 'e' })
  const found = results(t, outcome)
  t.ok(found.length > 0 && found.length < SEARCH_MAX_RESULTS)
  t.ok(Buffer.byteLength(outcome.result.content[0]?.text ?? '') <= maxResponseBytes)
})

t.test('bad arguments', async (t) => {
  const { fake, call } = await setup(t)
  const error = async (args: unknown): Promise<string> => {
    const outcome = await call(args)
    t.equal(outcome.errorCode, 'invalid_arguments', JSON.stringify(args).slice(0, 80))
    return outcome.result.content[0]?.text ?? ''
  }
  t.match(await error({}), /missing required argument `query`/)
  t.match(await error({ query: '' }), /`query` must be at least 1 character/)
  t.match(await error({ query: 'x'.repeat(257) }), /`query` must be at most 256 characters/)
  t.match(await error({ query: 42 }), /`query` must be a string/)
  t.match(await error({ query: 'x', limit: 5 }), /unknown argument `limit`/)
  t.equal(fake.requests.length, 0)
})

t.test('helpers: terms, path scores, the tree cache', async (t) => {
  t.same(queryTerms('  Rate  LIMIT '), ['rate', 'limit'])
  const terms = queryTerms('rate limit')
  t.equal(pathScore('src/middleware/rate-limit.ts', 'rate-limit', ['rate-limit']), 0, 'file name holds the query')
  t.equal(pathScore('rate-limit/index.ts', 'rate-limit', ['rate-limit']), 1, 'the path holds it')
  t.equal(pathScore('src/rate/x/limit.ts', 'rate limit', terms), 2, 'every word somewhere')
  t.equal(pathScore('src/rate.ts', 'rate limit', terms), -1)

  let now = 0
  const cache = new TreeCache(2, 1000, () => now)
  cache.set('a', [])
  cache.set('b', [])
  t.same(cache.get('a'), [], 'hit')
  cache.set('c', [])
  t.equal(cache.get('b'), undefined, 'the least recently used entry went')
  t.same(cache.get('a'), [])
  t.equal(cache.count, 2)
  now = 1000
  t.equal(cache.get('a'), undefined, 'expired')
})
