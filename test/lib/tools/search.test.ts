import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { Compile } from 'typebox/compile'
import { startFakeGitea } from '../../fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { parseId } from '../../../lib/tools/ids.js'
import { callTool, TOOLS, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import { pathScore, queryTerms, SEARCH_MAX_ISSUES, SEARCH_MAX_RESULTS, TreeCache } from '../../../lib/tools/search.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import { type Json, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'search'
const output = Compile(TOOLS.find((tool) => tool.name === TOOL)?.outputSchema ?? {})

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits })
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

/** File results only (issues and pull requests mentioning a path come before them). */
const files = (found: Json[]): Json[] => found.filter((r) => (r.id as string).includes('@'))

t.test('file paths: case-insensitive, every word, web URLs of the default branch', async (t) => {
  const { fake, call } = await setup(t)
  const all = results(t, await call({ query: 'TAX' }))
  const tax = files(all)
  t.same(tax.map((r) => r.id), ['acme/platform@main:src/services/billing/tax.ts', 'acme/platform@main:test/billing/tax.test.ts'])
  t.same(all.slice(-2), tax, 'files come last')
  t.same(tax[0], {
    id: 'acme/platform@main:src/services/billing/tax.ts',
    title: 'src/services/billing/tax.ts (acme/platform)',
    url: `${fake.url}/acme/platform/src/branch/main/src/services/billing/tax.ts`
  })
  const words = files(results(t, await call({ query: 'billing  invoice' })))
  t.same(words.map((r) => r.id), ['acme/platform@main:src/services/billing/invoice.ts'])
  const dirs = files(results(t, await call({ query: 'src/services' })))
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

t.test('trees and wiki titles are cached: a repeated search reads no tree or wiki again', async (t) => {
  const { fake, call } = await setup(t)
  results(t, await call({ query: 'tax' }))
  const trees = fake.requests.filter((r) => r.path.includes('/git/trees/')).length
  t.ok(trees >= 5, 'the first search read the trees')
  const before = fake.requests.length
  results(t, await call({ query: 'runbook' }))
  const again = fake.requests.slice(before)
  t.equal(again.filter((r) => r.path.includes('/git/trees/')).length, 0, 'no tree read the second time')
  t.ok(fake.requests.slice(0, before).some((r) => r.path.endsWith('/wiki/pages')), 'the first search read the wikis')
  t.equal(again.filter((r) => r.path.includes('/wiki/')).length, 0, 'no wiki read the second time (not even a missing one)')
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

t.test('issues and pull requests: between repositories and files, titles holding every word first', async (t) => {
  const { fake, call } = await setup(t)
  const login = results(t, await call({ query: 'login' }))
  t.same(login.slice(0, 2), [
    { id: 'acme/platform!4', title: 'Pull request acme/platform!4: Rate-limit login attempts per IP', url: `${fake.url}/acme/platform/pulls/4` },
    { id: 'acme/platform#3', title: 'Issue acme/platform#3: Login endpoint has no rate limiting', url: `${fake.url}/acme/platform/issues/3` }
  ])
  const runbook = results(t, await call({ query: 'runbook' }))
  t.same(runbook.map((r) => r.id), ['acme/platform#8', 'acme/platform/wiki/Incident Runbook', 'acme/platform@main:docs/runbook.md'],
    'an issue that mentions it, then the wiki page, then the file')
  t.same(parseId('acme/platform!4'), { kind: 'pull_request', owner: 'acme', repo: 'platform', number: 4 })

  // "export" is in #5's title and in the comments of nothing else; "runs" only in its comments.
  const thread = results(t, await call({ query: 'profiling runs' }))
  t.same(thread.map((r) => r.id), ['acme/platform#5'], 'text and comments are searched too')
  const vat = results(t, await call({ query: 'vat' }))
  const issueIds = vat.filter((r) => /[#!]\d+$/.test(r.id as string)).map((r) => r.id as string)
  t.ok(issueIds.length >= 3)
  const titled = issueIds.findIndex((id) => !/vat/i.test(vat.find((r) => r.id === id)?.title as string))
  t.ok(titled === -1 || issueIds.slice(titled).every((id) => !/vat/i.test(vat.find((r) => r.id === id)?.title as string)), 'title matches first')
  t.ok(issueIds.length <= SEARCH_MAX_ISSUES)

  // Closed ones too, and the escapes of invisible characters in titles.
  t.ok(results(t, await call({ query: 'openapi description' })).some((r) => r.id === 'acme/platform!7'), 'a closed pull request')
  for (const query of ['hammock', 'acquisition portal', 'rate limit']) {
    t.notOk(JSON.stringify(results(t, await call({ query }))).includes('globex'), `${query}: nothing of another company's`)
  }
})

t.test('issue titles with invisible characters are escaped', async (t) => {
  const data = sampleData()
  const issue = data.repositories.find((r) => r.name === 'platform')?.issues?.find((i) => i.index === 10)
  if (issue === undefined) throw new Error('sample data changed')
  issue.title = 'Reverse charge\u200b for \u202eUE\u202c customers'
  const fake = await startFakeGitea({ data })
  t.teardown(async () => { await fake.close() })
  const gitea = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 })
  const found = results(t, await callTool(TOOL, { query: 'reverse charge' }, { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } }))
  t.equal(found.find((r) => r.id === 'acme/platform#10')?.title, 'Issue acme/platform#10: Reverse charge[U+200B] for [U+202E]UE[U+202C] customers')
})

t.test('a token without read:issue still searches repositories and files', async (t) => {
  const fake = await startFakeGitea()
  t.teardown(async () => { await fake.close() })
  // A proxy in front of the fake that refuses the issue search as Gitea does without the scope.
  const proxy = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/repos/issues/search') === true) {
      res.writeHead(403, { 'content-type': 'application/json' })
      res.end('{"message":"token does not have at least one of required scope(s), required=[read:issue], token scope=read:repository,read:user","url":"x"}')
      return
    }
    fetchThrough(fake.url, req, res)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { proxy.closeAllConnections(); await new Promise<void>((resolve) => proxy.close(() => resolve())) })
  const gitea = createGiteaClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, token: fake.token, timeoutMs: 20_000 })
  const found = results(t, await callTool(TOOL, { query: 'runbook' }, { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } }))
  t.same(found.map((r) => r.id), ['acme/platform/wiki/Incident Runbook', 'acme/platform@main:docs/runbook.md'], 'no issues, the rest stands')
})

