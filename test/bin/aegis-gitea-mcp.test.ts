import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, request as httpRequest } from 'node:http'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startFakeGitea } from '../../lib/fake-gitea/server.js'
import { KEY_ONE } from '../helpers/app.js'

const SERVER = resolve(import.meta.dirname, '../../bin/aegis-gitea-mcp.ts')

function startServer (env: Record<string, string>, cwd: string): { child: ChildProcess, output: () => string, exited: Promise<number | null> } {
  // The same TypeScript loader (and its environment) tap runs this test with.
  const child = spawn(process.execPath, [...process.execArgv, SERVER], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return { child, output: () => output, exited }
}

async function waitFor (predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

t.test('a bad configuration exits 78 with one line per problem and no secret', async t => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  const token = 'abcdef0123456789abcdef0123456789abcdef01'
  const server = startServer({ GITEA_URL: 'git.example.com', GITEA_TOKEN: token, MCP_API_KEYS: 'my-short-secret', MCP_PORT: 'eighty' }, cwd)
  t.equal(await server.exited, 78)
  const lines = server.output().trim().split('\n')
  t.match(lines, [
    /^aegis-gitea-mcp: config: MCP_PORT: must be a whole number/
  ])
  t.notOk(server.output().includes('my-short-secret'))
  t.notOk(server.output().includes(token))
})

t.test('starts, logs the auth status without keys, and shuts down gracefully on SIGTERM', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  // A proxy that holds each Gitea answer for a while, so a tool call is still in flight at SIGTERM.
  const slow = createServer((req, res) => {
    setTimeout(() => {
      const upstream = httpRequest(`${gitea.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      req.pipe(upstream)
    }, 700)
  })
  await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { slow.close() })
  const slowPort = (slow.address() as { port: number }).port

  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  const server = startServer({ GITEA_URL: `http://127.0.0.1:${slowPort}`, GITEA_TOKEN: gitea.token, MCP_API_KEYS: KEY_ONE, MCP_PORT: '0', AUDIT_LOG_PATH: 'audit/audit.log' }, cwd)
  t.teardown(() => { server.child.kill('SIGKILL') })
  await waitFor(() => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(server.output()), 'listening')
  const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]
  t.match(server.output(), /"auth":"on","keys":1,"max_auth_failures":5,"auth_failure_window_seconds":300/)
  t.notOk(server.output().includes(KEY_ONE), 'the key is never logged')

  const inflight = fetch(`http://127.0.0.1:${port}/mcp/tool/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_ONE}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'website' } })
  })
  await new Promise(resolve => setTimeout(resolve, 200))
  server.child.kill('SIGTERM')
  const answer = await inflight
  t.equal(answer.status, 200, 'the in-flight request finished')
  if (answer.status !== 200) t.comment(server.output())
  t.match(await answer.json(), { structuredContent: { full_name: 'acme/website' } })
  t.equal(await server.exited, 0)

  const events = readFileSync(join(cwd, 'audit/audit.log'), 'utf8').trim().split('\n').map(line => (JSON.parse(line) as { event: string }).event)
  t.same(events, ['server_start', 'auth_success', 'tool_call', 'server_stop'], 'the audit log holds every record, stop included')
})
