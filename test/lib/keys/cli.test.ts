import t from 'tap'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { keyHint, keyIdOf, sha256 } from '../../../lib/api-keys.js'
import { runAegisKeys } from '../../../lib/keys/cli.js'
import { addDays } from '../../../lib/keys/dates.js'
import { formatKeysFile, parseKeysFile, toKeyEntry, type KeysFileEntry } from '../../../lib/keys/keys-file.js'
import { formatMetadata, parseMetadata } from '../../../lib/keys/metadata.js'

const NOW = new Date('2026-06-01T12:00:00.000Z')
const OLD_KEY = 'agm_cli_test_old_key_00000000000000000000000'
const OTHER_KEY = 'agm_cli_test_other_key_000000000000000000000'
const KEY_FORMAT = /^agm_[A-Za-z0-9_-]{43}$/

interface Run { code: number, stdout: string, stderr: string }

async function run (argv: string[], cwd: string, options: { answers?: string[], interactive?: boolean, now?: () => Date } = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end((options.answers ?? []).map(answer => `${answer}\n`).join(''))
  const code = await runAegisKeys(argv, {
    stdout: { write: (text: string) => { stdout += text } },
    stderr: { write: (text: string) => { stderr += text } },
    stdin,
    interactive: options.interactive ?? false,
    cwd,
    now: options.now ?? (() => NOW)
  })
  return { code, stdout, stderr }
}

function tempDir (): string {
  return mkdtempSync(join(tmpdir(), 'aegis-cli-'))
}

function mode (path: string): number {
  return statSync(path).mode & 0o777
}

/** Bytes, mode and modification time (to the millisecond) of every file under dir: what "no file changed" compares. */
function snapshot (dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name)
    const info = lstatSync(path)
    if (info.isSymbolicLink()) {
      out[name] = 'link'
      continue
    }
    out[name] = info.isDirectory() ? `directory ${info.mode}` : `${readFileSync(path, 'base64')} ${Math.floor(info.mtimeMs)} ${info.mode}`
  }
  return out
}

function fileEntry (key: string, fields: Partial<KeysFileEntry> = {}): KeysFileEntry {
  const digest = sha256(key).toString('hex')
  return { keyId: digest.slice(0, 12), digest, description: 'laptop', createdAt: addDays(NOW, -80), expiresAt: addDays(NOW, 10), ...fields }
}

function writeMetadataFile (dir: string, keyId: string, expiresAt: Date | null, description = 'laptop'): void {
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 })
  writeFileSync(join(dir, 'keys', `${keyId}.json`), formatMetadata({ keyId, description, createdAt: addDays(NOW, -80), expiresAt, hint: null }))
}

function readMeta (dir: string, keyId: string): ReturnType<typeof parseMetadata> {
  return parseMetadata(readFileSync(join(dir, 'keys', `${keyId}.json`), 'utf8'))
}

t.test('help: every command documents its options and exit codes', async t => {
  const dir = tempDir()
  const general = await run(['--help'], dir)
  t.equal(general.code, 0)
  for (const text of ['generate', 'rotate', 'check-age', '64', '65', '66', '74']) t.match(general.stdout, text)
  const bare = await run([], dir)
  t.equal(bare.code, 64, 'no command is a usage error')
  t.match(bare.stderr, /^Usage: aegis-keys <command>/)
  t.equal((await run(['help'], dir)).code, 0)

  const expected: Record<string, string[]> = {
    generate: ['--description', '--expires-in-days', '--metadata-dir', '--no-metadata', '--keys-file', '--json', '--yes', 'Exit codes'],
    rotate: ['--env-file', '--keys-file', '--grace-days', '--now', '--retire', '--key', '--metadata-dir', '--yes', 'backup-YYYYMMDDTHHMMSSZ', 'Exit codes'],
    'check-age': ['--metadata-dir', '--keys-file', '--warn-days', '--critical-days', '--json', '0    every key is fine', '1    a key expires within the warning days', '2    a key expires within the critical days', '3    a key has expired']
  }
  for (const [command, words] of Object.entries(expected)) {
    for (const flag of ['--help', '-h']) {
      const help = await run([command, flag], dir)
      t.equal(help.code, 0, `${command} ${flag}`)
      t.equal(help.stderr, '')
      for (const word of words) t.ok(help.stdout.includes(word), `${command} --help mentions ${word}`)
    }
  }
  t.same(readdirSync(dir), [], 'help writes nothing')
})

