// The history and code-search tools as a user would call them: the MCP SDK's
// client over real HTTP, the whole app, REPO_ALLOWLIST on, the fake Gitea behind.
import t from 'tap'
import { buildTestApp, KEY_ONE } from '../helpers/app.js'
import { connectClient, listenLocal, textOf } from '../helpers/mcp-client.js'

t.test('branches, tags, history, diffs, comparisons and code search through the SDK client', async (t) => {
  const { app, audit } = await buildTestApp(t, { env: { REPO_ALLOWLIST: 'acme/*' } })
  const client = await connectClient(t, await listenLocal(app), KEY_ONE, 'e2e-history')
  const platform = { owner: 'acme', repo: 'platform' }
  const calls: Array<[string, Record<string, unknown>, object]> = [
    ['list_branches', platform, { default_branch: 'main', branches: [{ name: 'feature/login-rate-limit' }, { name: 'main', default: true }] }],
    ['list_tags', platform, { tags: [{ name: 'v1.1.0', annotated: true }, { name: 'v1.0.0', annotated: false }] }],
    ['list_commits', { ...platform, path: 'src/services/billing/tax.ts' }, { total: 2, commits: [{ title: 'Fix VAT rounding on invoices with many lines' }, { title: 'Add billing service with VAT rules' }] }],
    ['get_commit', { ...platform, sha: 'v1.0.0' }, { title: 'Release 1.0.0', files: [{ path: 'package.json', status: 'modified' }], stats: { additions: 1, deletions: 1 } }],
    ['get_commit_diff', { ...platform, sha: 'v1.0.0' }, { total_pages: 1, truncated: false, text: /^diff --git a\/package\.json b\/package\.json\n/ }],
    ['get_commit_diff', { owner: 'acme', repo: 'handbook', sha: 'main' }, { page: 1, truncated: true, next: { page: 2 }, text: /\[Diff cut here to fit the response size limit \(page 1 of \d+\)/ }],
    ['compare_refs', { ...platform, base: 'main', head: 'feature/login-rate-limit' }, { total_commits: 2, files: [{ path: 'src/middleware/rate-limit.ts', status: 'added' }, {}, {}] }],
    ['search_code', { ...platform, query: 'vatCents' }, { total_files: 3, results: [{ path: 'src/services/billing/invoice.ts' }, {}, {}], cached: false }],
    ['search_code', { ...platform, query: 'loginRateLimit', ref: 'feature/login-rate-limit' }, { total_files: 2 }],
    ['search_code', { ...platform, query: 'buildInvoice' }, { total_files: 1, cached: true }]
  ]
  for (const [name, args, expected] of calls) {
    const result = await client.callTool({ name, arguments: args })
    t.notOk(result.isError, `${name}: ${textOf(result).slice(0, 200)}`)
    t.match(result.structuredContent, expected, name)
    t.ok(Buffer.byteLength(textOf(result)) <= 100_000, `${name} fits MAX_RESPONSE_BYTES`)
  }

  // Bad input is a tool error a person can act on, never a protocol error.
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['list_commits', { ...platform, since: 'yesterday' }, /`since` must be an RFC 3339 date and time/],
    ['get_commit', { ...platform, sha: 'deadbeef' }, /Commit "deadbeef" in repository "acme\/platform" not found/],
    ['get_commit_diff', { ...platform, sha: 'v1.0.0', path: '../../etc/passwd' }, /"\." or "\.\." segments/],
    ['compare_refs', { ...platform, base: 'main', head: 'nope' }, /Check `base` and `head`/],
    ['list_branches', { ...platform, limit: 10_000 }, /`limit` must be <= 50/],
    ['search_code', { owner: 'globex', repo: 'secret-plans', query: 'Hammock' }, /Repository "globex\/secret-plans" not found, or the token cannot read it/]
  ]
  for (const [name, args, message] of bad) {
    const result = await client.callTool({ name, arguments: args })
    t.equal(result.isError, true, `${name} refuses ${JSON.stringify(args)}`)
    t.match((JSON.parse(textOf(result)) as { message: string }).message, message)
  }
  const records = audit.events('tool_call')
  t.equal(records.length, calls.length + bad.length, 'every call audited')
  t.match(records.find((r) => r.tool === 'search_code' && r.outcome === 'error'), { error_code: 'not_found', arguments: { owner: 'globex', repo: 'secret-plans' } })
  t.notOk(JSON.stringify(records).includes('vatCents(lineCents'), 'no file content in the audit log')
})
