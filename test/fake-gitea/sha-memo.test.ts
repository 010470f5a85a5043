import t from 'tap'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rememberedSha } from './sha-memo.js'

const SHA_A = 'a'.repeat(40)
const SHA_B = 'b'.repeat(40)

t.test('a SHA computed once is read back from disk, per key and size', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-sha-memo-'))
  process.env.AEGIS_FAKE_GITEA_CACHE = dir
  t.teardown(() => { delete process.env.AEGIS_FAKE_GITEA_CACHE })
  let computed = 0
  const compute = (sha: string) => () => { computed++; return sha }

  t.equal(rememberedSha({ cacheKey: 'k', size: 10 }, compute(SHA_A)), SHA_A)
  t.equal(computed, 1)
  t.equal(readdirSync(dir).length, 1, 'one memo file, no temporary left')
  t.equal(rememberedSha({ cacheKey: 'k', size: 10 }, compute(SHA_B)), SHA_A, 'remembered, not computed again')
  t.equal(computed, 1)
  t.equal(rememberedSha({ cacheKey: 'k', size: 11 }, compute(SHA_B)), SHA_B, 'another size is other content')
  t.equal(rememberedSha({ cacheKey: 'other', size: 10 }, compute(SHA_B)), SHA_B, 'another key is other content')
  t.equal(computed, 3)
})

t.test('a damaged memo file is computed again and replaced', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-sha-memo-'))
  process.env.AEGIS_FAKE_GITEA_CACHE = dir
  t.teardown(() => { delete process.env.AEGIS_FAKE_GITEA_CACHE })
  rememberedSha({ cacheKey: 'k', size: 1 }, () => SHA_A)
  const [file] = readdirSync(dir)
  writeFileSync(join(dir, file ?? ''), 'not a sha')
  t.equal(rememberedSha({ cacheKey: 'k', size: 1 }, () => SHA_B), SHA_B)
  t.equal(rememberedSha({ cacheKey: 'k', size: 1 }, () => SHA_A), SHA_B, 'the replacement is remembered')
})

t.test('a cache folder that cannot be made only loses the memo', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'aegis-sha-memo-')), 'a-file')
  writeFileSync(file, '')
  process.env.AEGIS_FAKE_GITEA_CACHE = join(file, 'cache') // inside a file: ENOTDIR
  t.teardown(() => { delete process.env.AEGIS_FAKE_GITEA_CACHE })
  t.equal(rememberedSha({ cacheKey: 'k', size: 1 }, () => SHA_A), SHA_A)
})