t.test('usage errors: one line, exit 64, never an echoed value', async t => {
  const dir = tempDir()
  const cases: Array<[string[], string]> = [
    [['frobnicate'], 'aegis-keys: unknown command "frobnicate": expected generate, rotate, check-age or verify-audit (see aegis-keys --help)'],
    [[OLD_KEY], 'aegis-keys: unknown command: expected generate, rotate, check-age or verify-audit (see aegis-keys --help)'],
    [['generate', '--frobnicate'], 'aegis-keys generate: unknown option --frobnicate (see aegis-keys generate --help)'],
    [['generate', `--key=${OLD_KEY}`], 'aegis-keys generate: unknown option --key (see aegis-keys generate --help)'],
    [['generate', OLD_KEY], 'aegis-keys generate: unexpected argument (every option starts with --) (see aegis-keys generate --help)'],
    [['generate', '--json=yes'], 'aegis-keys generate: --json takes no value (see aegis-keys generate --help)'],
    [['generate', '--description'], 'aegis-keys generate: --description needs a value (see aegis-keys generate --help)'],
    [['generate', '--expires-in-days', 'soon'], 'aegis-keys generate: --expires-in-days must be a whole number from 0 to 3650 (see aegis-keys generate --help)'],
    [['generate', '--expires-in-days', '9999'], 'aegis-keys generate: --expires-in-days must be a whole number from 0 to 3650 (see aegis-keys generate --help)'],
    [['generate', '--description', 'a\u001b[31mred'], 'aegis-keys generate: --description must be one line of printable text (see aegis-keys generate --help)'],
    [['generate', '--description', 'x'.repeat(201)], 'aegis-keys generate: --description must be at most 200 characters (see aegis-keys generate --help)'],
    [['generate', '--metadata-dir', ' '], 'aegis-keys generate: --metadata-dir needs a value (see aegis-keys generate --help)'],
    [['generate', '--no-metadata', '--metadata-dir', 'k'], 'aegis-keys generate: --no-metadata and --metadata-dir cannot be used together (see aegis-keys generate --help)'],
    [['rotate', '--env-file', '.env', '--keys-file', 'k'], 'aegis-keys rotate: --env-file and --keys-file cannot be used together (see aegis-keys rotate --help)'],
    [['rotate', '--now', '--grace-days', '3'], 'aegis-keys rotate: --now and --grace-days cannot be used together (see aegis-keys rotate --help)'],
    [['rotate', '--retire', 'aaaaaaaaaaaa', '--now'], 'aegis-keys rotate: --retire and --now cannot be used together (see aegis-keys rotate --help)'],
    [['rotate', '--retire', OLD_KEY], 'aegis-keys rotate: --retire takes a key id: the 12 hex digits aegis-keys and the audit log show (never the key itself) (see aegis-keys rotate --help)'],
    [['rotate', '--grace-days', '0'], 'aegis-keys rotate: --grace-days must be a whole number from 1 to 365 (see aegis-keys rotate --help)'],
    [['check-age', '--warn-days', '5', '--critical-days', '6'], 'aegis-keys check-age: --critical-days must not be more than --warn-days (see aegis-keys check-age --help)'],
    [['check-age', '--metadata-dir', 'k', '--keys-file', 'f'], 'aegis-keys check-age: --metadata-dir and --keys-file cannot be used together (see aegis-keys check-age --help)']
  ]
  for (const [argv, message] of cases) {
    const result = await run(argv, dir)
    t.equal(result.code, 64, argv.join(' ').slice(0, 40))
    t.equal(result.stderr, `${message}\n`)
    t.equal(result.stdout, '')
    t.notOk(result.stderr.includes(OLD_KEY.slice(4)), 'no key echoed')
  }
  t.same(readdirSync(dir), [], 'nothing written')
})

t.test('generate --json: exactly the documented fields, metadata 0600 in a 0700 directory, never the key', async t => {
  const dir = tempDir()
  const result = await run(['generate', '--json', '--description', 'ChatGPT connector', '--expires-in-days', '30'], dir)
  t.equal(result.code, 0)
  t.equal(result.stderr, '')
  const out = JSON.parse(result.stdout) as Record<string, string>
  t.same(Object.keys(out), ['key', 'key_id', 'digest', 'hint', 'created_at', 'expires_at', 'env_line'])
  t.match(out.key, KEY_FORMAT)
  const key = out.key as string
  t.same(out, {
    key,
    key_id: keyIdOf(key),
    digest: `sha256:${sha256(key).toString('hex')}`,
    hint: keyHint(key),
    created_at: NOW.toISOString(),
    expires_at: addDays(NOW, 30).toISOString(),
    env_line: `MCP_API_KEYS=sha256:${sha256(key).toString('hex')}`
  })
  const metaPath = join(dir, 'keys', `${keyIdOf(key)}.json`)
  t.equal(mode(join(dir, 'keys')), 0o700)
  t.equal(mode(metaPath), 0o600)
  const text = readFileSync(metaPath, 'utf8')
  t.same(JSON.parse(text), { key_id: keyIdOf(key), description: 'ChatGPT connector', created_at: NOW.toISOString(), expires_at: addDays(NOW, 30).toISOString(), hint: keyHint(key) })
  t.notOk(text.includes(key), 'the metadata never holds the key')
  t.notOk(text.includes(key.slice(8, -4)), 'nor more of it than the hint')

  const again = JSON.parse((await run(['generate', '--json', '--no-metadata', '--expires-in-days', '0'], dir)).stdout) as Record<string, unknown>
  t.not(again.key, key, 'never the same key twice')
  t.equal(again.expires_at, null, '0 days = never expires')
  t.equal(readdirSync(join(dir, 'keys')).length, 1, '--no-metadata writes none')
})

