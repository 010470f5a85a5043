// Docs are part of the product: every shell command in README.md and docs/*.md
// either runs here, or is covered by a named test that this file checks exists, or sits in a
// block marked `sh docker` / `sh traefik` (no Docker engine or Traefik runs on CI).
// No network: the MCP Inspector commands run through the MCP SDK's client (test/helpers).
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startDemo } from '../../demo.js'
import { INSPECTOR_COMMAND, runInspectorLine } from '../helpers/inspector-cli.js'
import { binEnv, transpiledBin } from '../helpers/transpiled-bin.js'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
const DOCS = ['README.md', 'docker/README.md', 'traefik/README.md', ...readdirSync(join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]

// Every documented command against one in-process demo, on a loaded 2-core machine.
t.setTimeout(120_000)

interface Command { file: string, line: string, block: number }

/** Shell commands of ```sh / ```bash blocks; continuation lines joined, comments dropped. */
export function shellCommands (file: string, text: string): Command[] {
  const commands: Command[] = []
  let block = 0
  for (const match of text.matchAll(/^ *```(sh|bash|shell)([^\n]*)\n([\s\S]*?)^ *```/gm)) {
    block++
    if (/\b(docker|traefik)\b/.test(match[2] ?? '')) continue
    const joined = (match[3] ?? '').replace(/\\\n\s*/g, '')
    for (const raw of joined.split('\n')) {
      const line = raw.trim()
      if (line === '' || line.startsWith('#')) continue
      commands.push({ file, line, block })
    }
  }
  return commands
}

/**
 * Commands a user runs to set up or run the project, each proven by a test elsewhere: the file
 * named must hold the text given (a test's name, or the command itself).
 */
const COVERED: Array<[RegExp, string, string]> = [
  [/^npm install && npm run demo$/, 'test/bin/demo.test.ts', "t.test('npm run demo prints a key and commands that work as printed'"],
  [/^npm run demo -- --no-auth$/, 'test/bin/demo.test.ts', "t.test('npm run demo -- --no-auth: no header needed, on loopback only'"],
  [/^npm run demo -- --oauth$/, 'test/bin/demo.test.ts', "t.test('npm run demo -- --oauth: the sign-in page offers the key and \"Sign in with Gitea\""],
  [/^npm install && npm test$/, '.ci/run', 'npm test 2>&1'],
  [/^npm install && npm start$/, 'test/helpers/server-process.ts', "resolve(import.meta.dirname, '../../bin/aegis-gitea-mcp.ts')"],
  [/^cp \.env\.example \.env$/, 'test/env-example.test.ts', "resolve(import.meta.dirname, '../.env.example')"]
]

const DEMO_URL = 'http://127.0.0.1:8080'

// aegis-keys commands run in order, one fresh folder per code block (a block is a sequence a
// user types), holding an .env and metadata the CLI made; the docs' example key id stands for
// that key. They run the CLI transpiled from the sources (dist/ may be stale while developing).
const KEYS_BIN = transpiledBin('bin/aegis-keys.ts')
const KEYS_COMMAND = /^(node dist\/bin\/aegis-keys\.js|npx aegis-keys|npm run (generate-key|rotate-key|check-key-age)( --)?)(?= |$)/
const EXAMPLE_KEY_ID = /\b3f2a1b2c3d4e\b/g
const NPM_SCRIPTS: Record<string, string> = { 'generate-key': 'generate', 'rotate-key': 'rotate', 'check-key-age': 'check-age' }

function keysInvocation (line: string): string {
  const node = `'${process.execPath}' '${KEYS_BIN}'`
  return line.replace(KEYS_COMMAND, (_all, _prefix: string, script?: string) => script === undefined ? node : `${node} ${NPM_SCRIPTS[script] ?? ''}`)
}

async function keysSandbox (): Promise<{ cwd: string, keyId: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-docs-keys-'))
  const { stdout } = await run(process.execPath, [KEYS_BIN, 'generate', '--json', '--yes', '--description', 'existing key'], { cwd, env: binEnv() })
  const made = JSON.parse(stdout) as { key_id: string, env_line: string, digest: string, created_at: string, expires_at: string | null }
  writeFileSync(join(cwd, '.env'), `GITEA_URL=https://git.example.com\n${made.env_line}\n`, { mode: 0o600 })
  // The same key in a keys file, for the commands that take --keys-file keys.jsonl.
  const entry = { key_id: made.key_id, digest: made.digest, description: 'existing key', created_at: made.created_at, expires_at: made.expires_at }
  writeFileSync(join(cwd, 'keys.jsonl'), `${JSON.stringify(entry)}\n`, { mode: 0o600 })
  return { cwd, keyId: made.key_id }
}

const commands = DOCS.flatMap(file => shellCommands(file, readFileSync(join(ROOT, file), 'utf8')))

t.test('the docs hold shell commands', async t => {
  t.ok(commands.length >= 8, `${commands.length} commands found`)
  t.same(shellCommands('x.md', '```sh docker\ndocker compose up -d\n```\n```sh\n# note\ncurl -s \\\n  http://x\n```\n'), [{ file: 'x.md', line: 'curl -s http://x', block: 2 }], 'the extractor joins lines and skips marked blocks')
})

t.test('every command runs against the demo, or is covered by a named test', async t => {
  // Commands run in a folder whose logs/audit.log is the demo's audit log (the default path).
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-docs-run-'))
  const demo = await startDemo({ port: 0, auditLogPath: join(cwd, 'logs', 'audit.log') })
  t.teardown(async () => { await demo.close() })
  await fetch(`${demo.url}/mcp/tools`, { headers: { authorization: 'Bearer agm_not_a_key_000000000000000000000000000000' } })
  const sandboxes = new Map<string, { cwd: string, keyId: string }>()
  for (const { file, line, block } of commands) {
    const covered = COVERED.find(([pattern]) => pattern.test(line))
    if (covered !== undefined) {
      const [, test, text] = covered
      const path = join(ROOT, test)
      t.ok(existsSync(path) && readFileSync(path, 'utf8').includes(text), `${file}: \`${line}\` is covered by ${test}, which holds ${text}`)
      continue
    }
    if (INSPECTOR_COMMAND.test(line)) {
      const result = await runInspectorLine(line.replaceAll(DEMO_URL, demo.url), { ...process.env, KEY: demo.key })
      t.notOk(result.isError, `${file}: \`${line.slice(0, 90)}\` succeeded`, { result })
      continue
    }
    if (KEYS_COMMAND.test(line)) {
      const sandbox = sandboxes.get(`${file}#${block}`) ?? await keysSandbox()
      sandboxes.set(`${file}#${block}`, sandbox)
      // verify-audit checks the demo's audit log, written (and chained) by the running server.
      const where = line.includes(' verify-audit ') ? cwd : sandbox.cwd
      const command = keysInvocation(line).replace(EXAMPLE_KEY_ID, sandbox.keyId)
      const code = await run('sh', ['-c', command], { cwd: where, env: binEnv(), timeout: 60_000 }).then(() => 0, (error: { code?: number }) => error.code ?? 1)
      // check-age reports findings through its exit code (0-3); everything else must succeed.
      const allowed = /check-age|check-key-age/.test(line) ? [0, 1, 2, 3] : [0]
      t.ok(allowed.includes(code), `${file}: \`${line.slice(0, 90)}\` exited ${code}`)
      continue
    }
    if (/^jq .* logs\/audit\.log( \|.*)?$/.test(line)) {
      const code = await run('sh', ['-c', line.replace(EXAMPLE_KEY_ID, 'ffffffffffff')], { cwd, timeout: 30_000 }).then(() => 0, (error: { code?: number }) => error.code ?? 1)
      t.equal(code, 0, `${file}: \`${line}\` reads the audit log`)
      continue
    }
    if (!line.includes(DEMO_URL) && !/^printf /.test(line)) {
      t.fail(`${file}: \`${line}\` is neither run here nor covered: add it to test/docs/commands.test.ts or mark its block`)
      continue
    }
    // The demo listens on a free port here; the docs use its default, 8080.
    const command = line.replaceAll(DEMO_URL, demo.url)
    const { stdout } = await run('sh', ['-c', command], { cwd, env: { ...process.env, KEY: demo.key }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })
    t.ok(stdout.trim().length > 0, `${file}: \`${line.slice(0, 90)}\` printed something`)
    t.notMatch(stdout, /"error":"(unauthorized|invalid_token|not_found|bad_request)"|"isError":true/, `${file}: \`${line.slice(0, 90)}\` succeeded`)
  }
})
