// Least privilege per key (issue 15), through one real server: two keys of
// the keys file with disjoint scopes see different repositories and tools over
// Streamable HTTP and the legacy SSE transport (the MCP SDK's own clients) and
// over the REST routes; no argument, id or path reaches outside a key's scope;
// a reload changes a scope at once, for the key and its OAuth tokens.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import t, { type Test } from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { PassThrough } from 'node:stream'
import { sha256 } from '../../../lib/api-keys.js'
import { runAegisKeys } from '../../../lib/keys/cli.js'
import { TOOLS } from '../../../lib/tools/registry.js'
import { KEY_ONE } from '../../helpers/app.js'
import { fullGrant, startOAuthApp, type OAuthTestApp } from '../../helpers/oauth.js'

type Json = any

// One server per test, hundreds of calls over three transports: more than tap's 30 s default on a loaded machine.
t.setTimeout(120_000)

// Test-only keys (never used outside tests).
const KEY_A = 'agm_test_scope_key_a_0000000000000000000000000000'
const KEY_B = 'agm_test_scope_key_b_1111111111111111111111111111'
const idOf = (key: string): string => sha256(key).toString('hex').slice(0, 12)

interface Scope { repos?: string[], toolsets?: string[] }

function keysFileText (scopes: { a: Scope, b: Scope }): string {
  const line = (key: string, description: string, scope: Scope): string => JSON.stringify({
    key_id: idOf(key),
    digest: `sha256:${sha256(key).toString('hex')}`,
    description,
    created_at: '2026-01-01T00:00:00Z',
    expires_at: null,
    ...scope
  })
  return `${line(KEY_A, 'workspace connector', scopes.a)}\n${line(KEY_B, 'CI bot', scopes.b)}\n`
}

const SCOPE_A: Scope = { repos: ['acme/platform', 'acme/handbook'], toolsets: ['repos', 'code'] }
const SCOPE_B: Scope = { repos: ['aegis-bot/*', 'alice/public-snippets'], toolsets: ['repos', 'issues'] }
const REPOS_A = ['acme/handbook', 'acme/platform']
const REPOS_B = ['aegis-bot/notes', 'alice/public-snippets']

function toolNames (toolsets: readonly string[]): string[] {
  return TOOLS.filter(tool => tool.toolset === 'core' || toolsets.includes(tool.toolset)).map(tool => tool.name)
}

interface Server extends OAuthTestApp { keysFile: string }

async function start (t: Test, env: Record<string, string> = {}): Promise<Server> {
  const keysFile = join(mkdtempSync(join(tmpdir(), 'aegis-scope-')), 'keys.jsonl')
  writeFileSync(keysFile, keysFileText({ a: SCOPE_A, b: SCOPE_B }))
  const server = await startOAuthApp(t, { env: { MCP_API_KEYS_FILE: keysFile, RATE_LIMIT_PER_MINUTE: '0', ...env } })
  return { ...server, keysFile }
}

async function rewrite (server: Server, scopes: { a: Scope, b: Scope }): Promise<void> {
  writeFileSync(server.keysFile, keysFileText(scopes))
  const result = await server.app.keyring.reload('manual')
  if (!result.ok) throw new Error(result.problems.join('; '))
}