t.test('generate for people: the key once, its .env line, and where the metadata went', async t => {
  const dir = tempDir()
  const result = await run(['generate', '--yes', '--metadata-dir', 'meta/keys'], dir)
  t.equal(result.code, 0)
  const key = /^ {2}(agm_\S+)$/m.exec(result.stdout)?.[1] ?? ''
  t.match(key, KEY_FORMAT)
  t.equal(result.stdout.split(key).length, 2, 'the key is printed once')
  t.match(result.stdout, `MCP_API_KEYS=sha256:${sha256(key).toString('hex')}`)
  t.match(result.stdout, `expires   ${addDays(NOW, 90).toISOString().slice(0, 16).replace('T', ' ')} UTC (in 90 days)`)
  t.match(result.stdout, `Metadata: meta/keys/${keyIdOf(key)}.json (mode 0600)`)
  t.ok(existsSync(join(dir, 'meta', 'keys', `${keyIdOf(key)}.json`)))
  t.equal(mode(join(dir, 'meta')), 0o700, 'parents it makes are private too')
  const never = await run(['generate', '--no-metadata', '--expires-in-days', '0'], dir)
  t.match(never.stdout, /expires {3}never/)
  t.match(never.stdout, 'Metadata: none written')
})

t.test('generate --keys-file: creates the file (0600) or appends to it; an invalid file is left alone', async t => {
  const dir = tempDir()
  const first = JSON.parse((await run(['generate', '--json', '--keys-file', 'keys.jsonl', '--description', 'one'], dir)).stdout) as Record<string, string>
  const path = join(dir, 'keys.jsonl')
  t.equal(mode(path), 0o600)
  writeFileSync(path, readFileSync(path, 'utf8').trimEnd(), { mode: 0o640 }) // no final newline
  const second = await run(['generate', '--keys-file', 'keys.jsonl', '--no-metadata'], dir)
  t.equal(second.code, 0)
  t.match(second.stdout, 'Added to keys.jsonl (its digest only)')
  const { entries, problems } = parseKeysFile(readFileSync(path, 'utf8'))
  t.same(problems, [])
  t.equal(entries.length, 2)
  t.same(entries[0], { keyId: first.key_id, digest: (first.digest ?? '').slice(7), description: 'one', createdAt: NOW, expiresAt: addDays(NOW, 90) })
  t.notOk(readFileSync(path, 'utf8').includes(first.key ?? '-'), 'the keys file never holds a key')

  writeFileSync(path, 'not json\n')
  const before = snapshot(dir)
  const bad = await run(['generate', '--keys-file', 'keys.jsonl'], dir)
  t.equal(bad.code, 65)
  t.equal(bad.stderr, 'aegis-keys generate: keys.jsonl: line 1: is not valid JSON (each line must be one JSON object)\n')
  t.same(snapshot(dir), before, 'no file changed, no metadata written')

  const unwritable = await run(['generate', '--keys-file', 'missing/keys.jsonl'], dir)
  t.equal(unwritable.code, 74)
  t.match(unwritable.stderr, /^aegis-keys generate: cannot write .*missing\/keys\.jsonl: no such file or directory; nothing was changed\n$/)
  t.same(snapshot(dir), before, 'the metadata written first was taken back')
})

t.test('generate on a terminal: a short wizard; Ctrl-D cancels', async t => {
  const dir = tempDir()
  const asked = await run(['generate'], dir, { interactive: true, answers: ['bell\u0007', 'x'.repeat(201), 'my laptop', 'soon', '30', 'maybe', 'n'] })
  t.equal(asked.code, 0)
  t.match(asked.stdout, 'Description (what or who the key is for): ')
  t.match(asked.stdout, 'printable text only, please')
  t.match(asked.stdout, 'at most 200 characters, please')
  t.match(asked.stdout, 'a whole number from 0 to 3650, please')
  t.match(asked.stdout, 'answer y or n')
  t.match(asked.stdout, '(in 30 days)')
  t.notOk(existsSync(join(dir, 'keys')), 'answered no: no metadata')

  const defaults = await run(['generate'], dir, { interactive: true, answers: ['', '', ''] })
  t.equal(defaults.code, 0)
  t.match(defaults.stdout, '(in 90 days)')
  t.equal(readdirSync(join(dir, 'keys')).length, 1)

  const cancelled = await run(['generate'], dir, { interactive: true, answers: ['only a description'] })
  t.equal(cancelled.code, 1)
  t.match(cancelled.stderr, 'cancelled; nothing was changed')
  t.notMatch(cancelled.stdout, /agm_/)
  t.equal(readdirSync(join(dir, 'keys')).length, 1)

  const flagged = await run(['generate', '--yes'], dir, { interactive: true })
  t.equal(flagged.code, 0, 'with a flag it asks nothing')
  t.notMatch(flagged.stdout, /Description/)
})

