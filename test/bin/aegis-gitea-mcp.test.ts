import t from 'tap'
import { createServer, request as httpRequest } from 'node:http'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { runAegisKeys } from '../../lib/keys/cli.js'
import { startFakeGitea } from '../fake-gitea/server.js'
import { KEY_ONE } from '../helpers/app.js'
import { startServer, waitFor } from '../helpers/server-process.js'

// Three real servers, each loading the TypeScript sources: more than tap's default 30 s on a busy 2-core CI.
t.setTimeout(120_000)

/** `aegis-keys verify-audit FILE...` in process: its exit code and what it printed. */
async function verifyAudit (cwd: string, ...files: string[]): Promise<{ code: number, output: string }> {
  let output = ''
  const write = (text: string): void => { output += text }
  const stdin = new PassThrough()
  stdin.end()
  const code = await runAegisKeys(['verify-audit', '--from-genesis', ...files], { stdout: { write }, stderr: { write }, stdin, interactive: false, cwd, now: () => new Date() })
  return { code, output }
}

t.test('a bad configuration exits 78 with one line per problem, all in one run, and no secret', async t => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  const token = 'abcdef0123456789abcdef0123456789abcdef01'
  // A required variable missing, a bad URL's neighbour, a wrong type, a short key and a bad
  // REPO_ALLOWLIST (once a stack trace and exit 1): every one named at once.
  const server = startServer({ GITEA_URL: '', GITEA_TOKEN: token, MCP_API_KEYS: 'my-short-secret', MCP_PORT: 'eighty', REPO_ALLOWLIST: 'acme/plat/form' }, cwd)
  t.equal(await server.exited, 78)
  const lines = server.output().trim().split('\n')
  t.match(lines, [
    /^aegis-gitea-mcp: config: GITEA_URL: is required/,
    /^aegis-gitea-mcp: config: MCP_PORT: must be a whole number/,
    /^aegis-gitea-mcp: config: MCP_API_KEYS: entry 1: a key must be at least 32 characters/,
    /^aegis-gitea-mcp: config: REPO_ALLOWLIST: entry 1 "acme\/plat\/form" is not owner\/repo or owner\/\*/,
    /^aegis-gitea-mcp: see \.env\.example/
  ])
  t.equal(lines.length, 5, 'one line per problem, nothing else (no stack trace)', { output: server.output() })
  t.notOk(server.output().includes('my-short-secret'))
  t.notOk(server.output().includes(token))
})

