import t from 'tap'
import { describeFsError } from '../../../lib/keys/errors.js'
import { formatMetadata, parseMetadata } from '../../../lib/keys/metadata.js'

t.test('metadata: the documented fields, read back as written', async t => {
  const metadata = { keyId: '0123456789ab', description: 'laptop', createdAt: new Date('2026-01-01T00:00:00Z'), expiresAt: null, hint: 'agm_abcd...wxyz' }
  const text = formatMetadata(metadata)
  t.same(Object.keys(JSON.parse(text) as object), ['key_id', 'description', 'created_at', 'expires_at', 'hint'])
  t.same(parseMetadata(text, '0123456789ab'), metadata)
  t.same(parseMetadata('{"key_id":"0123456789ab"}'), { keyId: '0123456789ab', description: '', createdAt: null, expiresAt: null, hint: null }, 'optional fields default')
})

t.test('metadata: each mistake is named, never the value', async t => {
  const secret = 'agm_metadata_secret_0000000000000000000000000'
  const cases: Array<[string, string]> = [
    ['{', 'is not valid JSON'],
    ['[]', 'must be a JSON object'],
    [`{"key_id":"0123456789ab","key":"${secret}"}`, 'has a "key" property: metadata must never hold the key; delete the file and make a new key'],
    ['{"key_id":"0123456789ab","colour":1}', 'unknown property "colour"'],
    [`{"key_id":"0123456789ab","${secret}":1}`, 'has an unknown property'],
    ['{"key_id":"XYZ"}', '"key_id" must be 12 lowercase hex digits'],
    ['{"key_id":"0123456789ab","description":5}', '"description" must be a string'],
    ['{"key_id":"0123456789ab","hint":5}', '"hint" must be a string or null'],
    ['{"key_id":"0123456789ab","expires_at":"next week"}', '"expires_at" must be an ISO 8601 date (e.g. 2026-05-01T00:00:00Z) or null']
  ]
  for (const [text, message] of cases) t.throws(() => parseMetadata(text), { message }, message)
  t.throws(() => parseMetadata('{"key_id":"0123456789ab"}', 'ba9876543210'), { message: '"key_id" 0123456789ab does not match the file name' })
})

t.test('file-system errors become one line naming the path', async t => {
  const cases: Array<[string | undefined, string]> = [
    ['ENOENT', 'f: no such file or directory'],
    ['EACCES', 'f: permission denied'],
    ['EPERM', 'f: permission denied'],
    ['EISDIR', 'f: is a directory, not a file'],
    ['ENOTDIR', 'f: a part of the path is not a directory'],
    ['EEXIST', 'f: already exists'],
    ['ENOSPC', 'f: no space left on the device'],
    ['EROFS', 'f: read-only file system'],
    ['EIO', 'f: EIO'],
    [undefined, 'f: cannot be accessed']
  ]
  for (const [code, message] of cases) t.equal(describeFsError(Object.assign(new Error('x'), { code }), 'f'), message)
  t.equal(describeFsError(null, 'f'), 'f: cannot be accessed')
})

t.test('metadata: a key\'s scope is written only when set, read back, and checked like the keys file', async t => {
  const scoped = { keyId: 'abcdef012345', description: 'ci', createdAt: null, expiresAt: null, hint: null, repos: ['acme/*'], toolsets: ['issues'] }
  const text = formatMetadata(scoped)
  t.same(Object.keys(JSON.parse(text) as object), ['key_id', 'description', 'created_at', 'expires_at', 'hint', 'repos', 'toolsets'])
  t.same(parseMetadata(text), scoped)
  const plain = formatMetadata({ ...scoped, repos: undefined, toolsets: undefined })
  t.notOk(plain.includes('repos') || plain.includes('toolsets'), 'a key without a scope has no such fields')
  const secret = 'agm_pasted_key_by_mistake_0000000000000000000'
  t.throws(() => parseMetadata(JSON.stringify({ key_id: 'abcdef012345', repos: [secret] })), { message: '"repos" entry 1 is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")' })
  t.throws(() => parseMetadata(JSON.stringify({ key_id: 'abcdef012345', toolsets: [] })), { message: '"toolsets" must name at least one (leave it out for no narrowing)' })
})
