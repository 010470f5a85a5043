import t from 'tap'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyIdOf, parseKeyEntry, sha256 } from '../../../lib/api-keys.js'
import { TOOLSET_NAMES } from '../../../lib/tools/toolsets.js'
import {
  combineKeys, formatKeysFile, formatKeysFileLine, KeysFileError, MAX_KEYS_FILE_BYTES, parseKeysFile,
  readKeysFile, readKeysFileSync, toKeyEntry, type KeysFileEntry
} from '../../../lib/keys/keys-file.js'

const KEY_A = 'agm_keys_file_test_key_a_000000000000000000000'
const KEY_B = 'agm_keys_file_test_key_b_111111111111111111111'

function entryOf (key: string, fields: Partial<KeysFileEntry> = {}): KeysFileEntry {
  const digest = sha256(key).toString('hex')
  return { keyId: digest.slice(0, 12), digest, description: 'a test key', createdAt: new Date('2026-01-01T00:00:00Z'), expiresAt: new Date('2026-04-01T00:00:00Z'), ...fields }
}

function line (fields: Record<string, unknown>): string {
  return JSON.stringify(fields)
}

t.test('a written file reads back the same, fields in the documented order', async t => {
  const entries = [entryOf(KEY_A), entryOf(KEY_B, { expiresAt: null, createdAt: null, description: '' })]
  const text = formatKeysFile(entries)
  t.same(Object.keys(JSON.parse(text.split('\n')[0] ?? '') as object), ['key_id', 'digest', 'description', 'created_at', 'expires_at'])
  t.match(text, /^\{"key_id":"[0-9a-f]{12}","digest":"sha256:[0-9a-f]{64}","description":"a test key","created_at":"2026-01-01T00:00:00.000Z","expires_at":"2026-04-01T00:00:00.000Z"\}\n/)
  t.equal(text.split('\n').length, 3, 'one line each, newline-terminated')
  const parsed = parseKeysFile(text)
  t.same(parsed.problems, [])
  t.same(parsed.entries, entries)
  t.notOk(text.includes(KEY_A), 'never the key')
})

t.test('blank lines, CRLF endings, upper-case hex and date-only values are accepted', async t => {
  const digest = sha256(KEY_A).toString('hex')
  const text = `\r\n${line({ key_id: digest.slice(0, 12), digest: `sha256:${digest.toUpperCase()}`, description: 'x', created_at: '2026-01-01', expires_at: '2026-02-01T10:00:00+02:00' })}\r\n\n`
  const { entries, problems } = parseKeysFile(text)
  t.same(problems, [])
  t.equal(entries[0]?.digest, digest, 'the digest is kept in lower case')
  t.equal(entries[0]?.createdAt?.toISOString(), '2026-01-01T00:00:00.000Z')
  t.equal(entries[0]?.expiresAt?.toISOString(), '2026-02-01T08:00:00.000Z')
})

t.test('each problem names its line, never a value but a key id', async t => {
  const good = JSON.parse(formatKeysFileLine(entryOf(KEY_A))) as Record<string, unknown>
  const digestB = sha256(KEY_B).toString('hex')
  const lines = [
    line(good),
    `{"key": "${KEY_B}"`,
    line({ ...good }),
    '[1,2]',
    line({ ...good, key_id: digestB.slice(0, 12), digest: `sha256:${digestB}`, key: KEY_B }),
    line({ key_id: 'ABC', digest: 'sha256:1234', description: 7, created_at: 'yesterday', expires_at: 5 }),
    line({ key_id: digestB.slice(0, 12) }),
    line({ ...good, key_id: '0123456789ab', digest: `sha256:${digestB}` }),
    line({ ...good, key_id: digestB.slice(0, 12), digest: `sha256:${digestB}`, color: 'red', [KEY_A]: 1 }),
    line({ ...good, key_id: digestB.slice(0, 12), digest: `sha256:${digestB}`, description: 'x'.repeat(501) })
  ]
  const { entries, problems } = parseKeysFile(lines.join('\n'))
  t.equal(entries.length, 1)
  t.same(problems, [
    'line 2: is not valid JSON (each line must be one JSON object)',
    `line 3: key id ${keyIdOf(KEY_A)} repeats line 1`,
    'line 4: must be a JSON object',
    'line 5: has a "key" property: a keys file holds digests only ("digest": "sha256:<64 hex>"), never a key',
    'line 6: "digest" must be "sha256:" followed by 64 hex digits',
    'line 6: "key_id" must be 12 lowercase hex digits',
    'line 6: "description" must be a string',
    'line 6: "created_at" must be an ISO 8601 date (e.g. 2026-05-01T00:00:00Z) or null',
    'line 6: "expires_at" must be an ISO 8601 date (e.g. 2026-05-01T00:00:00Z) or null',
    'line 7: "digest" is missing',
    'line 7: "description" is missing',
    'line 7: "created_at" is missing',
    'line 7: "expires_at" is missing',
    'line 8: "key_id" 0123456789ab is not the first 12 hex digits of the digest',
    'line 9: unknown property "color"',
    'line 9: has an unknown property',
    'line 10: "description" must be at most 500 characters'
  ])
  for (const problem of problems) {
    t.notOk(problem.includes(KEY_A) || problem.includes(KEY_B) || problem.includes(KEY_B.slice(4, 20)), 'no key in a problem')
  }
})

