import t from 'tap'
import { spawn, execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { INSPECTOR_COMMAND, runInspectorLine } from '../helpers/inspector-cli.js'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
// `npm run demo` is `tsx bin/demo.ts`: the demo runs from the sources, it is not in dist/.
const DEMO_SCRIPT = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.demo ?? ''
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')

/** The printed commands: a `# title` line, then the command. */
function printedCommands (output: string): string[] {
  const lines = output.split('\n')
  return lines.filter((line, i) => (lines[i - 1] ?? '').startsWith('# ') && line.trim() !== '')
}

// Spawning the demo with the TypeScript loader takes long on a busy 2-core machine. The
// in-process demo (imported when its test starts) loads while the spawned one does.
t.setTimeout(120_000)
t.jobs = 2
const loadDemo = async (): Promise<typeof import('../../demo.js')> => await import('../../demo.js')

t.test('npm run demo prints a key and commands that work as printed', async t => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-demo-'))
  const [runner, entry = ''] = DEMO_SCRIPT.split(' ')
  t.equal(runner, 'tsx', `npm run demo runs the sources with tsx (${DEMO_SCRIPT})`)
  // What `npm run demo` runs, from another folder (where its audit log goes). Not measured for
  // coverage (@tapjs/processinfo's switch): tsx's transform does not map back the way tap's
  // loader does, and its figures would spoil the in-process ones for every file the demo loads.
  const env = { ...process.env, MCP_PORT: '0', _TAPJS_PROCESSINFO_COVERAGE_: '0' }
  const child = spawn(process.execPath, [TSX, join(ROOT, entry)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGTERM') })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Press Ctrl-C to stop.')) resolve()
    })
    child.once('exit', code => { reject(new Error(`demo exited with ${code}:\n${output}`)) })
  })

  const key = /API key\s+(agm_[A-Za-z0-9_-]{43})/.exec(output)?.[1]
  t.ok(key, 'a generated key is printed')
  const printed = printedCommands(output)
  const commands = printed.filter(line => line.startsWith('curl '))
  t.equal(commands.length, 6, 'six curl commands printed')
  const inspector = printed.find(line => INSPECTOR_COMMAND.test(line))
  t.ok(inspector, 'an MCP client command line is printed')
  t.equal(printed.length, commands.length + 1, 'nothing else is printed as a command')

  const results = []
  for (const command of commands) {
    const { stdout } = await run('sh', ['-c', command])
    results.push(stdout)
  }
  t.match(JSON.parse(results[0] ?? ''), { status: 'ok' }, 'health')
  t.match(results[1], /^HTTP\/1\.1 401/, 'no key: 401')
  t.match(JSON.parse(results[2] ?? ''), { tools: Array }, 'tools listed')
  t.match(JSON.parse(results[3] ?? ''), { structuredContent: { repositories: Array } }, 'a tool called')
  t.match(JSON.parse(results[4] ?? ''), { structuredContent: { path: 'README.md', text: String } }, 'a file read')
  t.match(results[5], /"tools"/, 'JSON-RPC tools/list')
  // The Inspector command's URL, transport and header, sent by the MCP SDK's client (no download).
  const listed = await runInspectorLine(inspector ?? '') as { tools: Array<{ name: string }> }
  t.ok(listed.tools.some(tool => tool.name === 'search'), 'an MCP client lists the tools with the printed arguments')

  child.kill('SIGTERM')
  await new Promise(resolve => child.once('exit', resolve))
  const audit = readFileSync(join(cwd, 'logs/demo-audit.log'), 'utf8')
  t.match(audit, /"event":"tool_call"/, 'the demo audits')
  t.notOk(audit.includes(key ?? '-'), 'the key is not in the audit log')
})

