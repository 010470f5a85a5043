// Issue 14's read tools as a user would call them: the MCP SDK's client over
// real HTTP, the whole app with every toolset on and REPO_ALLOWLIST set, the
// fake Gitea behind; and the default toolsets, which leave the opt-in ones out.
import t from 'tap'
import { buildTestApp, KEY_ONE } from '../helpers/app.js'
import { connectClient, listenLocal, textOf } from '../helpers/mcp-client.js'

t.test('wiki, milestones, reviews and commit status through the SDK client, audited', async (t) => {
  const { app, audit } = await buildTestApp(t, { env: { MCP_TOOLSETS: 'all', REPO_ALLOWLIST: 'acme/platform,acme/website' } })
  const client = await connectClient(t, await listenLocal(app), KEY_ONE, 'e2e-parity')
  const platform = { owner: 'acme', repo: 'platform' }
  const calls: Array<[string, Record<string, unknown>, object]> = [
    ['list_wiki_pages', platform, { total: 3, pages: [{ title: 'Deploy Guide' }, { title: 'Home' }, { title: 'Incident Runbook' }] }],
    ['get_wiki_page', { ...platform, title: 'Incident Runbook' }, { title: 'Incident Runbook', text: /make db-failover/, text_truncated: false }],
    ['list_milestones', { ...platform, state: 'all' }, { total: 4, milestones: [{ title: 'v1.1', closed_issues: 2 }, {}, {}, { title: 'Someday', due_on: null }] }],
    ['list_pull_request_reviews', { ...platform, index: 4 }, { reviews: [{ reviewer: 'alice', state: 'REQUEST_CHANGES', comments: [{ path: 'src/middleware/rate-limit.ts', line: 3, side: 'new' }, { side: 'old' }] }, { state: 'APPROVED' }] }],
    ['get_commit_status', { ...platform, ref: 'main' }, { state: 'failure', statuses: [{ context: 'ci/test', state: 'failure' }, {}, {}] }],
    ['fetch', { id: 'acme/platform/wiki/Home' }, { title: 'Wiki page Home (acme/platform)', metadata: { kind: 'wiki_page' } }]
  ]
  for (const [name, args, expected] of calls) {
    const result = await client.callTool({ name, arguments: args })
    t.notOk(result.isError, `${name}: ${textOf(result).slice(0, 200)}`)
    t.match(result.structuredContent, expected, name)
  }
  const hidden = await client.callTool({ name: 'get_commit_status', arguments: { owner: 'acme', repo: 'handbook', ref: 'main' } })
  t.equal(hidden.isError, true)
  t.match((JSON.parse(textOf(hidden)) as { message: string }).message, /^Commit status of "main" in repository "acme\/handbook" not found, or the token cannot read it/)
  const records = audit.events('tool_call')
  t.equal(records.length, calls.length + 1, 'every call audited')
  t.match(records.find((r) => r.tool === 'get_wiki_page'), { outcome: 'ok', arguments: { owner: 'acme', repo: 'platform', title: 'Incident Runbook' } })
  t.match(records.at(-1), { tool: 'get_commit_status', outcome: 'error', error_code: 'not_found' })
  t.ok(audit.events('repo_denied').length >= 1, 'the refusal is audited as repo_denied')
  t.ok(audit.text().includes('get_wiki_page') && !audit.text().includes('db-failover'), 'no page text in the audit log')
})

t.test('by default the opt-in toolsets are not served; reviews (pulls) are', async (t) => {
  const { app } = await buildTestApp(t)
  const client = await connectClient(t, await listenLocal(app), KEY_ONE, 'e2e-parity')
  const names = (await client.listTools()).tools.map((tool) => tool.name)
  t.ok(names.includes('list_pull_request_reviews'))
  for (const name of ['list_wiki_pages', 'get_wiki_page', 'list_milestones', 'get_commit_status']) t.notOk(names.includes(name), `${name} is opt-in`)
  const refused = await client.callTool({ name: 'list_wiki_pages', arguments: { owner: 'acme', repo: 'platform' } })
  t.equal(refused.isError, true)
  t.match(textOf(refused), /unknown_tool/)
})