t.test('entries become keyring entries of source file, and MCP_API_KEYS may not repeat one', async t => {
  const entry = toKeyEntry(entryOf(KEY_A))
  t.equal(entry.keyId, keyIdOf(KEY_A))
  t.ok(entry.digest.equals(sha256(KEY_A)))
  t.same({ source: entry.source, description: entry.description, expiresAt: entry.expiresAt }, { source: 'file', description: 'a test key', expiresAt: new Date('2026-04-01T00:00:00Z') })

  const env = [parseKeyEntry(KEY_B)]
  t.same(combineKeys(env, [entryOf(KEY_A)]).map(k => [k.keyId, k.source]), [[keyIdOf(KEY_B), 'env'], [keyIdOf(KEY_A), 'file']])
  const error = t.throws(() => combineKeys(env, [entryOf(KEY_B)])) as KeysFileError
  t.same(error.problems, [`key id ${keyIdOf(KEY_B)} is in MCP_API_KEYS too; keep it in one place`])
  t.equal(error.unreadable, false)
})

t.test('reading: missing, a directory, unreadable, too large, invalid, valid', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-keysfile-'))
  const good = join(dir, 'keys.jsonl')
  writeFileSync(good, formatKeysFile([entryOf(KEY_A)]))
  t.equal(readKeysFileSync(good).entries[0]?.keyId, keyIdOf(KEY_A))
  t.equal((await readKeysFile(good)).entries.length, 1)

  const expectError = async (path: string, problems: string[], unreadable: boolean): Promise<void> => {
    for (const read of [async () => readKeysFileSync(path), async () => await readKeysFile(path)]) {
      const error = await read().then(() => null, (e: unknown) => e)
      t.type(error, KeysFileError)
      t.same((error as KeysFileError).problems, problems)
      t.equal((error as KeysFileError).unreadable, unreadable)
    }
  }
  await expectError(join(dir, 'missing'), ['no such file'], true)
  await expectError(dir, ['is a directory'], true)
  const big = join(dir, 'big')
  writeFileSync(big, '\n'.repeat(MAX_KEYS_FILE_BYTES + 1))
  await expectError(big, [`is larger than ${MAX_KEYS_FILE_BYTES} bytes`], false)
  const bad = join(dir, 'bad')
  writeFileSync(bad, 'nonsense\n')
  await expectError(bad, ['line 1: is not valid JSON (each line must be one JSON object)'], false)
  await expectError(join(good, 'child'), ['cannot be read (ENOTDIR)'], true)
})

t.test('repos and toolsets narrow a key: read with the REPO_ALLOWLIST and MCP_TOOLSETS parsers, written back only when set', async t => {
  const scoped = entryOf(KEY_A, { repos: ['acme/platform', 'Globex/*'], toolsets: ['issues', 'all'] })
  const text = formatKeysFile([scoped, entryOf(KEY_B)])
  const [first, second] = text.split('\n').map(part => part === '' ? {} : JSON.parse(part) as Record<string, unknown>)
  t.same(Object.keys(first ?? {}), ['key_id', 'digest', 'description', 'created_at', 'expires_at', 'repos', 'toolsets'])
  t.same(Object.keys(second ?? {}), ['key_id', 'digest', 'description', 'created_at', 'expires_at'], 'a key without a scope has no such fields')
  const parsed = parseKeysFile(text)
  t.same(parsed.problems, [])
  t.same(parsed.entries, [scoped, entryOf(KEY_B)])

  const key = toKeyEntry(scoped)
  t.same(key.scope?.repos?.patterns, ['acme/platform', 'Globex/*'])
  t.equal(key.scope?.repos?.allows('ACME', 'platform'), true, 'case-insensitive, as REPO_ALLOWLIST')
  t.equal(key.scope?.repos?.allows('acme', 'website'), false)
  t.equal(key.scope?.repos?.allows('globex', 'anything'), true)
  t.same(key.scope?.toolsets, TOOLSET_NAMES, '"all" is every toolset')
  t.same(toKeyEntry(entryOf(KEY_B, { toolsets: ['ISSUES'] })).scope, { repos: null, toolsets: ['core', 'issues'] }, 'names in any case; core always')
  t.equal(toKeyEntry(entryOf(KEY_B)).scope, undefined, 'no fields: no narrowing')
})

t.test('a bad scope is a problem on its line, naming the entry, never its text', async t => {
  const digest = sha256(KEY_A).toString('hex')
  const base = { key_id: digest.slice(0, 12), digest: `sha256:${digest}`, description: 'x', created_at: null, expires_at: null }
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ repos: 'acme/platform' }, '"repos" must be a list of strings'],
    [{ repos: [] }, '"repos" must name at least one (leave it out for no narrowing)'],
    [{ repos: ['acme/platform', 'acme'] }, '"repos" entry 2 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")'],
    [{ repos: ['acme/a,acme/b'] }, '"repos" entry 1 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")'],
    [{ repos: ['*/*'] }, '"repos" entry 1 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")'],
    [{ repos: [42] }, '"repos" entry 1 must be a string'],
    [{ toolsets: ['issues', KEY_B] }, '"toolsets" entry 2 is not a toolset (known: core, repos, code, history, issues, pulls, releases, wiki, milestones, actions, or all)'],
    [{ toolsets: [] }, '"toolsets" must name at least one (leave it out for no narrowing)'],
    [{ toolsets: 'issues' }, '"toolsets" must be a list of strings']
  ]
  for (const [fields, message] of cases) {
    const { entries, problems } = parseKeysFile(`\n${line({ ...base, ...fields })}\n`)
    t.same(problems, [`line 2: ${message}`], JSON.stringify(fields).slice(0, 60))
    t.same(entries, [], 'the entry is not taken')
    t.notOk(problems.join('').includes(KEY_B), 'a pasted key is never repeated')
  }
})