t.test('rotate an .env: backup, both keys during the grace period, metadata carries the expiry, then retire', async t => {
  const dir = tempDir()
  const env = join(dir, '.env')
  const original = `# production\nGITEA_URL=https://git.example.com\nMCP_API_KEYS=${OLD_KEY} # the laptop\nLOG_LEVEL=info\n`
  writeFileSync(env, original, { mode: 0o600 })
  const oldId = keyIdOf(OLD_KEY)

  const result = await run(['rotate', '--yes', '--json'], dir)
  t.equal(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout) as { key: string, key_id: string, file: string, backup: string, retiring: unknown[] }
  t.match(out.key, KEY_FORMAT)
  t.equal(out.file, '.env')
  t.equal(out.backup, '.env.backup-20260601T120000Z')
  t.same(out.retiring, [{ key_id: oldId, expires_at: addDays(NOW, 7).toISOString(), removed: false }])
  t.equal(readFileSync(join(dir, out.backup), 'utf8'), original, 'the backup holds the file as it was')
  t.equal(mode(join(dir, out.backup)), 0o600)
  t.equal(readFileSync(env, 'utf8'), original.replace(`${OLD_KEY} #`, `${OLD_KEY},sha256:${sha256(out.key).toString('hex')} #`), 'only the MCP_API_KEYS line changed')
  t.equal(mode(env), 0o600)
  t.same(readMeta(dir, oldId), { keyId: oldId, description: '', createdAt: null, expiresAt: addDays(NOW, 7), hint: keyHint(OLD_KEY) }, 'the grace period lives in the old key\'s metadata')
  t.match(readMeta(dir, out.key_id), { description: 'rotated 2026-06-01', expiresAt: addDays(NOW, 90) })

  const people = await run(['rotate', '--yes', '--key', out.key_id, '--description', 'phone', '--grace-days', '2'], join(dir))
  t.equal(people.code, 0, people.stderr)
  t.match(people.stdout, /Backed up \.env to \.env\.backup-20260601T120000Z-2 \(mode 0600\)\./)
  t.match(people.stdout, `${out.key_id}  keeps working until 2026-06-03 12:00 UTC`)
  t.match(people.stdout, 'Restart the server so it reads the new MCP_API_KEYS')
  t.match(people.stdout, `aegis-keys rotate --env-file .env --retire ${out.key_id}`)
  t.same(readMeta(dir, oldId).expiresAt, addDays(NOW, 7), 'a key not named is left alone')

  const retired = await run(['rotate', '--retire', oldId, '--yes'], dir)
  t.equal(retired.code, 0, retired.stderr)
  t.match(retired.stdout, `Retired key ${oldId}: removed from .env.`)
  t.match(retired.stdout, `Deleted its metadata keys/${oldId}.json.`)
  t.match(retired.stdout, 'Restart the server')
  t.notOk(readFileSync(env, 'utf8').includes(OLD_KEY), 'the old key is gone')
  t.notOk(existsSync(join(dir, 'keys', `${oldId}.json`)))
  t.equal(readdirSync(dir).filter(name => name.startsWith('.env.backup-')).length, 3, 'every change made a backup')
})

t.test('emergency rotation of an .env (--now): the old key is removed at once', async t => {
  const dir = tempDir()
  writeFileSync(join(dir, 'prod.env'), `MCP_API_KEYS=${OLD_KEY},${OTHER_KEY}\n`)
  writeMetadataFile(dir, keyIdOf(OLD_KEY), addDays(NOW, 50), 'compromised laptop')
  const result = await run(['rotate', '--env-file', 'prod.env', '--now', '--key', keyIdOf(OLD_KEY)], dir)
  t.equal(result.code, 0, result.stderr)
  const key = /^ {2}(agm_\S+)$/m.exec(result.stdout)?.[1] ?? ''
  t.equal(readFileSync(join(dir, 'prod.env'), 'utf8'), `MCP_API_KEYS=${OTHER_KEY},sha256:${sha256(key).toString('hex')}\n`)
  t.match(result.stdout, `${keyIdOf(OLD_KEY)}  removed from MCP_API_KEYS`)
  t.match(result.stdout, 'Restart the server NOW')
  t.same(readMeta(dir, keyIdOf(OLD_KEY)).expiresAt, NOW, 'its metadata says it ended now')
  t.match(readMeta(dir, keyIdOf(key)), { description: 'compromised laptop', hint: keyHint(key) }, 'the successor inherits the description')

  // Retiring a key already gone from the file tidies its metadata.
  const tidy = await run(['rotate', '--env-file', 'prod.env', '--retire', keyIdOf(OLD_KEY)], dir)
  t.equal(tidy.code, 0)
  t.match(tidy.stdout, `Key ${keyIdOf(OLD_KEY)} was no longer in prod.env.`)
  t.notOk(existsSync(join(dir, 'keys', `${keyIdOf(OLD_KEY)}.json`)))
  t.equal(readdirSync(dir).filter(name => name.includes('backup')).length, 1, 'no backup when the file is not touched')
})

