import t from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { buildTestApp, KEY_ONE, KEY_TWO } from '../helpers/app.js'
import { connectClient, listenLocal, textOf } from '../helpers/mcp-client.js'
import { selectTools } from '../../lib/tools/catalog.js'
import { listTools } from '../../lib/tools/registry.js'
import { DEFAULT_TOOLSETS } from '../../lib/tools/toolsets.js'

/** What the default MCP_TOOLSETS serves (the opt-in toolsets' tools are left out). */
const TOOL_NAMES = listTools(selectTools(['core', ...DEFAULT_TOOLSETS])).map(tool => tool.name).sort()

t.test('the SDK client lists and calls every tool over real HTTP', async t => {
  const { app, audit, gitea } = await buildTestApp(t)
  const base = await listenLocal(app)
  const client = await connectClient(t, base, KEY_ONE)

  t.match(client.getServerVersion(), { name: 'aegis-gitea-mcp' })
  const { tools } = await client.listTools()
  t.same(tools.map(tool => tool.name).sort(), TOOL_NAMES, 'every tool of the default toolsets (names pinned by tool-snapshots.test.ts)')

  const repos = await client.callTool({ name: 'list_repositories', arguments: { limit: 50 } })
  t.notOk(repos.isError)
  const names = (repos.structuredContent as { repositories: Array<{ full_name: string }> }).repositories.map(r => r.full_name)
  t.ok(names.includes('acme/platform'), 'private repositories the bot can read are listed')
  t.notOk(names.includes('globex/secret-plans'), 'what the token cannot read is never listed')

  const info = await client.callTool({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } })
  t.match(info.structuredContent, { default_branch: 'main', visibility: 'private', url: /\/acme\/platform$/ })

  const tree = await client.callTool({ name: 'get_file_tree', arguments: { owner: 'acme', repo: 'platform', recursive: true } })
  const paths = (tree.structuredContent as { entries: Array<{ path: string }> }).entries.map(e => e.path)
  t.ok(paths.includes('README.md'))
  t.ok(paths.some(p => p.startsWith('src/') && p.split('/').length > 2), 'nested paths')

  const file = await client.callTool({ name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'README.md', start_line: 1, end_line: 3 } })
  t.notOk(file.isError)
  t.match(file.structuredContent, { path: 'README.md', encoding: 'utf-8', start_line: 1, end_line: 3, text: String })

  const search = await client.callTool({ name: 'search', arguments: { query: 'platform' } })
  const results = (JSON.parse(textOf(search)) as { results: Array<{ id: string, title: string, url: string }> }).results
  t.ok(results.length > 0, 'search finds something')
  t.same(Object.keys(JSON.parse(textOf(search)) as object), ['results'], 'exactly the ChatGPT shape')
  for (const result of results.slice(0, 3)) {
    t.match(result, { id: String, title: String, url: /^http/ })
    const fetched = await client.callTool({ name: 'fetch', arguments: { id: result.id } })
    t.notOk(fetched.isError, `fetch ${result.id}`)
    t.match(JSON.parse(textOf(fetched)), { id: result.id, title: String, text: String, url: /^http/ })
  }

  // Issues, pull requests, releases and labels, as a user would ask for them.
  const platform = { owner: 'acme', repo: 'platform' }
  const tracker: Array<[string, Record<string, unknown>, object]> = [
    ['list_issues', { ...platform, state: 'all', labels: 'billing' }, { issues: [{ number: 10 }, { number: 1 }, { number: 5 }] }],
    ['get_issue', { ...platform, index: 1 }, { number: 1, state: 'closed', comments_total: 2, comments: [{ author: 'bob' }, { author: 'alice' }] }],
    ['list_pull_requests', { ...platform, state: 'all' }, { pull_requests: [{ number: 4 }, { number: 7 }, { number: 6 }, { number: 2 }] }],
    ['get_pull_request', { ...platform, index: 4 }, { head: { branch: 'feature/login-rate-limit' }, changed_files: 3 }],
    ['get_pull_request_diff', { ...platform, index: 4, path: 'src/server.ts' }, { path: 'src/server.ts', text: /^diff --git a\/src\/server\.ts/ }],
    ['list_releases', platform, { releases: [{ tag: 'v1.1.0' }, { tag: 'v1.0.0' }] }],
    ['list_labels', { ...platform, limit: 2 }, { labels: [{ name: 'billing' }, { name: 'bug' }], has_more: true }]
  ]
  for (const [name, args, expected] of tracker) {
    const result = await client.callTool({ name, arguments: args })
    t.notOk(result.isError, `${name}: ${textOf(result).slice(0, 200)}`)
    t.match(result.structuredContent, expected, name)
  }
  const issueSearch = JSON.parse(textOf(await client.callTool({ name: 'search', arguments: { query: 'login' } }))) as { results: Array<{ id: string }> }
  t.same(issueSearch.results.slice(0, 2).map(r => r.id), ['acme/platform!4', 'acme/platform#3'], 'search finds pull requests and issues')
  const thread = await client.callTool({ name: 'fetch', arguments: { id: 'acme/platform!4' } })
  t.match(JSON.parse(textOf(thread)), { id: 'acme/platform!4', text: /## Comments \(1\)/, metadata: { kind: 'pull_request', state: 'open' } })

  const missing = await client.callTool({ name: 'get_repository_info', arguments: { owner: 'globex', repo: 'secret-plans' } })
  t.equal(missing.isError, true)
  t.match(textOf(missing), /not found/i)

  t.ok(audit.events('tool_call').length >= 8, 'every call audited')
  t.ok(gitea.requests.every((r: { authorization?: string }) => r.authorization === `token ${gitea.token}`), 'only GITEA_TOKEN is sent to Gitea')
  t.notOk(gitea.requests.some((r: { authorization?: string }) => (r.authorization ?? '').includes(KEY_ONE)), 'the client key never reaches Gitea')
})

