// The Actions tools over real HTTP with the MCP SDK's own client: opt-in
// through MCP_TOOLSETS, audited like every tool, errors as tool results.
import t from 'tap'
import { bearer, buildTestApp, KEY_ONE } from '../../helpers/app.js'
import { connectClient, listenLocal } from '../../helpers/mcp-client.js'

t.test('with MCP_TOOLSETS=actions: why did CI fail, from run to job to log, each call audited', async t => {
  const { app, audit } = await buildTestApp(t, { env: { MCP_TOOLSETS: 'actions' } })
  const client = await connectClient(t, await listenLocal(app), KEY_ONE, 'actions-test')
  const { tools } = await client.listTools()
  t.same(tools.map(tool => tool.name), ['search', 'fetch', 'list_action_runs', 'get_action_run', 'get_action_job_log', 'get_commit_status'])
  for (const tool of tools) t.match(tool.annotations, { readOnlyHint: true, destructiveHint: false })

  const runs = await client.callTool({ name: 'list_action_runs', arguments: { owner: 'acme', repo: 'platform', status: 'failure' } })
  const failedRun = (runs.structuredContent as { runs: Array<{ id: number }> }).runs[0]
  t.equal(failedRun?.id, 12)
  const run = await client.callTool({ name: 'get_action_run', arguments: { owner: 'acme', repo: 'platform', run_id: 12 } })
  const failedJob = (run.structuredContent as { jobs: Array<{ id: number, conclusion: string | null }> }).jobs.find(job => job.conclusion === 'failure')
  t.equal(failedJob?.id, 104)
  const log = await client.callTool({ name: 'get_action_job_log', arguments: { owner: 'acme', repo: 'platform', job_id: 104, tail_lines: 5 } })
  t.notOk(log.isError)
  t.match((log.structuredContent as { log: string }).log, /wanted: 429[\s\S]*exit code 1/)

  const calls = audit.events('tool_call')
  t.same(calls.map(call => [call.tool, call.outcome]), [['list_action_runs', 'ok'], ['get_action_run', 'ok'], ['get_action_job_log', 'ok']])
  t.same(calls[2]?.arguments, { owner: 'acme', repo: 'platform', job_id: 104, tail_lines: 5 })
  t.notOk(audit.text().includes('exit code 1'), 'no log content in the audit log')
})

t.test('the default toolsets do not serve them; Actions switched off is an audited actions_unavailable result', async t => {
  const { app, audit } = await buildTestApp(t)
  const refused = await app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'list_action_runs', arguments: { owner: 'acme', repo: 'platform' } } })
  t.equal(refused.statusCode, 404, 'opt-in: refused like an unknown tool')
  t.match(refused.json(), { error: 'unknown_tool' })

  const on = await buildTestApp(t, { env: { MCP_TOOLSETS: 'all' }, fakeGitea: { version: '1.23.8', missing: ['actions'] } })
  const answer = await on.app.inject({ method: 'POST', url: '/mcp/tool/call', headers: bearer(KEY_ONE), payload: { name: 'get_action_job_log', arguments: { owner: 'acme', repo: 'platform', job_id: 104 } } })
  t.equal(answer.statusCode, 200)
  t.match(answer.json(), { isError: true })
  t.match(JSON.parse(answer.json().content[0].text as string), { error: 'actions_unavailable', message: /^Actions are not enabled on this repository\/Gitea/ })
  t.match(on.audit.events('tool_call').at(-1), { tool: 'get_action_job_log', outcome: 'error', error_code: 'actions_unavailable' })
  t.equal(audit.events('tool_call').at(-1)?.error_code, 'unknown_tool')
})