t.test('rotate a keys file: the server itself enforces the grace period; --now expires at once', async t => {
  const dir = tempDir()
  const path = join(dir, 'keys.jsonl')
  const expired = fileEntry(OTHER_KEY, { expiresAt: addDays(NOW, -3) })
  writeFileSync(path, formatKeysFile([fileEntry(OLD_KEY), expired]), { mode: 0o640 })
  writeMetadataFile(dir, keyIdOf(OLD_KEY), addDays(NOW, 10))

  const result = await run(['rotate', '--keys-file', 'keys.jsonl', '--grace-days', '3'], dir)
  t.equal(result.code, 0, result.stderr)
  t.match(result.stdout, 'keys.jsonl: the new key\'s entry was added.')
  t.match(result.stdout, 'Nothing to restart')
  const key = /^ {2}(agm_\S+)$/m.exec(result.stdout)?.[1] ?? ''
  const { entries } = parseKeysFile(readFileSync(path, 'utf8'))
  t.same(entries.map(e => [e.keyId, e.expiresAt?.toISOString()]), [
    [keyIdOf(OLD_KEY), addDays(NOW, 3).toISOString()],
    [expired.keyId, addDays(NOW, -3).toISOString()],
    [keyIdOf(key), addDays(NOW, 90).toISOString()]
  ], 'the old key expires after the grace period; the expired one is untouched; the new one is added')
  t.equal(entries[2]?.description, 'laptop', 'the successor inherits the description')
  t.equal(mode(path), 0o640, 'the file keeps its mode')
  t.same(readMeta(dir, keyIdOf(OLD_KEY)).expiresAt, addDays(NOW, 3), 'existing metadata follows')
  t.notOk(existsSync(join(dir, 'keys', `${expired.keyId}.json`)), 'no metadata invented for a keys-file key')

  const now = await run(['rotate', '--keys-file', 'keys.jsonl', '--now', '--json'], dir)
  t.equal(now.code, 0)
  const out = JSON.parse(now.stdout) as { retiring: Array<{ key_id: string, expires_at: string }>, key_id: string }
  t.same(out.retiring.map(r => r.expires_at).sort(), [NOW.toISOString(), NOW.toISOString()], 'both current keys expire now')
  t.equal(parseKeysFile(readFileSync(path, 'utf8')).entries.length, 4)

  const retired = await run(['rotate', '--keys-file', 'keys.jsonl', '--retire', expired.keyId, '--json'], dir)
  t.equal(retired.code, 0)
  t.match(JSON.parse(retired.stdout), { retired: expired.keyId, file: 'keys.jsonl', backup: /^keys\.jsonl\.backup-20260601T120000Z-\d$/, removed_from_file: true, metadata_removed: false })
  t.same(parseKeysFile(readFileSync(path, 'utf8')).entries.map(e => e.keyId).includes(expired.keyId), false)
  const people = await run(['rotate', '--keys-file', 'keys.jsonl', '--retire', out.key_id], dir)
  t.match(people.stdout, 'A running server stops accepting it as soon as it re-reads the file')

  const empty = tempDir()
  writeFileSync(join(empty, 'keys.jsonl'), formatKeysFile([expired]))
  const fresh = await run(['rotate', '--keys-file', 'keys.jsonl', '--no-metadata'], empty)
  t.equal(fresh.code, 0)
  t.match(fresh.stdout, 'No current key was found to replace; the new key was added.')
})

t.test('rotate on a terminal asks for the grace period and a confirmation', async t => {
  const dir = tempDir()
  writeFileSync(join(dir, '.env'), `MCP_API_KEYS=${OLD_KEY}\n`)
  const before = snapshot(dir)
  const no = await run(['rotate'], dir, { interactive: true, answers: ['', '', ''] })
  t.equal(no.code, 1, 'the default answer is no')
  t.match(no.stdout, 'Back up .env, add a new key and let the old ones expire in 7 days? [y/N]: ')
  t.same(snapshot(dir), before, 'nothing changed')
  t.equal((await run(['rotate'], dir, { interactive: true, answers: [] })).code, 1, 'Ctrl-D cancels')
  t.equal((await run(['rotate'], dir, { interactive: true, answers: ['3'] })).code, 1, 'Ctrl-D later cancels too')

  const yes = await run(['rotate'], dir, { interactive: true, answers: ['3', 'tablet', 'y'] })
  t.equal(yes.code, 0, yes.stderr)
  t.match(yes.stdout, 'keeps working until 2026-06-04 12:00 UTC')
  t.match(readMeta(dir, keyIdOf(/^ {2}(agm_\S+)$/m.exec(yes.stdout)?.[1] ?? '')), { description: 'tablet' })
})