t.test('without a valid key the SDK client cannot connect', async t => {
  const { app } = await buildTestApp(t)
  const base = await listenLocal(app)
  const client = new Client({ name: 'e2e-test', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { Authorization: 'Bearer agm_not_a_key_000000000000000000000000000' } } })
  await t.rejects(client.connect(transport), /401|Unauthorized|invalid/i)
})

t.test('the legacy HTTP+SSE transport works for clients that only speak it, per key', async t => {
  const { app, audit } = await buildTestApp(t)
  const base = await listenLocal(app)
  const client = new Client({ name: 'e2e-sse', version: '1.0.0' })
  const transport = new SSEClientTransport(new URL('/mcp/sse', base), { requestInit: { headers: { Authorization: `Bearer ${KEY_ONE}` } } })
  await client.connect(transport)
  t.teardown(async () => { await client.close() })
  const { tools } = await client.listTools()
  t.same(tools.map(tool => tool.name).sort(), TOOL_NAMES)
  const info = await client.callTool({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } })
  t.match(info.structuredContent, { visibility: 'public' })
  t.equal(audit.events('tool_call').at(-1)?.path, '/mcp/messages', 'the call is audited with the POST that carried it')
  const posts = audit.events('auth_success').filter(e => e.path === '/mcp/messages')
  t.match(audit.events('tool_call').at(-1), { request_id: posts.at(-1)?.request_id, method: 'POST', key_id: posts.at(-1)?.key_id },
    'with that POST\'s request id and key, not the stream\'s')
})

t.test('a legacy SSE session belongs to the key that opened it', async t => {
  const { app } = await buildTestApp(t)
  const base = await listenLocal(app)
  const controller = new AbortController()
  t.teardown(() => { controller.abort() })
  const stream = await fetch(`${base}/mcp/sse`, { headers: { authorization: `Bearer ${KEY_ONE}` }, signal: controller.signal })
  t.equal(stream.status, 200)
  t.match(stream.headers.get('content-type'), /text\/event-stream/)
  const reader = stream.body!.getReader()
  const first = new TextDecoder().decode((await reader.read()).value)
  const endpoint = /data: (\/mcp\/messages\?sessionId=[\w-]+)/.exec(first)?.[1]
  t.ok(endpoint, 'the first event names the message endpoint')
  const message = JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list' })
  const post = async (key: string): Promise<number> => (await fetch(`${base}${endpoint ?? ''}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: message })).status
  t.equal(await post(KEY_TWO), 404, "another key cannot post into this key's session")
  t.equal(await post(KEY_ONE), 202, 'the owner can')
  const anonymous = await fetch(`${base}${endpoint ?? ''}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: message })
  t.equal(anonymous.status, 401)
})