t.test('starts, logs the auth status without keys, and shuts down gracefully on SIGTERM', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  // A proxy that holds each Gitea answer for a while, so a tool call is still in flight at SIGTERM.
  let reachedGitea = (): void => {}
  const inGitea = new Promise<void>(resolve => { reachedGitea = resolve })
  const slow = createServer((req, res) => {
    // The start-up version check is not the tool call this waits for.
    if (req.url !== '/api/v1/version') reachedGitea()
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
  await inGitea // the tool call is now in flight, however slow the machine
  server.child.kill('SIGTERM')
  const answer = await inflight
  t.equal(answer.status, 200, 'the in-flight request finished')
  if (answer.status !== 200) t.comment(server.output())
  t.match(await answer.json(), { structuredContent: { full_name: 'acme/website' } })
  t.equal(await server.exited, 0, 'SIGTERM: a clean stop', { output: server.output() })

  const events = readFileSync(join(cwd, 'audit/audit.log'), 'utf8').trim().split('\n').map(line => (JSON.parse(line) as { event: string }).event)
  t.same(events, ['server_start', 'auth_success', 'tool_call', 'server_stop'], 'the audit log holds every record, stop included')
})

t.test('a Gitea older than the oldest supported one: one warning line at start-up, and the server serves', async t => {
  const gitea = await startFakeGitea({ version: '1.23.8', missing: ['file-contents', 'contents-ext'] })
  t.teardown(async () => { await gitea.close() })
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  const server = startServer({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: KEY_ONE, MCP_PORT: '0', AUDIT_LOG_PATH: '-' }, cwd)
  t.teardown(() => { server.child.kill('SIGKILL') })
  await waitFor(() => server.output().includes('older than 1.24.0'), 'the version warning')
  const warnings = server.output().split('\n').filter(line => line.includes('older than'))
  t.equal(warnings.length, 1, 'one line')
  t.match(warnings[0], /"level":40,.*"gitea_version":"1\.23\.8".*"msg":"Gitea 1\.23\.8 at GITEA_URL is older than 1\.24\.0, the oldest version this server supports/)
  const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]
  const ready = await fetch(`http://127.0.0.1:${port ?? ''}/ready`)
  t.equal(ready.status, 200)
  t.match(await ready.json(), { status: 'ready', gitea_version: '1.23.8' })
  t.equal(server.output().split('\n').filter(line => line.includes('older than')).length, 1, 'still one line after /ready')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
})

t.test('SIGHUP re-reads the keys file (no request dropped) and reopens the audit log', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  const oldKey = 'agm_sighup_old_key_00000000000000000000000000'
  const newKey = 'agm_sighup_new_key_11111111111111111111111111'
  const entry = (key: string): string => {
    const digest = createHash('sha256').update(key).digest('hex')
    return JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'sighup test', created_at: '2026-01-01T00:00:00Z', expires_at: null }) + '\n'
  }
  // The server watches the directory of MCP_API_KEYS_FILE; a change to the file a link points at
  // elsewhere is seen only on SIGHUP, so this test shows the signal alone reloads.
  mkdirSync(join(cwd, 'real'))
  mkdirSync(join(cwd, 'conf'))
  writeFileSync(join(cwd, 'real', 'keys.jsonl'), entry(oldKey))
  symlinkSync(join(cwd, 'real', 'keys.jsonl'), join(cwd, 'conf', 'keys.jsonl'))

  const server = startServer({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: '',
    MCP_API_KEYS_FILE: 'conf/keys.jsonl',
    MCP_PORT: '0',
    AUDIT_LOG_PATH: 'audit/audit.log',
    RATE_LIMIT_PER_MINUTE: '0',
    MAX_AUTH_FAILURES: '10000'
  }, cwd)
  t.teardown(() => { server.child.kill('SIGKILL') })
  // Beside it, one that writes its audit log to standard output: nothing to reopen there.
  const stdoutAudit = startServer({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: oldKey, MCP_PORT: '0', AUDIT_LOG_PATH: '-' }, cwd)
  t.teardown(() => { stdoutAudit.child.kill('SIGKILL') })
  await waitFor(() => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(server.output()), 'listening')
  const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]
  const statusOf = async (key: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}/mcp/tools`, { headers: { authorization: `Bearer ${key}` } })).status
  t.equal(await statusOf(oldKey), 200)
  t.equal(await statusOf(newKey), 401)

  // Requests all the while: each must be answered 200 or 401, never dropped, never a 5xx.
  const answers: Array<{ key: string, status: number | string }> = []
  const stop = new AbortController()
  const traffic = Promise.all([oldKey, newKey, oldKey, newKey].map(async key => {
    while (!stop.signal.aborted) {
      answers.push({ key, status: await statusOf(key).catch((error: Error) => error.message) })
    }
  }))
  // Counts, not sleeps: a busy machine answers slowly, and each phase waits for enough answers.
  const answersReach = async (count: number, what: string): Promise<void> => { await waitFor(() => answers.length >= count, what) }
  await answersReach(20, 'traffic before the signal')
  writeFileSync(join(cwd, 'real', 'keys.jsonl'), entry(newKey))
  renameSync(join(cwd, 'audit', 'audit.log'), join(cwd, 'audit', 'audit.log.1')) // as logrotate does
  server.child.kill('SIGHUP')
  await waitFor(() => existsSync(join(cwd, 'audit', 'audit.log')) && readFileSync(join(cwd, 'audit', 'audit.log'), 'utf8').includes('keys_reloaded'), 'the reload')
  const atReload = answers.length
  await answersReach(atReload + 20, 'traffic after the reload')
  stop.abort()
  await traffic

  t.equal(await statusOf(oldKey), 401, 'the old key is refused after the signal')
  t.equal(await statusOf(newKey), 200, 'the new key is accepted')
  t.ok(answers.length >= atReload + 20, `requests kept flowing (${answers.length}, ${atReload} before the reload was seen)`)
  t.same([...new Set(answers.map(a => a.status))].sort(), [200, 401], 'every request answered 200 or 401')
  const reloaded = readFileSync(join(cwd, 'audit', 'audit.log'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>).find(r => r.event === 'keys_reloaded')
  t.match(reloaded, { trigger: 'signal', key_count: 1, changed: true, severity: 'info' })
  t.ok(readFileSync(join(cwd, 'audit', 'audit.log.1'), 'utf8').includes('server_start'), 'earlier records stay in the rotated file')
  t.equal(server.child.exitCode, null, 'SIGHUP does not stop the server')
  t.notOk(server.output().includes(newKey) || server.output().includes(oldKey), 'no key in the application log')

  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, 'SIGTERM: a clean stop', { output: server.output() })
  const chain = await verifyAudit(cwd, 'audit/audit.log.1', 'audit/audit.log')
  t.equal(chain.code, 0, `the hash chain runs on from the rotated file to the new one, under traffic: ${chain.output}`)

  await waitFor(() => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(stdoutAudit.output()), 'the second server')
  stdoutAudit.child.kill('SIGHUP')
  await waitFor(() => stdoutAudit.output().includes('no MCP_API_KEYS_FILE is set'), 'the second server to take the signal')
  const secondPort = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdoutAudit.output())?.[1]
  t.equal((await fetch(`http://127.0.0.1:${secondPort}/mcp/tools`, { headers: { authorization: `Bearer ${oldKey}` } })).status, 200, 'with AUDIT_LOG_PATH=- it keeps serving too')
  t.notMatch(stdoutAudit.output(), /cannot reopen|server_stop/)
  stdoutAudit.child.kill('SIGTERM')
  t.equal(await stdoutAudit.exited, 0, 'SIGTERM: a clean stop', { output: stdoutAudit.output() })
})