t.test('npm run demo -- --no-auth: no header needed, on loopback only', async t => {
  const { startDemo } = await loadDemo()
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-demo-noauth-'))
  const demo = await startDemo({ port: 0, noAuth: true, auditLogPath: join(cwd, 'audit.log') })
  t.teardown(() => demo.close())
  t.ok(demo.noAuth)

  // An MCP client that sends no Authorization header, as the MCP conformance suite does.
  const client = new Client({ name: 'no-header', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${demo.url}/mcp`)))
  t.teardown(() => client.close())
  const { tools } = await client.listTools()
  t.ok(tools.some(tool => tool.name === 'search'), 'tools/list without a key')
  const file = await client.callTool({ name: 'get_file_contents', arguments: { owner: 'acme', repo: 'platform', path: 'README.md' } })
  t.match(file, { structuredContent: { path: 'README.md' } }, 'a tool call without a key')
  // A wrong key is not checked either: authentication is off, not merely optional.
  const wrong = await fetch(`${demo.url}/mcp/tools`, { headers: { authorization: 'Bearer agm_not_a_key_000000000000000000000000000000' } })
  t.equal(wrong.status, 200)

  const printed = demo.commands.map(({ command }) => command)
  t.notOk(printed.some(command => /Authorization|401/.test(command)), 'the printed commands send no key')
  for (const command of printed.filter(line => line.startsWith('curl '))) {
    const { stdout } = await run('sh', ['-c', command])
    t.notMatch(stdout, /"error"|"isError":true/, `${command.slice(0, 60)} works without a key`)
  }
  const inspector = await runInspectorLine(printed.find(line => INSPECTOR_COMMAND.test(line)) ?? '') as { tools: unknown[] }
  t.ok(inspector.tools.length > 0, 'the printed Inspector command needs no header')
})

t.test('--no-auth refuses a host other machines can reach', async t => {
  const { demoOptions, startDemo } = await loadDemo()
  await t.rejects(startDemo({ host: '0.0.0.0', port: 0, noAuth: true }), /loopback only/)
  t.throws(() => demoOptions(['--no-auth'], { MCP_HOST: '0.0.0.0' }), /--no-auth .* loopback only .*MCP_HOST=0\.0\.0\.0/)
  t.throws(() => demoOptions(['--no-auth'], { MCP_HOST: '192.168.1.10' }), /loopback only/)
  for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) {
    t.same(demoOptions(['--no-auth'], { MCP_HOST: host }), { host, port: undefined, noAuth: true }, `${host} is loopback`)
  }
  t.same(demoOptions([], { MCP_HOST: '0.0.0.0', MCP_PORT: '9090' }), { host: '0.0.0.0', port: 9090, noAuth: false }, 'with a key, any host')
  t.throws(() => demoOptions(['--noauth'], {}), /unknown argument --noauth; usage: npm run demo \[-- --no-auth \| --oauth\]/)
  t.same(demoOptions(['--oauth'], {}), { host: undefined, port: undefined, noAuth: false, oauth: true })
  t.throws(() => demoOptions(['--oauth', '--no-auth'], {}), /do not go together/)
  t.throws(() => demoOptions([], { MCP_PORT: 'eighty' }), /MCP_PORT must be a port number/)
})

t.test('npm run demo -- --oauth: the sign-in page offers the key and "Sign in with Gitea"; each sample person sees their own repositories', async t => {
  const { startDemo } = await loadDemo()
  const { giteaGrant } = await import('../helpers/gitea-oauth.js')
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-demo-'))
  const demo = await startDemo({ port: 0, oauth: true, auditLogPath: join(cwd, 'audit.log') })
  t.teardown(demo.close)
  t.same(demo.giteaPeople.map(person => person.login), ['alice', 'hank'])
  const discovery = demo.commands.find(command => command.command.includes('oauth-protected-resource'))
  const { stdout } = await run('sh', ['-c', discovery?.command ?? 'false'])
  t.match(JSON.parse(stdout), { resource: `${demo.url}/mcp`, authorization_servers: [demo.url] }, 'the printed OAuth command works')
  const repos = async (login: string): Promise<string[]> => {
    const { accessToken } = await giteaGrant(demo.url, login)
    const response = await fetch(`${demo.url}/mcp/tool/call`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'list_repositories', arguments: { limit: 50 } }) })
    const body = await response.json() as { structuredContent: { repositories: Array<{ full_name: string }> } }
    return body.structuredContent.repositories.map(repo => repo.full_name)
  }
  t.ok((await repos('alice')).includes('acme/handbook'))
  t.notOk((await repos('hank')).includes('acme/handbook'))
  await t.rejects(startDemo({ port: 0, oauth: true, noAuth: true }), /needs authentication on/)
  await t.rejects(startDemo({ host: '0.0.0.0', port: 0, oauth: true }), /loopback only/)
})