t.test('REPO_ALLOWLIST: issues and pull requests of hidden repositories never show', async (t) => {
  const fake = await startFakeGitea()
  t.teardown(async () => { await fake.close() })
  const denied: string[] = []
  const gitea = withRepoAllowlist(createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 }), parseRepoAllowlist('acme/website'), (o, r) => denied.push(`${o}/${r}`))
  const found = results(t, await callTool(TOOL, { query: 'a' }, { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } }))
  t.ok(found.some((r) => r.id === 'acme/website#2'), 'allowed issues show')
  t.ok(found.every((r) => (r.id as string).startsWith('acme/website')), 'nothing of any other repository')
  t.same(denied, [], 'search filters; it asks for nothing hidden')
})

function fetchThrough (target: string, req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && key !== 'host') headers[key] = value
  fetch(target + (req.url ?? '/'), { headers }).then(async (answer) => {
    const body = Buffer.from(await answer.arrayBuffer())
    const out: Record<string, string> = {}
    answer.headers.forEach((value, key) => { if (key !== 'content-encoding' && key !== 'transfer-encoding' && key !== 'content-length') out[key] = value })
    res.writeHead(answer.status, out)
    res.end(body)
  }).catch(() => { res.writeHead(502); res.end() })
}

t.test('wiki page titles: found after issues, before files; a hidden repository\'s wiki never shows', async (t) => {
  const { fake, call } = await setup(t)
  const guide = results(t, await call({ query: 'deploy guide' }))
  t.same(guide[0], { id: 'acme/platform/wiki/Deploy Guide', title: 'Wiki page Deploy Guide (acme/platform)', url: `${fake.url}/acme/platform/wiki/Deploy-Guide` })
  t.notOk(results(t, await call({ query: 'failover' })).some((r) => (r.id as string).includes('/wiki/')), 'titles only, not the text')
  const hidden = withRepoAllowlist(createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 }), parseRepoAllowlist('acme/website'))
  const before = fake.requests.length
  const found = results(t, await callTool(TOOL, { query: 'deploy guide' }, { gitea: hidden, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } }))
  t.notOk(found.some((r) => (r.id as string).includes('/wiki/')), 'no wiki page of acme/platform')
  t.same(fake.requests.slice(before).filter((r) => r.path.includes('/wiki/')).map((r) => r.path), ['/api/v1/repos/acme/website/wiki/pages'], 'only the allowed repository\'s wiki is asked')
})
