import t from 'tap'
import { keyIdOf, sha256 } from '../../../lib/api-keys.js'
import { addDays } from '../../../lib/keys/dates.js'
import { CliError } from '../../../lib/keys/errors.js'
import { parseEnvEntries, retiringExpiry, rotationTargets, withoutKey } from '../../../lib/keys/rotation.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const OPTIONS = { now: NOW, graceDays: 7, immediate: false, only: null }
const KEYS = [
  { keyId: 'aaaaaaaaaaaa', expiresAt: null },
  { keyId: 'bbbbbbbbbbbb', expiresAt: addDays(NOW, 30) },
  { keyId: 'cccccccccccc', expiresAt: addDays(NOW, -1) }
]

t.test('targets: every key still valid, or the one named', async t => {
  t.same(rotationTargets(KEYS, OPTIONS).map(k => k.keyId), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'])
  t.same(rotationTargets(KEYS, { ...OPTIONS, only: 'bbbbbbbbbbbb' }).map(k => k.keyId), ['bbbbbbbbbbbb'])
  t.throws(() => rotationTargets(KEYS, { ...OPTIONS, only: 'dddddddddddd' }), { message: 'key id dddddddddddd is not in the file', exitCode: 65 })
  t.throws(() => rotationTargets(KEYS, { ...OPTIONS, only: 'cccccccccccc' }), { message: /already expired; retire it with --retire cccccccccccc/ })
})

t.test('the old key stops at the end of the grace period, at once with --now, never later than it was due', async t => {
  t.same(retiringExpiry(null, OPTIONS), addDays(NOW, 7))
  t.same(retiringExpiry(addDays(NOW, 30), OPTIONS), addDays(NOW, 7))
  t.same(retiringExpiry(addDays(NOW, 2), OPTIONS), addDays(NOW, 2))
  t.same(retiringExpiry(addDays(NOW, 30), { ...OPTIONS, immediate: true }), NOW)
})

t.test('MCP_API_KEYS entries are checked as the server checks them, without echoing them', async t => {
  const plain = 'agm_rotation_test_key_000000000000000000000'
  const hashed = `sha256:${sha256('agm_other_rotation_key_0000000000000000000').toString('hex')}`
  t.same(parseEnvEntries([plain, hashed], '.env'), [
    { raw: plain, keyId: keyIdOf(plain), plain: true },
    { raw: hashed, keyId: hashed.slice(7, 19), plain: false }
  ])
  const error = t.throws(() => parseEnvEntries([plain, 'short-secret', plain, 'sha256:12'], '.env line 3')) as CliError
  t.equal(error.exitCode, 65)
  t.equal(error.message, `.env line 3: MCP_API_KEYS entry 2: a key must be at least 32 characters (this one has 12); entry 3 repeats entry 1 (key id ${keyIdOf(plain)}); entry 4: a sha256: entry must be followed by exactly 64 hex digits`)
  t.notOk(error.message.includes('short-secret') || error.message.includes(plain))
})

t.test('retiring: removes the key, refuses an unknown one and the last one', async t => {
  const id = (k: { keyId: string }): string => k.keyId
  t.same(withoutKey(KEYS, id, 'bbbbbbbbbbbb', 'f').map(id), ['aaaaaaaaaaaa', 'cccccccccccc'])
  t.throws(() => withoutKey(KEYS, id, 'dddddddddddd', 'keys.jsonl'), { message: 'key id dddddddddddd is not in keys.jsonl' })
  t.throws(() => withoutKey([{ keyId: 'aaaaaaaaaaaa' }], id, 'aaaaaaaaaaaa', '.env'), { message: 'key aaaaaaaaaaaa is the only key in .env; add its successor first (aegis-keys rotate)' })
})
