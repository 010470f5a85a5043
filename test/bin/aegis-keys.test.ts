import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyIdOf, sha256 } from '../../lib/api-keys.js'
import { binEnv, transpiledBin } from '../helpers/transpiled-bin.js'

const CLI = transpiledBin('bin/aegis-keys.ts')
const KEY_FORMAT = /^agm_[A-Za-z0-9_-]{43}$/
const OLD_KEY = 'agm_bin_test_old_key_000000000000000000000000'
const DAY = 86_400_000

interface Result { code: number | null, stdout: string, stderr: string }

/** Runs the built aegis-keys as a child process (no terminal: it asks nothing). */
async function aegisKeys (cwd: string, ...args: string[]): Promise<Result> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: binEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdin.end()
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>(resolve => child.once('close', resolve))
  return { code, stdout, stderr }
}

function tempDir (): string {
  return mkdtempSync(join(tmpdir(), 'aegis-keys-bin-'))
}

function mode (path: string): number {
  return statSync(path).mode & 0o777
}

function fingerprint (dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const info = statSync(join(dir, name))
    out[name] = info.isDirectory() ? 'directory' : `${readFileSync(join(dir, name), 'base64')} ${info.mtimeMs}`
  }
  return out
}

function keyOf (stdout: string): string {
  return /^ {2}(agm_\S+)$/m.exec(stdout)?.[1] ?? ''
}

t.test('generate: a new key each run, in the documented format, metadata 0600 in a 0700 directory', async t => {
  const dir = tempDir()
  const runs = await Promise.all([
    aegisKeys(dir, 'generate', '--json', '--description', 'first', '--expires-in-days', '30'),
    aegisKeys(dir, 'generate', '--description', 'second', '--yes')
  ])
  const [json, text] = runs as [Result, Result]
  t.equal(json.code, 0, json.stderr)
  t.equal(text.code, 0, text.stderr)
  const out = JSON.parse(json.stdout) as Record<string, string>
  t.same(Object.keys(out), ['key', 'key_id', 'digest', 'hint', 'created_at', 'expires_at', 'env_line'])
  t.match(out.key, KEY_FORMAT)
  const other = keyOf(text.stdout)
  t.match(other, KEY_FORMAT)
  t.not(out.key, other, 'two runs never give the same key')
  t.match(text.stdout, `MCP_API_KEYS=sha256:${sha256(other).toString('hex')}`)

  t.equal(mode(join(dir, 'keys')), 0o700)
  for (const key of [out.key ?? '', other]) {
    const path = join(dir, 'keys', `${keyIdOf(key)}.json`)
    t.equal(mode(path), 0o600)
    t.notOk(readFileSync(path, 'utf8').includes(key), 'the metadata never holds the key')
  }
  t.equal(Date.parse(out.expires_at ?? '') - Date.parse(out.created_at ?? ''), 30 * DAY)
})

t.test('rotate then retire, an .env', async t => {
  const dir = tempDir()
  const env = join(dir, '.env')
  const original = `GITEA_URL=https://git.example.com\nMCP_API_KEYS=${OLD_KEY}\nLOG_LEVEL=info\n`
  writeFileSync(env, original)

  const rotated = await aegisKeys(dir, 'rotate', '--grace-days', '7', '--json')
  t.equal(rotated.code, 0, rotated.stderr)
  const out = JSON.parse(rotated.stdout) as { key: string, backup: string }
  t.match(out.backup, /^\.env\.backup-\d{8}T\d{6}Z$/)
  t.equal(mode(join(dir, out.backup)), 0o600)
  t.equal(readFileSync(join(dir, out.backup), 'utf8'), original)
  const during = readFileSync(env, 'utf8')
  t.equal(during, `GITEA_URL=https://git.example.com\nMCP_API_KEYS=${OLD_KEY},sha256:${sha256(out.key).toString('hex')}\nLOG_LEVEL=info\n`, 'the old key is still there during the grace period')
  const graceEnd = JSON.parse(readFileSync(join(dir, 'keys', `${keyIdOf(OLD_KEY)}.json`), 'utf8')) as { expires_at: string }
  t.ok(Math.abs(Date.parse(graceEnd.expires_at) - Date.now() - 7 * DAY) < 60_000, 'its metadata expires after the grace period')

  const retired = await aegisKeys(dir, 'rotate', '--retire', keyIdOf(OLD_KEY))
  t.equal(retired.code, 0, retired.stderr)
  t.equal(readFileSync(env, 'utf8'), `GITEA_URL=https://git.example.com\nMCP_API_KEYS=sha256:${sha256(out.key).toString('hex')}\nLOG_LEVEL=info\n`)
  t.same(readdirSync(join(dir, 'keys')), [`${keyIdOf(out.key)}.json`])
})

