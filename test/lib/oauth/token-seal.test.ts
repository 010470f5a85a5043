import t from 'tap'
import { seal, sealKeyOf, unseal } from '../../../lib/oauth/token-seal.js'

const secrets = { jwks: { keys: [] }, cookieKeys: ['cookie-key-one-0123456789abcdefghijklmnopqrstu'] }
const key = sealKeyOf(secrets)

t.test('a sealed value opens with the same key and record id, and shows nothing of the plaintext', async t => {
  const sealed = seal(key, 'gitea:2', '{"accessToken":"gitea-access-token-value"}')
  t.match(sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  t.notOk(sealed.includes('gitea-access-token-value'))
  t.notOk(Buffer.from(sealed.split('.')[2] ?? '', 'base64url').toString('utf8').includes('gitea-access-token'), 'encrypted, not encoded')
  t.equal(unseal(key, 'gitea:2', sealed), '{"accessToken":"gitea-access-token-value"}')
  t.not(seal(key, 'gitea:2', 'same'), seal(key, 'gitea:2', 'same'), 'a fresh IV each time')
})

t.test('moved to another record, changed, truncated or under another key: it does not open', async t => {
  const sealed = seal(key, 'gitea:2', 'secret')
  t.equal(unseal(key, 'gitea:7', sealed), null, 'the record id is authenticated')
  const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string]
  const flipped = Buffer.from(body, 'base64url')
  flipped[0] = (flipped[0] ?? 0) ^ 1
  t.equal(unseal(key, 'gitea:2', [v, iv, flipped.toString('base64url'), tag].join('.')), null, 'a changed byte')
  t.equal(unseal(key, 'gitea:2', [v, iv, body, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url')].join('.')), null, 'a short tag')
  t.equal(unseal(key, 'gitea:2', 'v1.x.y'), null)
  t.equal(unseal(key, 'gitea:2', `v2.${iv}.${body}.${tag}`), null)
  const other = sealKeyOf({ jwks: { keys: [] }, cookieKeys: ['another-cookie-key-0123456789abcdefghijklm'] })
  t.equal(unseal(other, 'gitea:2', sealed), null, 'another server\'s key')
  t.same(sealKeyOf(secrets), key, 'the key is derived the same way every time (every replica)')
  t.equal(key.length, 32, 'AES-256')
})
