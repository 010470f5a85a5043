import t from 'tap'
import { createHash } from 'node:crypto'
import { createKeyring, generateKey, isExpired, keyHint, keyIdOf, parseKeyEntry, sha256 } from '../../lib/api-keys.js'

const KEY_A = 'agm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
const KEY_B = 'agm_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'

t.test('key id is the first 12 hex characters of the SHA-256 digest', async t => {
  const expected = createHash('sha256').update(KEY_A).digest('hex').slice(0, 12)
  t.equal(keyIdOf(KEY_A), expected)
  t.match(keyIdOf(KEY_A), /^[0-9a-f]{12}$/)
})

t.test('hints show 8 + 4 characters from 16 up, only the length below', async t => {
  t.equal(keyHint('abcdefghijklmnopwxyz'), 'abcdefgh...wxyz')
  t.equal(keyHint('abcdefghijklmnop'), 'abcdefgh...mnop')
  t.equal(keyHint('abcdefghijklmno'), '(15 chars)')
  t.equal(keyHint(''), '(0 chars)')
})

t.test('plain entries need 32 characters; digests need 64 hex digits', async t => {
  t.equal(parseKeyEntry(KEY_A).keyId, keyIdOf(KEY_A))
  const digest = sha256(KEY_A).toString('hex')
  t.equal(parseKeyEntry(`sha256:${digest}`).keyId, keyIdOf(KEY_A), 'a digest entry names the same key id')
  t.equal(parseKeyEntry(`SHA256:${digest.toUpperCase()}`).keyId, keyIdOf(KEY_A), 'case-insensitive')
  t.throws(() => parseKeyEntry('short-key'), /at least 32 characters \(this one has 9\)/)
  t.throws(() => parseKeyEntry('sha256:abc'), /64 hex digits/)
  t.throws(() => parseKeyEntry(`sha256:${'g'.repeat(64)}`), /64 hex digits/)
  t.throws(() => parseKeyEntry(`${'x'.repeat(20)} ${'y'.repeat(20)}`), /white space/)
  try {
    parseKeyEntry('secret-but-too-short')
  } catch (error) {
    t.notMatch((error as Error).message, /secret-but-too-short/, 'the message never repeats the entry')
  }
})

const UNKNOWN = { status: 'unknown', entry: null }

t.test('the keyring finds every configured key and nothing else', async t => {
  const ring = createKeyring([parseKeyEntry(KEY_A), parseKeyEntry(`sha256:${sha256(KEY_B).toString('hex')}`)])
  t.equal(ring.size, 2)
  t.same(ring.entries.map(e => e.keyId), [keyIdOf(KEY_A), keyIdOf(KEY_B)])
  t.match(ring.verify(KEY_A), { status: 'valid', entry: { keyId: keyIdOf(KEY_A) } })
  t.match(ring.verify(KEY_B), { status: 'valid', entry: { keyId: keyIdOf(KEY_B) } }, 'a hashed entry accepts its key')
  t.same(ring.verify(KEY_A.slice(0, -1)), UNKNOWN, 'a prefix is not the key')
  t.same(ring.verify(KEY_A + 'x'), UNKNOWN, 'a longer string is not the key')
  t.same(ring.verify(''), UNKNOWN)
  t.same(ring.verify(sha256(KEY_B).toString('hex')), UNKNOWN, 'the digest itself is not a key')
  t.same(createKeyring([]).verify(KEY_A), UNKNOWN)
})

t.test('an expired entry is still compared, then reported as expired', async t => {
  const expiresAt = new Date('2026-03-01T00:00:00Z')
  const entry = { ...parseKeyEntry(KEY_A), expiresAt, source: 'file' as const }
  t.same({ expiresAt: parseKeyEntry(KEY_A).expiresAt, source: parseKeyEntry(KEY_A).source, description: parseKeyEntry(KEY_A).description }, { expiresAt: null, source: 'env', description: null }, 'MCP_API_KEYS entries never expire')
  const ring = createKeyring([parseKeyEntry(KEY_B), entry])
  t.match(ring.verify(KEY_A, new Date('2026-02-28T23:59:59.999Z')), { status: 'valid', entry: { keyId: keyIdOf(KEY_A) } }, 'valid until its expiry')
  t.match(ring.verify(KEY_A, expiresAt), { status: 'expired', entry: { keyId: keyIdOf(KEY_A) } }, 'expired at the instant')
  t.match(ring.verify(KEY_A), { status: 'expired' }, 'now is the default')
  t.match(ring.verify(KEY_B, expiresAt), { status: 'valid' }, 'other keys are unaffected')
  t.equal(isExpired(entry, new Date('2026-03-01T00:00:00.001Z')), true)
  t.equal(isExpired(parseKeyEntry(KEY_B), new Date('2999-01-01')), false)
  t.ok(Object.isFrozen(ring.entries), 'the entries cannot be changed behind the keyring')
})

t.test('generated keys: prefix, 256 random bits in URL-safe characters, never twice the same', async t => {
  const keys = new Set(Array.from({ length: 50 }, () => generateKey()))
  t.equal(keys.size, 50)
  for (const key of keys) {
    t.match(key, /^agm_[A-Za-z0-9_-]{43}$/)
    t.doesNotThrow(() => parseKeyEntry(key), 'long enough for MCP_API_KEYS')
  }
})