async function streamable (t: Test, base: string, token: string): Promise<Client> {
  const client = new Client({ name: 'scope-test', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
  t.teardown(async () => { await client.close() })
  return client
}

async function sse (t: Test, base: string, token: string): Promise<Client> {
  const client = new Client({ name: 'scope-test-sse', version: '1.0.0' })
  await client.connect(new SSEClientTransport(new URL('/mcp/sse', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }))
  t.teardown(async () => { await client.close() })
  return client
}

/** Calls one tool the same way over either SDK transport or POST /mcp/tool/call. */
type Caller = (name: string, args: Record<string, unknown>) => Promise<Json>

function viaClient (client: Client): Caller {
  return async (name, args) => await client.callTool({ name, arguments: args })
}

function viaRest (base: string, token: string): Caller {
  return async (name, args) => {
    const response = await fetch(`${base}/mcp/tool/call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, arguments: args })
    })
    const body = await response.json() as Json
    // An unknown tool is a 404 on this route; a tool result otherwise.
    return response.status === 200 ? body : { isError: true, content: [{ text: JSON.stringify(body) }], status: response.status }
  }
}

async function restToolNames (base: string, token: string): Promise<string[]> {
  const response = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 200) throw new Error(`GET /mcp/tools answered ${response.status}`)
  return ((await response.json()) as { tools: Array<{ name: string }> }).tools.map(tool => tool.name)
}

function errorOf (result: Json): { error: string, message: string } {
  return JSON.parse(result.content[0].text as string) as { error: string, message: string }
}

async function repoNames (call: Caller): Promise<string[]> {
  const result = await call('list_repositories', { limit: 50 })
  if (result.isError === true) throw new Error(`list_repositories failed: ${String(result.content[0].text)}`)
  return (result.structuredContent.repositories as Array<{ full_name: string }>).map(repo => repo.full_name).sort()
}

/** `owner/repo` of a search result id ("owner/repo", "owner/repo#N", "owner/repo!N", "owner/repo@ref:path"). */
function repoOfId (id: string): string {
  // owner/repo, then @ref:path, #N, !N or /wiki/Title (lib/tools/ids.ts)
  return (/^([^/]+\/[^/@#!]+)/.exec(id)?.[1] ?? id).toLowerCase()
}

async function searchRepos (call: Caller, query: string): Promise<string[]> {
  const result = await call('search', { query })
  if (result.isError === true) throw new Error('search failed')
  return [...new Set((result.structuredContent.results as Array<{ id: string }>).map(hit => repoOfId(hit.id)))].sort()
}

// Arguments that name repositories outside a key's scope, in every tool that takes one.
function outsideCalls (outside: string): Array<[string, Record<string, unknown>]> {
  const [owner, repo] = outside.split('/') as [string, string]
  return [
    ['get_repository_info', { owner, repo }],
    ['get_file_tree', { owner, repo }],
    ['get_file_contents', { owner, repo, path: 'README.md' }],
    ['list_branches', { owner, repo }],
    ['fetch', { id: outside }],
    ['fetch', { id: `${outside}#1` }],
    ['fetch', { id: `${outside}!1` }],
    ['fetch', { id: `${outside}@main:README.md` }],
    ['fetch', { id: `${outside}/wiki/Home` }],
    ['fetch', { id: outside.toUpperCase() }]
  ]
}

/** What a repository that does not exist answers, with its name taken out. */
async function missingAnswer (call: Caller, name: string, args: Record<string, unknown>, outside: string): Promise<string> {
  const swap = (value: unknown): unknown => typeof value === 'string' ? value.replace(new RegExp(outside.split('/')[1] ?? '', 'i'), 'no-such-repo') : value
  const missing = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, swap(v)]))
  const result = await call(name, missing)
  return JSON.stringify(errorOf(result)).replace(/no-such-repo/gi, 'X')
}

async function checkOutside (t: Test, call: Caller, outside: string, label: string): Promise<void> {
  const repo = outside.split('/')[1] ?? ''
  // The calls run at once (the test stays fast on a loaded machine); the checks follow in order.
  const answers = await Promise.all(outsideCalls(outside).map(async ([name, args]) => ({
    name, args, result: await call(name, args), missing: await missingAnswer(call, name, args, outside)
  })))
  for (const { name, args, result, missing } of answers) {
    t.equal(result.isError, true, `${label}: ${name} ${JSON.stringify(args)} is refused`)
    const answer = JSON.stringify(errorOf(result)).replace(new RegExp(repo, 'gi'), 'X')
    t.equal(answer, missing, `${label}: ${name} ${JSON.stringify(args)} answers like a repository that does not exist`)
  }
}