t.test('logrotate: after the file is moved, SIGHUP makes the server write to a new file, 0600 whatever the umask', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  // The child inherits this umask, the loosest there is.
  const umask = process.umask(0o000)
  const server = startServer({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: KEY_ONE, MCP_PORT: '0', AUDIT_LOG_PATH: 'logs/audit.log' }, cwd)
  process.umask(umask)
  t.teardown(() => { server.child.kill('SIGKILL') })
  await waitFor(() => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(server.output()), 'listening')
  const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]
  const call = async (): Promise<number> => (await fetch(`http://127.0.0.1:${port}/mcp/tools`, { headers: { authorization: `Bearer ${KEY_ONE}` } })).status
  const current = join(cwd, 'logs', 'audit.log')
  const rotated = join(cwd, 'logs', 'audit.log.1')
  const eventsIn = (path: string): string[] => readFileSync(path, 'utf8').trim().split('\n').map(line => (JSON.parse(line) as { event: string }).event)
  const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8)

  t.equal(await call(), 200)
  t.equal(modeOf(current), '600', 'the first file: 0600')
  t.equal(modeOf(join(cwd, 'logs')), '700', 'its directory: 0700')
  renameSync(current, rotated) // what logrotate does, before its postrotate script sends SIGHUP
  server.child.kill('SIGHUP')
  // The keys are re-read after the reopen; with no keys file that says so in the app log.
  await waitFor(() => server.output().includes('no MCP_API_KEYS_FILE is set'), 'the signal to be handled')
  t.equal(await call(), 200, 'the server serves on')
  t.same(eventsIn(current), ['auth_success'], 'the next record goes to a new file')
  t.equal(modeOf(current), '600', 'created 0600 like the first')
  t.same(eventsIn(rotated), ['server_start', 'auth_success'], 'the rotated file keeps what came before, and nothing after')
  t.notMatch(server.output(), /cannot reopen|readable by others/)

  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, { output: server.output() })
  t.same(eventsIn(current), ['auth_success', 'server_stop'])
  const chain = await verifyAudit(cwd, 'logs/audit.log.1', 'logs/audit.log')
  t.equal(chain.code, 0, `the new file's first line chains to the rotated file's last: ${chain.output}`)
})

t.test('METRICS_PORT: the server opens its metrics listener beside the public one; the webhook is logged by host only', async t => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-bin-'))
  // A port free a moment ago: METRICS_PORT takes no 0.
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const metricsPort = (probe.address() as { port: number }).port
  await new Promise<void>(resolve => probe.close(() => { resolve() }))
  const server = startServer({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    MCP_API_KEYS: KEY_ONE,
    MCP_PORT: '0',
    AUDIT_LOG_PATH: '-',
    METRICS_PORT: String(metricsPort),
    ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/services/T0/B0/XwebhookXsecret?token=XqueryXsecret'
  }, cwd)
  t.teardown(() => { server.child.kill('SIGKILL') })
  await waitFor(() => server.output().includes('Prometheus metrics at'), 'the metrics listener')
  const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]
  t.equal((await fetch(`http://127.0.0.1:${port ?? ''}/metrics`)).status, 404, 'not on the public port')
  await fetch(`http://127.0.0.1:${port ?? ''}/health`)
  const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
  t.equal(scraped.status, 200)
  t.match(await scraped.text(), /aegis_http_requests_total\{method="GET",route="\/health",status="200"\} 1/)
  t.match(server.output(), new RegExp(`Prometheus metrics at http://127\\.0\\.0\\.1:${metricsPort}/metrics`))
  t.match(server.output(), /"webhook_host":"127\.0\.0\.1:9"/)
  t.notMatch(server.output(), /XwebhookXsecret|XqueryXsecret/, 'never the webhook path or query')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, { output: server.output() })
  await t.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`), 'closed with the server')
})