t.test('rotate then retire, a keys file; emergency rotation with --now', async t => {
  const dir = tempDir()
  const digest = sha256(OLD_KEY).toString('hex')
  const created = new Date(Date.now() - 60 * DAY).toISOString()
  const expires = new Date(Date.now() + 30 * DAY).toISOString()
  writeFileSync(join(dir, 'keys.jsonl'), JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'laptop', created_at: created, expires_at: expires }) + '\n')

  const rotated = await aegisKeys(dir, 'rotate', '--keys-file', 'keys.jsonl', '--no-metadata', '--json')
  t.equal(rotated.code, 0, rotated.stderr)
  const out = JSON.parse(rotated.stdout) as { key: string, key_id: string, retiring: Array<{ key_id: string, expires_at: string }> }
  const lines = readFileSync(join(dir, 'keys.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, string>)
  t.same(lines.map(l => l.key_id), [keyIdOf(OLD_KEY), out.key_id], 'both keys during the grace period')
  t.equal(lines[0]?.expires_at, out.retiring[0]?.expires_at)
  t.ok(Math.abs(Date.parse(lines[0]?.expires_at ?? '') - Date.now() - 7 * DAY) < 60_000, 'the old one expires in 7 days')

  const emergency = await aegisKeys(dir, 'rotate', '--keys-file', 'keys.jsonl', '--now', '--key', out.key_id, '--no-metadata')
  t.equal(emergency.code, 0, emergency.stderr)
  t.match(emergency.stdout, `${out.key_id}  expired now`)
  const after = readFileSync(join(dir, 'keys.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, string>)
  t.ok(Date.parse(after[1]?.expires_at ?? '') <= Date.now(), 'the compromised key has expired')
  t.equal(after[0]?.expires_at, lines[0]?.expires_at, 'the other key is untouched')

  const retired = await aegisKeys(dir, 'rotate', '--keys-file', 'keys.jsonl', '--retire', out.key_id, '--no-metadata')
  t.equal(retired.code, 0, retired.stderr)
  t.same(readFileSync(join(dir, 'keys.jsonl'), 'utf8').trim().split('\n').map(line => (JSON.parse(line) as { key_id: string }).key_id), [keyIdOf(OLD_KEY), keyIdOf(keyOf(emergency.stdout))])
  t.equal(readdirSync(dir).filter(name => name.startsWith('keys.jsonl.backup-')).length >= 1, true, 'backups were made')
})

t.test('check-age at 30, 10, 5 and -1 days: exit codes 0, 1, 2, 3', async t => {
  const cases: Array<[number, number]> = [[30, 0], [10, 1], [5, 2], [-1, 3]]
  const results = await Promise.all(cases.map(async ([days]) => {
    const dir = tempDir()
    mkdirSync(join(dir, 'keys'))
    writeFileSync(join(dir, 'keys', 'aaaaaaaaaaaa.json'), JSON.stringify({
      key_id: 'aaaaaaaaaaaa',
      description: `expires in ${days} days`,
      created_at: new Date(Date.now() - 60 * DAY).toISOString(),
      expires_at: new Date(Date.now() + days * DAY).toISOString(),
      hint: null
    }))
    return await aegisKeys(dir, 'check-age', ...(days === 5 ? ['--json'] : []))
  }))
  results.forEach((result, index) => t.equal(result.code, cases[index]?.[1], `${cases[index]?.[0]} days`))
  t.match(results[0]?.stdout, /aaaaaaaaaaaa {2}ok/)
  t.match(JSON.parse(results[2]?.stdout ?? ''), { status: 'critical', exit_code: 2, keys: [{ key_id: 'aaaaaaaaaaaa', status: 'critical', age_days: 60, days_left: 5 }] })
  t.match(results[3]?.stdout, /EXPIRED/)
})

t.test('bad input: one line on stderr, a non-zero exit, no file changed', async t => {
  const dir = tempDir()
  const digest = sha256(OLD_KEY).toString('hex')
  const line = JSON.stringify({ key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: '', created_at: null, expires_at: null })
  writeFileSync(join(dir, 'malformed.jsonl'), `${line}\n{oops\n`)
  writeFileSync(join(dir, 'duplicate.jsonl'), `${line}\n${line}\n`)
  writeFileSync(join(dir, 'short.env'), 'MCP_API_KEYS=way-too-short\n')
  writeFileSync(join(dir, '.env'), `MCP_API_KEYS=${OLD_KEY}\n`)
  const before = fingerprint(dir)
  const cases: Array<[string[], number[], RegExp]> = [
    [['rotate', '--keys-file', 'missing.jsonl'], [66], /^aegis-keys rotate: cannot read missing\.jsonl: no such file or directory$/],
    // Node.js itself looks at a script's `--env-file` argument and stops (exit 9) when the file is missing (nodejs/node#54232).
    [['rotate', '--env-file', 'missing.env'], [9, 66], /missing\.env: (not found|no such file or directory)$/],
    [['rotate', '--keys-file', 'malformed.jsonl'], [65], /^aegis-keys rotate: malformed\.jsonl: line 2: is not valid JSON/],
    [['rotate', '--keys-file', 'duplicate.jsonl'], [65], /^aegis-keys rotate: duplicate\.jsonl: line 2: key id [0-9a-f]{12} repeats line 1$/],
    [['rotate', '--env-file', 'short.env'], [65], /^aegis-keys rotate: short\.env line 1: MCP_API_KEYS entry 1: a key must be at least 32 characters \(this one has 13\)$/],
    [['rotate', '--frobnicate'], [64], /^aegis-keys rotate: unknown option --frobnicate \(see aegis-keys rotate --help\)$/]
  ]
  const results = await Promise.all(cases.map(async ([args]) => await aegisKeys(dir, ...args)))
  results.forEach((result, index) => {
    const [args, codes, message] = cases[index] as [string[], number[], RegExp]
    t.ok(codes.includes(result.code ?? -1), `${args.join(' ')}: exit ${String(result.code)}`)
    t.equal(result.stderr.split('\n').length, 2, 'one line')
    t.match(result.stderr.trim(), message)
    t.equal(result.stdout, '')
    t.notOk(result.stderr.includes('way-too-short'), 'never the value')
  })
  t.same(fingerprint(dir), before, 'every file as it was, bytes and modification time')
})