t.test('two keys with disjoint scopes see different repositories and tools over both transports and REST; nothing outside is reachable', async t => {
  const server = await start(t)
  const { base, audit } = server

  // Without a scope (MCP_API_KEYS, KEY_ONE) every repository and tool is there: the scopes below narrow something.
  const open = viaRest(base, KEY_ONE)
  const everything = await repoNames(open)
  // (alice/public-snippets is public: the bot's own list leaves it out, though it can read it.)
  t.ok([...REPOS_A, 'aegis-bot/notes', 'acme/website'].every(repo => everything.includes(repo)), `the unscoped key sees both scopes' repositories and more (${everything.join(', ')})`)

  for (const [label, key, scope, repos, others] of [
    ['key A', KEY_A, SCOPE_A, REPOS_A, REPOS_B],
    ['key B', KEY_B, SCOPE_B, REPOS_B, REPOS_A]
  ] as const) {
    const expectedTools = toolNames(scope.toolsets ?? [])
    const transports: Array<[string, Caller, Client | null]> = []
    const http = await streamable(t, base, key)
    transports.push([`${label} over Streamable HTTP`, viaClient(http), http])
    const legacy = await sse(t, base, key)
    transports.push([`${label} over SSE`, viaClient(legacy), legacy])
    transports.push([`${label} over REST`, viaRest(base, key), null])

    t.same(await restToolNames(base, key), expectedTools, `${label}: GET /mcp/tools lists the key's tools`)
    for (const [where, call, client] of transports) {
      if (client !== null) t.same((await client.listTools()).tools.map(tool => tool.name), expectedTools, `${where}: tools/list lists the key's tools`)
      t.same(await repoNames(call), [...repos], `${where}: list_repositories shows the key's repositories only`)
      for (const query of ['e', 'a', 'readme', 'platform', 'notes']) {
        const found = await searchRepos(call, query)
        t.ok(found.every(repo => repos.includes(repo)), `${where}: search "${query}" stays inside the scope (${found.join(', ')})`)
      }
      for (const outside of [...others, 'acme/website', 'acme/infra']) await checkOutside(t, call, outside, where)

      // A tool outside the key's toolsets is refused like an unknown one.
      const hidden = TOOLS.find(tool => !expectedTools.includes(tool.name))?.name ?? ''
      const refused = await call(hidden, { owner: 'acme', repo: 'platform' })
      const unknown = await call('no_such_tool', {})
      t.equal(errorOf(refused).error, 'unknown_tool', `${where}: ${hidden} is refused`)
      t.equal(errorOf(refused).message.replace(hidden, 'X'), errorOf(unknown).message.replace('no_such_tool', 'X'), `${where}: exactly like an unknown tool`)
    }
  }

  // search_code (key A's code toolset) reads only the key's repositories, cache or not.
  const a = viaRest(base, KEY_A)
  t.notOk((await open('search_code', { owner: 'acme', repo: 'website', query: 'the' })).isError, 'the unscoped key may search acme/website (and the index is now cached)')
  const denied = await a('search_code', { owner: 'acme', repo: 'website', query: 'the' })
  t.equal(denied.isError, true, 'key A may not search acme/website, even with its index cached')
  t.equal(errorOf(denied).error, 'not_found')
  t.notOk((await a('search_code', { owner: 'acme', repo: 'platform', query: 'the' })).isError, 'key A may search acme/platform')

  const deniedRecords = audit.records().filter(record => record.event === 'repo_denied')
  t.ok(deniedRecords.some(record => record.key_id === idOf(KEY_A) && record.repo === 'website'), 'a refusal is audited as repo_denied with key A\'s id')
  t.ok(deniedRecords.some(record => record.key_id === idOf(KEY_B) && record.owner === 'acme'), 'and with key B\'s')
  t.notOk(deniedRecords.some(record => record.key_id === idOf(KEY_ONE)), 'the unscoped key is never refused a repository')
})

t.test('ids, paths and names that try to step out of the scope from inside it are refused', async t => {
  const server = await start(t)
  const a = viaRest(server.base, KEY_A)
  const website = await viaRest(server.base, KEY_ONE)('get_file_contents', { owner: 'acme', repo: 'website', path: 'README.md' })
  const secret = String(website.structuredContent?.text ?? '').slice(0, 40)
  t.ok(secret.length > 10, 'acme/website has a README to protect')
  const attempts: Array<[string, Record<string, unknown>]> = [
    ['get_file_contents', { owner: 'acme', repo: 'platform', path: '../website/README.md' }],
    ['get_file_contents', { owner: 'acme', repo: 'platform/../website', path: 'README.md' }],
    ['get_file_contents', { owner: 'acme/website', repo: 'platform', path: 'README.md' }],
    ['get_file_contents', { owner: 'acme', repo: 'website ', path: 'README.md' }],
    ['get_file_tree', { owner: 'acme', repo: 'platform', path: '../../website' }],
    ['fetch', { id: 'acme/platform/../website' }],
    ['fetch', { id: 'acme/platform@main:../../website/README.md' }],
    ['fetch', { id: 'acme/platform@../website:README.md' }],
    ['fetch', { id: 'acme/website@main:README.md' }],
    ['fetch', { id: 'acme%2Fwebsite' }],
    ['fetch', { id: '../acme/website' }],
    ['search_code', { owner: 'acme', repo: 'website', query: 'the' }],
    ['search_code', { owner: 'acme', repo: 'platform', query: 'the', path: '../website' }]
  ]
  for (const [name, args] of attempts) {
    const result = await a(name, args)
    t.equal(result.isError, true, `${name} ${JSON.stringify(args)} is refused`)
    t.notOk(JSON.stringify(result).includes(secret), 'and shows nothing of acme/website')
  }
})