t.test('bad input: a clear one-line error, a non-zero exit, and no file changed', async t => {
  const dir = tempDir()
  const good = formatKeysFile([fileEntry(OLD_KEY)])
  writeFileSync(join(dir, 'malformed.jsonl'), `${good}{"key_id": oops}\n`)
  writeFileSync(join(dir, 'duplicate.jsonl'), good + good)
  writeFileSync(join(dir, 'duplicate.env'), `MCP_API_KEYS=${OLD_KEY},${OLD_KEY}\n`)
  writeFileSync(join(dir, 'short.env'), 'A=1\nMCP_API_KEYS=my-short-secret\n')
  writeFileSync(join(dir, 'twice.env'), `MCP_API_KEYS=${OLD_KEY}\nMCP_API_KEYS=${OTHER_KEY}\n`)
  writeFileSync(join(dir, 'only.env'), `MCP_API_KEYS=${OLD_KEY}\n`)
  writeFileSync(join(dir, 'empty.jsonl'), '\n')
  mkdirSync(join(dir, 'keys'))
  writeFileSync(join(dir, 'keys', `${keyIdOf(OLD_KEY)}.json`), '{"key_id":"nothex"}')
  const before = snapshot(dir)

  const cases: Array<[string[], number, string]> = [
    [['rotate', '--env-file', 'missing.env'], 66, 'aegis-keys rotate: cannot read missing.env: no such file or directory'],
    [['rotate', '--keys-file', 'keys'], 66, 'aegis-keys rotate: cannot read keys: is a directory, not a file'],
    [['rotate', '--keys-file', 'malformed.jsonl'], 65, 'aegis-keys rotate: malformed.jsonl: line 2: is not valid JSON (each line must be one JSON object)'],
    [['rotate', '--keys-file', 'duplicate.jsonl', '--now'], 65, `aegis-keys rotate: duplicate.jsonl: line 2: key id ${keyIdOf(OLD_KEY)} repeats line 1`],
    [['rotate', '--env-file', 'duplicate.env', '--no-metadata'], 65, `aegis-keys rotate: duplicate.env line 1: MCP_API_KEYS entry 2 repeats entry 1 (key id ${keyIdOf(OLD_KEY)})`],
    [['rotate', '--env-file', 'short.env'], 65, 'aegis-keys rotate: short.env line 2: MCP_API_KEYS entry 1: a key must be at least 32 characters (this one has 15)'],
    [['rotate', '--env-file', 'twice.env'], 65, 'aegis-keys rotate: twice.env: MCP_API_KEYS is set on line 1 and again on line 2; keep one'],
    [['rotate', '--env-file', 'only.env'], 65, `aegis-keys rotate: ${join(dir, 'keys', keyIdOf(OLD_KEY))}.json: "key_id" must be 12 lowercase hex digits`],
    [['rotate', '--env-file', 'only.env', '--no-metadata', '--retire', keyIdOf(OLD_KEY)], 65, `aegis-keys rotate: key ${keyIdOf(OLD_KEY)} is the only key in only.env; add its successor first (aegis-keys rotate)`],
    [['rotate', '--env-file', 'only.env', '--retire', 'aaaaaaaaaaaa'], 65, 'aegis-keys rotate: key id aaaaaaaaaaaa is not in only.env and has no metadata in keys'],
    [['rotate', '--env-file', 'only.env', '--no-metadata', '--retire', 'aaaaaaaaaaaa'], 65, 'aegis-keys rotate: key id aaaaaaaaaaaa is not in only.env'],
    [['rotate', '--env-file', 'only.env', '--no-metadata', '--key', 'aaaaaaaaaaaa'], 65, 'aegis-keys rotate: key id aaaaaaaaaaaa is not in the file'],
    [['rotate', '--keys-file', 'duplicate.jsonl', '--retire', keyIdOf(OLD_KEY)], 65, `aegis-keys rotate: duplicate.jsonl: line 2: key id ${keyIdOf(OLD_KEY)} repeats line 1`],
    [['rotate', '--keys-file', 'missing.jsonl', '--retire', keyIdOf(OLD_KEY)], 66, 'aegis-keys rotate: cannot read missing.jsonl: no such file or directory'],
    [['check-age', '--keys-file', 'malformed.jsonl'], 65, 'aegis-keys check-age: malformed.jsonl: line 2: is not valid JSON (each line must be one JSON object)'],
    [['check-age'], 65, `aegis-keys check-age: ${join(dir, 'keys', keyIdOf(OLD_KEY))}.json: "key_id" must be 12 lowercase hex digits`],
    [['check-age', '--metadata-dir', 'nowhere'], 66, `aegis-keys check-age: cannot read the metadata directory ${join(dir, 'nowhere')}: no such file or directory`],
    [['check-age', '--keys-file', 'empty.jsonl'], 65, 'aegis-keys check-age: no key found in empty.jsonl']
  ]
  for (const [argv, code, message] of cases) {
    const result = await run(argv, dir)
    t.equal(result.code, code, argv.join(' '))
    t.equal(result.stderr, `${message}\n`)
    t.equal(result.stdout, '')
    t.notOk(result.stderr.includes('my-short-secret') || result.stderr.includes(OLD_KEY), 'no key echoed')
  }
  t.same(snapshot(dir), before, 'no file changed')
})

t.test('a file that cannot be written is reported (74) and every change undone', async t => {
  const dir = tempDir()
  writeFileSync(join(dir, '.env'), `MCP_API_KEYS=${OLD_KEY}\n`)
  // A dangling link where the metadata directory should be: reading finds no metadata, making the directory fails.
  symlinkSync(join(dir, 'nowhere', 'deeper'), join(dir, 'keys'))
  const before = snapshot(dir)
  const result = await run(['rotate', '--yes'], dir)
  t.equal(result.code, 74)
  t.match(result.stderr, /^aegis-keys rotate: cannot write .*keys: (already exists|no such file or directory); nothing was changed\n$/)
  t.same(snapshot(dir), before, 'the .env and its backup were taken back')
})

t.test('an unexpected failure is one line with exit 70', async t => {
  const result = await run(['generate', '--no-metadata'], tempDir(), { now: () => { throw new Error('clock\nbroken') } })
  t.equal(result.code, 70)
  t.equal(result.stderr, 'aegis-keys generate: unexpected error: clock broken\n')
})

