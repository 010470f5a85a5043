import t from 'tap'
import { EXTRA, NULLABLE, definitionNames, validateArrayOf, validateDefinition } from './gitea-spec.js'

const version = { version: '1.26.3' }

t.test('a body that matches the definition has no errors', async (t) => {
  t.same(validateDefinition('ServerVersion', version), [])
  t.same(validateDefinition('CommitAffectedFiles', { filename: 'a.ts', status: 'added' }), [])
})

t.test('an invented field fails (additionalProperties: false on every object)', async (t) => {
  const errors = validateDefinition('ServerVersion', { ...version, build: 'abc' })
  t.equal(errors.length, 1)
  t.match(errors[0], /must NOT have additional properties "build"/)
  // nested objects are closed too: an invented field inside Repository.permissions
  const nested = validateDefinition('Permission', { admin: false, push: false, pull: true, maintain: true })
  t.match(nested.join('\n'), /"maintain"/)
})

t.test('a wrong type fails', async (t) => {
  t.match(validateDefinition('ServerVersion', { version: 1263 }).join('\n'), /\/version must be string/)
  t.match(validateDefinition('GitEntry', { path: 'a', size: '12' }).join('\n'), /\/size must be integer/)
  t.match(validateDefinition('GitTreeResponse', { sha: 'x', tree: {} }).join('\n'), /\/tree must be array/)
})

t.test('formats are checked (date-time, email)', async (t) => {
  t.match(validateDefinition('CommitMeta', { url: 'u', sha: 's', created: 'yesterday' }).join('\n'), /must match format "date-time"/)
  t.same(validateDefinition('CommitMeta', { url: 'u', sha: 's', created: '2024-05-06T10:03:09+01:00' }), [])
  t.same(validateDefinition('CommitMeta', { url: 'u', sha: 's', created: '0001-01-01T00:00:00Z' }), [])
  t.match(validateDefinition('PayloadUser', { name: 'x', email: 'not-an-email', username: '' }).join('\n'), /format "email"/)
})

t.test('null is accepted exactly for the listed fields', async (t) => {
  t.same(validateDefinition('ContentsResponse', { name: 'd', type: 'dir', content: null, encoding: null, download_url: null }), [])
  t.same(validateDefinition('PayloadCommitVerification', { verified: false, signer: null }), [])
  t.same(validateDefinition('GitTreeResponse', { sha: 'x', tree: null, truncated: false, page: 2, total_count: 0 }), [])
  // not listed: a null name or sha is still an error
  t.match(validateDefinition('ContentsResponse', { name: null }).join('\n'), /\/name must be string/)
  t.match(validateDefinition('Repository', { description: null }).join('\n'), /\/description must be string/)
})

t.test('the nullable and extra lists name real definitions and fields', async (t) => {
  const names = new Set(definitionNames())
  for (const name of [...Object.keys(NULLABLE), ...Object.keys(EXTRA)]) t.ok(names.has(name), name)
  t.ok(names.size > 200, 'the whole spec is loaded')
})

t.test('User accepts the real server\'s extra "username" field, and only that one', async (t) => {
  t.same(validateDefinition('User', { id: 1, login: 'a', username: 'a' }), [])
  t.match(validateDefinition('User', { id: 1, login: 'a', nickname: 'a' }).join('\n'), /"nickname"/)
})

t.test('validateArrayOf checks each item and rejects non-arrays', async (t) => {
  t.same(validateArrayOf('ServerVersion', [version, version]), [])
  t.match(validateArrayOf('ServerVersion', [version, { version: 2 }]).join('\n'), /^\[1\] \/version must be string/)
  t.match(validateArrayOf('ServerVersion', null).join('\n'), /must be array, got null/)
  t.match(validateArrayOf('ServerVersion', version).join('\n'), /must be array, got object/)
})

t.test('an unknown definition name is an error, not a pass', async (t) => {
  t.throws(() => validateDefinition('NoSuchThing', {}), /no definition NoSuchThing/)
})