t.test('a key scope narrows REPO_ALLOWLIST and MCP_TOOLSETS, never widens them', async t => {
  const server = await start(t, { REPO_ALLOWLIST: 'acme/*', MCP_TOOLSETS: 'repos,issues' })
  const a = viaRest(server.base, KEY_A)
  const b = viaRest(server.base, KEY_B)
  t.same(await repoNames(a), REPOS_A, 'acme/* and key A\'s acme repositories: key A\'s')
  t.same(await repoNames(b), [], 'REPO_ALLOWLIST acme/* and key B\'s aegis-bot and alice repositories: none')
  t.same(await restToolNames(server.base, KEY_A), toolNames(['repos']), 'MCP_TOOLSETS repos,issues and key A\'s repos,code: repos')
  t.same(await restToolNames(server.base, KEY_B), toolNames(['repos', 'issues']))
  t.equal(errorOf(await a('search_code', { owner: 'acme', repo: 'platform', query: 'the' })).error, 'unknown_tool', 'code is off on the server: key A cannot turn it on')
})

t.test('a reload changes a key\'s scope at once, for the key and for an OAuth token granted with it, on open connections too', async t => {
  const server = await start(t)
  const { base } = server
  const { accessToken } = await fullGrant(base, KEY_A)
  const byKey = viaRest(base, KEY_A)
  const byToken = viaRest(base, accessToken)
  const stream = await sse(t, base, accessToken)
  const http = await streamable(t, base, accessToken)

  t.same(await repoNames(byKey), REPOS_A)
  t.same(await repoNames(byToken), REPOS_A, 'the OAuth token inherits key A\'s scope')
  t.same(await restToolNames(base, accessToken), toolNames(['repos', 'code']))

  await rewrite(server, { a: { repos: ['acme/website'], toolsets: ['repos', 'issues'] }, b: SCOPE_B })
  t.same(await repoNames(byKey), ['acme/website'], 'the key sees its new repositories without a restart')
  t.same(await repoNames(byToken), ['acme/website'], 'so does its OAuth token')
  t.same(await repoNames(viaClient(stream)), ['acme/website'], 'and an SSE stream opened before the reload')
  t.same(await repoNames(viaClient(http)), ['acme/website'], 'and a Streamable HTTP client connected before it')
  t.same((await stream.listTools()).tools.map(tool => tool.name), toolNames(['repos', 'issues']), 'the open SSE stream lists the new tools')
  t.same((await http.listTools()).tools.map(tool => tool.name), toolNames(['repos', 'issues']))
  t.same(await restToolNames(base, accessToken), toolNames(['repos', 'issues']))
  t.equal(errorOf(await byToken('get_file_tree', { owner: 'acme', repo: 'platform' })).error, 'not_found', 'the old repositories are gone for the token')

  // Dropping the scope widens the key back to the server's.
  await rewrite(server, { a: {}, b: SCOPE_B })
  const all = await repoNames(byToken)
  t.ok(all.includes('acme/platform') && all.includes('acme/website') && all.includes('aegis-bot/notes'), 'with no scope the token sees what the server allows')

  // A bad scope is refused; the keys in force stay, scope and all.
  writeFileSync(server.keysFile, keysFileText({ a: { repos: ['acme/platform', 'not a pattern'] }, b: SCOPE_B }))
  const failed = await server.app.keyring.reload('manual')
  t.equal(failed.ok, false, 'a reload with a bad scope fails')
  t.match(failed.problems.join('\n'), /line 1: "repos" entry 2 is not owner\/repo or owner\/\*/)
  t.same(await repoNames(viaRest(base, KEY_B)), REPOS_B, 'the previous keys stay in use, with their scopes')
})

t.test('the scope follows a rotation: the successor sees what the old key saw, through the running server', async t => {
  const server = await start(t)
  let stdout = ''
  const code = await runAegisKeys(['rotate', '--keys-file', basename(server.keysFile), '--key', idOf(KEY_A), '--no-metadata', '--json'], {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: () => true },
    stdin: new PassThrough(),
    interactive: false,
    cwd: dirname(server.keysFile),
    now: () => new Date()
  })
  t.equal(code, 0)
  const successor = String((JSON.parse(stdout) as { key: string }).key)
  const reloaded = await server.app.keyring.reload('manual')
  t.equal(reloaded.ok, true)
  t.same(await repoNames(viaRest(server.base, successor)), REPOS_A, 'the new key sees key A\'s repositories')
  t.same(await restToolNames(server.base, successor), toolNames(SCOPE_A.toolsets ?? []), 'and key A\'s tools')
  t.same(await repoNames(viaRest(server.base, KEY_A)), REPOS_A, 'the old key keeps its scope through the grace period')
  const outside = await viaRest(server.base, successor)('get_repository_info', { owner: 'aegis-bot', repo: 'notes' })
  t.equal(errorOf(outside).error, 'not_found', 'nothing outside it')
})