t.test('check-age: exit code and report from metadata or a keys file', async t => {
  const expected: Array<[number, number, string]> = [[30, 0, 'ok'], [10, 1, 'WARNING'], [5, 2, 'CRITICAL'], [-1, 3, 'EXPIRED']]
  for (const [days, code, word] of expected) {
    const dir = tempDir()
    writeMetadataFile(dir, 'aaaaaaaaaaaa', addDays(NOW, days), 'laptop \u001b[2J')
    const result = await run(['check-age'], dir)
    t.equal(result.code, code, `${days} days`)
    t.match(result.stdout, new RegExp(`aaaaaaaaaaaa  ${word} +80d`))
    t.notOk(result.stdout.includes('\u001b'), 'no terminal escapes from a file')
  }
  const dir = tempDir()
  writeMetadataFile(dir, 'aaaaaaaaaaaa', addDays(NOW, 12))
  writeMetadataFile(dir, 'bbbbbbbbbbbb', null)
  writeFileSync(join(dir, 'keys', 'README.txt'), 'ignored')
  const json = await run(['check-age', '--json', '--warn-days', '30', '--critical-days', '12', '--yes'], dir)
  t.equal(json.code, 2)
  t.same(JSON.parse(json.stdout), {
    checked_at: NOW.toISOString(),
    status: 'critical',
    exit_code: 2,
    warn_days: 30,
    critical_days: 12,
    keys: [
      { key_id: 'aaaaaaaaaaaa', description: 'laptop', created_at: addDays(NOW, -80).toISOString(), expires_at: addDays(NOW, 12).toISOString(), age_days: 80, days_left: 12, status: 'critical', repos: null, toolsets: null },
      { key_id: 'bbbbbbbbbbbb', description: 'laptop', created_at: addDays(NOW, -80).toISOString(), expires_at: null, age_days: 80, days_left: null, status: 'ok', repos: null, toolsets: null }
    ]
  })
  const text = await run(['check-age'], dir)
  t.match(text.stdout, /bbbbbbbbbbbb {2}ok {8}80d {6}never {2}laptop/)
  t.match(text.stdout, 'A key expires within 14 days')

  writeFileSync(join(dir, 'keys.jsonl'), formatKeysFile([fileEntry(OLD_KEY, { expiresAt: addDays(NOW, -2), createdAt: null, description: '' })]))
  const fromFile = await run(['check-age', '--keys-file', 'keys.jsonl'], dir)
  t.equal(fromFile.code, 3)
  t.match(fromFile.stdout, `${keyIdOf(OLD_KEY)}  EXPIRED   ?        `)
  t.match(fromFile.stdout, '(expired 2d ago)')
  t.match(fromFile.stdout, 'A key has expired')

  writeFileSync(join(dir, 'today.jsonl'), formatKeysFile([fileEntry(OLD_KEY, { expiresAt: new Date(NOW.getTime() - 60_000) }), fileEntry(OTHER_KEY, { expiresAt: new Date(NOW.getTime() + 60_000) })]))
  const today = await run(['check-age', '--keys-file', 'today.jsonl'], dir)
  t.match(today.stdout, '(expired today)')
  t.match(today.stdout, '(today)')
})

t.test('generate --repos --toolsets: the scope goes into the keys file entry and the metadata, checked as the server checks it', async t => {
  const dir = tempDir()
  const result = await run(['generate', '--keys-file', 'keys.jsonl', '--repos', 'acme/platform, acme/*', '--toolsets', 'Issues,pulls', '--description', 'CI bot', '--json'], dir)
  t.equal(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout) as Record<string, unknown>
  t.same(out.repos, ['acme/platform', 'acme/*'])
  t.same(out.toolsets, ['issues', 'pulls'])
  const { entries, problems } = parseKeysFile(readFileSync(join(dir, 'keys.jsonl'), 'utf8'))
  t.same(problems, [])
  t.match(entries[0], { keyId: out.key_id, repos: ['acme/platform', 'acme/*'], toolsets: ['issues', 'pulls'] })
  const served = toKeyEntry(entries[0] as KeysFileEntry)
  t.equal(served.scope?.repos?.allows('acme', 'website'), true)
  t.equal(served.scope?.repos?.allows('globex', 'plans'), false)
  t.same(served.scope?.toolsets, ['core', 'issues', 'pulls'])
  t.match(readMeta(dir, String(out.key_id)), { repos: ['acme/platform', 'acme/*'], toolsets: ['issues', 'pulls'] })

  const people = await run(['generate', '--keys-file', 'keys.jsonl', '--repos', 'acme/handbook'], dir)
  t.equal(people.code, 0)
  t.match(people.stdout, /^ {2}scope {5}repos acme\/handbook$/m, 'the printout names the scope')
  const plain = await run(['generate', '--keys-file', 'keys.jsonl', '--json'], dir)
  t.notOk('repos' in (JSON.parse(plain.stdout) as object), 'an unscoped key has no scope fields')
  t.equal(parseKeysFile(readFileSync(join(dir, 'keys.jsonl'), 'utf8')).entries.at(-1)?.repos, undefined)
})

