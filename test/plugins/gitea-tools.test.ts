// The tool runner through the whole app: REPO_ALLOWLIST (an env variable)
// hides repositories exactly like missing ones, in every tool, and each
// refusal is audited as `repo_denied` with the request it belongs to.
import t from 'tap'
import { bearer, buildTestApp, KEY_ONE, KEY_TWO, type TestApp } from '../helpers/app.js'

type Json = any

async function callTool (app: TestApp['app'], name: string, args: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Json> {
  const res = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: { ...bearer(KEY_ONE), ...headers }, payload: { name, arguments: args } })
  if (res.statusCode !== 200) throw new Error(`POST /mcp/tool/call answered ${res.statusCode}: ${res.body}`)
  return res.json()
}

function message (result: Json): string {
  return (JSON.parse(result.content[0].text as string) as { message: string }).message
}

let limited: TestApp
let open: TestApp
t.before(async () => {
  limited = await buildTestApp(t, { env: { REPO_ALLOWLIST: 'acme/platform, aegis-bot/*' } })
  open = await buildTestApp(t)
})

t.test('a refusal is audited once per call as repo_denied, with the request, tool and key', async (t) => {
  const before = limited.audit.lines.length
  const result = await callTool(limited.app, 'get_issue', { owner: 'acme', repo: 'website', index: 1 }, { 'x-request-id': 'req-denied-1', 'user-agent': 'test-agent' })
  t.equal(result.isError, true)
  const records = limited.audit.records().slice(before)
  const denied = records.filter((r) => r.event === 'repo_denied')
  t.equal(denied.length, 1, 'the issue and its comments are one refusal of one repository in one call')
  t.match(denied[0], {
    event: 'repo_denied',
    severity: 'medium',
    request_id: 'req-denied-1',
    user_agent: 'test-agent',
    method: 'POST',
    path: '/mcp/tool/call',
    tool: 'get_issue',
    owner: 'acme',
    repo: 'website',
    key_id: String
  })
  t.match(denied[0]?.client_ip, /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/)
  const call = records.find((r) => r.event === 'tool_call')
  t.match(call, { tool: 'get_issue', outcome: 'error', error_code: 'not_found', request_id: 'req-denied-1', key_id: denied[0]?.key_id })
  t.ok(records.indexOf(denied[0] as Json) < records.indexOf(call as Json), 'the refusal is recorded before the call it belongs to')

  const other = await limited.app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_TWO), payload: { name: 'list_releases', arguments: { owner: 'globex', repo: 'secret-plans' } } })
  t.equal(other.json().isError, true)
  const second = limited.audit.events('repo_denied').at(-1)
  t.match(second, { tool: 'list_releases', owner: 'globex', repo: 'secret-plans' })
  t.not(second?.key_id, denied[0]?.key_id, 'the key of that call')
  t.notOk(limited.audit.text().includes(KEY_ONE) || limited.audit.text().includes(KEY_TWO), 'no key in the audit log')
})

t.test('allowed, missing and merely filtered repositories are no refusal', async (t) => {
  const before = limited.audit.events('repo_denied').length
  t.notOk((await callTool(limited.app, 'get_issue', { owner: 'acme', repo: 'platform', index: 1 })).isError)
  t.equal((await callTool(limited.app, 'get_issue', { owner: 'acme', repo: 'platform', index: 99 })).isError, true, 'a missing issue of an allowed repository')
  t.notOk((await callTool(limited.app, 'list_repositories', {})).isError)
  t.notOk((await callTool(limited.app, 'search', { query: 'a' })).isError)
  t.equal(limited.audit.events('repo_denied').length, before, 'lists and search filter; they refuse nothing')
  t.equal((await callTool(open.app, 'get_issue', { owner: 'acme', repo: 'website', index: 1 })).isError, undefined, 'without REPO_ALLOWLIST everything readable is allowed')
  t.equal(open.audit.events('repo_denied').length, 0)
})

t.test('a hidden repository looks exactly like a missing one, in every tool', async (t) => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['get_repository_info', {}],
    ['list_issues', {}],
    ['list_issues', { labels: 'bug' }],
    ['get_issue', { index: 1 }],
    ['list_pull_requests', {}],
    ['get_pull_request', { index: 1 }],
    ['get_pull_request_diff', { index: 1 }],
    ['list_releases', {}],
    ['list_labels', {}]
  ]
  for (const [tool, args] of cases) {
    const hidden = await callTool(limited.app, tool, { owner: 'acme', repo: 'website', ...args })
    const missing = await callTool(open.app, tool, { owner: 'acme', repo: 'no-such-repo', ...args })
    t.equal(hidden.isError, true, `${tool}: refused`)
    t.equal(message(hidden), message(missing).replace('acme/no-such-repo', 'acme/website'), `${tool}: the same message as a missing repository`)
    t.equal(JSON.parse(hidden.content[0].text as string).error, 'not_found')
  }
  for (const id of ['acme/website', 'acme/website#1', 'acme/website!1', 'acme/website@main:README.md']) {
    const hidden = await callTool(limited.app, 'fetch', { id })
    const missing = await callTool(open.app, 'fetch', { id: id.replace('website', 'no-such-repo') })
    t.equal(message(hidden), message(missing).replace('acme/no-such-repo', 'acme/website'), `fetch ${id}`)
  }
  t.notOk(limited.gitea.requests.some((r) => r.path.includes('/acme/website')), 'Gitea was never asked about acme/website')
})

t.test('list_repositories and search show nothing hidden, issues included', async (t) => {
  const repos = (await callTool(limited.app, 'list_repositories', { limit: 50 })).structuredContent
  t.same(repos.repositories.map((r: Json) => r.full_name).sort(), ['acme/platform', 'aegis-bot/notes'])
  for (const query of ['about page', 'announce', 'parental leave', 'login']) {
    const found = (await callTool(limited.app, 'search', { query })).structuredContent.results
    t.ok(found.every((r: Json) => (r.id as string).startsWith('acme/platform') || (r.id as string).startsWith('aegis-bot/')), `${query}: only allowed repositories`)
  }
  const everywhere = (await callTool(open.app, 'search', { query: 'about page' })).structuredContent.results
  t.ok(everywhere.some((r: Json) => r.id === 'acme/website#2'), 'the same search without the allowlist finds the website issue')
  const login = (await callTool(limited.app, 'search', { query: 'login' })).structuredContent.results
  t.ok(login.some((r: Json) => r.id === 'acme/platform!4'), 'allowed issues and pull requests are found')
})
