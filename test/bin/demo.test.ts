import t from 'tap'
import { spawn, execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const DEMO = resolve(import.meta.dirname, '../../bin/demo.ts')

// The MCP Inspector command downloads the Inspector from the npm registry the first time.
t.setTimeout(300_000)

t.test('npm run demo prints a key and commands that work as printed', async t => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-demo-'))
  // The same TypeScript loader tap runs this test with.
  const child = spawn(process.execPath, [...process.execArgv, DEMO], { cwd, env: { ...process.env, MCP_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGTERM') })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Press Ctrl-C to stop.')) { clearTimeout(timer); resolve() }
    })
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`demo exited with ${code}:\n${output}`)) })
  })

  const key = /API key\s+(agm_[A-Za-z0-9_-]{43})/.exec(output)?.[1]
  t.ok(key, 'a generated key is printed')
  const lines = output.split('\n')
  const commands = lines.filter((line, i) => (lines[i - 1] ?? '').startsWith('# ') && line.startsWith('curl '))
  t.ok(commands.length >= 5, `${commands.length} curl commands printed`)
  const inspector = lines.find(line => line.startsWith('npx -y @modelcontextprotocol/inspector@2 --cli '))
  t.ok(inspector, 'an MCP client command line is printed')

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
  // A third-party MCP client, run exactly as printed (in an empty folder, as a user would).
  const inspected = await run('sh', ['-c', inspector ?? 'false'], { cwd, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 })
  const listed = JSON.parse(inspected.stdout) as { tools: Array<{ name: string }> }
  t.ok(listed.tools.some(tool => tool.name === 'search'), 'the MCP Inspector lists the tools')

  child.kill('SIGTERM')
  await new Promise(resolve => child.once('exit', resolve))
  const audit = readFileSync(join(cwd, 'logs/demo-audit.log'), 'utf8')
  t.match(audit, /"event":"tool_call"/, 'the demo audits')
  t.notOk(audit.includes(key ?? '-'), 'the key is not in the audit log')
})