t.test('--repos and --toolsets: bad values and an .env are usage errors that name no value and change no file', async t => {
  const dir = tempDir()
  writeFileSync(join(dir, '.env'), `MCP_API_KEYS=${OLD_KEY}\n`)
  writeFileSync(join(dir, 'keys.jsonl'), formatKeysFile([fileEntry(OLD_KEY)]))
  const before = snapshot(dir)
  const cases: Array<[string[], RegExp]> = [
    [['generate', '--repos', 'acme/platform'], /--repos and --toolsets need --keys-file/],
    [['generate', '--keys-file', 'keys.jsonl', '--repos', `acme/platform,${OTHER_KEY}`], /--repos entry 2 is not owner\/repo or owner\/\*/],
    [['generate', '--keys-file', 'keys.jsonl', '--repos', ','], /--repos must name at least one/],
    [['generate', '--keys-file', 'keys.jsonl', '--toolsets', `issues,${OTHER_KEY}`], /--toolsets entry 2 is not a toolset \(known: core, repos/],
    [['rotate', '--toolsets', 'issues'], /--repos and --toolsets need --keys-file/],
    [['rotate', '--keys-file', 'keys.jsonl', '--retire', keyIdOf(OLD_KEY), '--repos', 'acme/*'], /--retire and --repos cannot be used together/]
  ]
  for (const [argv, message] of cases) {
    const result = await run(argv, dir)
    t.equal(result.code, 64, argv.join(' '))
    t.match(result.stderr, message)
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line')
    t.notOk(result.stderr.includes(OTHER_KEY), 'never the value')
  }
  t.same(snapshot(dir), before, 'no file changed')
})

t.test('rotate carries the scope to the successor unless told otherwise; keys of different scopes rotate one at a time', async t => {
  const dir = tempDir()
  const path = join(dir, 'keys.jsonl')
  writeFileSync(path, formatKeysFile([fileEntry(OLD_KEY, { repos: ['acme/platform'], toolsets: ['issues'] })]))
  const carried = await run(['rotate', '--keys-file', 'keys.jsonl', '--json'], dir)
  t.equal(carried.code, 0, carried.stderr)
  const first = JSON.parse(carried.stdout) as Record<string, unknown>
  t.same([first.repos, first.toolsets], [['acme/platform'], ['issues']])
  let entries = parseKeysFile(readFileSync(path, 'utf8')).entries
  t.match(entries.at(-1), { keyId: first.key_id, repos: ['acme/platform'], toolsets: ['issues'] }, 'the successor has the old key\'s scope')
  t.match(entries[0], { repos: ['acme/platform'], toolsets: ['issues'] }, 'the old key keeps its own until it expires')
  t.match(readMeta(dir, String(first.key_id)), { repos: ['acme/platform'], toolsets: ['issues'] }, 'and so does the successor\'s metadata')

  const narrowed = await run(['rotate', '--keys-file', 'keys.jsonl', '--key', String(first.key_id), '--repos', 'acme/handbook', '--json'], dir)
  t.equal(narrowed.code, 0, narrowed.stderr)
  const second = JSON.parse(narrowed.stdout) as Record<string, unknown>
  entries = parseKeysFile(readFileSync(path, 'utf8')).entries
  t.match(entries.at(-1), { keyId: second.key_id, repos: ['acme/handbook'], toolsets: ['issues'] }, '--repos replaces the repositories; the toolsets carry over')

  // Two current keys, two scopes: one successor for both would widen one of them.
  writeFileSync(path, formatKeysFile([fileEntry(OLD_KEY, { repos: ['acme/platform'] }), fileEntry(OTHER_KEY)]))
  const before = snapshot(dir)
  const mixed = await run(['rotate', '--keys-file', 'keys.jsonl'], dir)
  t.equal(mixed.code, 65)
  t.match(mixed.stderr, 'the keys being replaced have different repos: rotate them one at a time (--key KEY_ID), or give --repos for the new key')
  t.same(snapshot(dir), before, 'no file changed')
  const one = await run(['rotate', '--keys-file', 'keys.jsonl', '--key', keyIdOf(OTHER_KEY), '--json'], dir)
  t.equal(one.code, 0)
  t.notOk('repos' in (JSON.parse(one.stdout) as object), 'the unscoped key\'s successor is unscoped')
})

t.test('check-age shows each key\'s scope: --json in full, the report briefly', async t => {
  const dir = tempDir()
  writeFileSync(join(dir, 'keys.jsonl'), formatKeysFile([
    fileEntry(OLD_KEY, { repos: ['acme/platform', 'acme/handbook', 'globex/*', 'initech/web'], toolsets: ['issues', 'pulls'] }),
    fileEntry(OTHER_KEY, { expiresAt: null })
  ]))
  const json = await run(['check-age', '--keys-file', 'keys.jsonl', '--json'], dir)
  const keys = (JSON.parse(json.stdout) as { keys: Array<Record<string, unknown>> }).keys
  t.same(keys.map(key => [key.key_id, key.repos, key.toolsets]), [
    [keyIdOf(OLD_KEY), ['acme/platform', 'acme/handbook', 'globex/*', 'initech/web'], ['issues', 'pulls']],
    [keyIdOf(OTHER_KEY), null, null]
  ])
  const text = await run(['check-age', '--keys-file', 'keys.jsonl'], dir)
  t.match(text.stdout, `${keyIdOf(OLD_KEY)}  WARNING   80d      2026-06-11 12:00 UTC (in 10d)  laptop  [repos acme/platform, acme/handbook, +2 more; toolsets issues, pulls]`)
  t.match(text.stdout, new RegExp(`${keyIdOf(OTHER_KEY)} .*never {2}laptop\\n`), 'an unscoped key shows none')

  mkdirSync(join(dir, 'keys'), { mode: 0o700 })
  writeFileSync(join(dir, 'keys', 'aaaaaaaaaaaa.json'), formatMetadata({ keyId: 'aaaaaaaaaaaa', description: 'ide', createdAt: NOW, expiresAt: null, hint: null, toolsets: ['code'] }))
  const meta = await run(['check-age', '--json'], dir)
  t.same((JSON.parse(meta.stdout) as { keys: Array<Record<string, unknown>> }).keys.map(key => [key.repos, key.toolsets]), [[null, ['code']]], 'from metadata too')
})
