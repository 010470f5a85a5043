// The test loader's caches (test/loader/hooks.mjs): each case runs Node with the loader alone,
// on a cache folder of this file's, empty at first.
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REGISTER = pathToFileURL(resolve(import.meta.dirname, 'register.mjs')).href
// The bundles the first case builds serve the second (building them takes seconds).
const BUNDLES = mkdtempSync(join(tmpdir(), 'aegis-loader-'))

/** Runs `script` (an ES module) with the loader over the cache folder `cache`; gives what it printed. */
async function withLoader (script: string, cache: string): Promise<string> {
  const { stdout } = await run(process.execPath, [`--import=${REGISTER}`, '--input-type=module', '-e', script], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_OPTIONS: '', AEGIS_TEST_LOADER_CACHE: cache }
  })
  return stdout.trim()
}

t.test('typebox and zod load as bundles whose entry points share one copy of the package', async t => {
  const cache = BUNDLES
  const script = `
    const typebox = await import('typebox')
    const type = await import('typebox/type')
    const { Compile } = await import('typebox/compile')
    const zod = await import('zod')
    const v4 = await import('zod/v4')
    const core = await import('zod/v4/core')
    console.log(JSON.stringify({
      urls: ['typebox', 'typebox/compile', 'zod/v4'].map(s => import.meta.resolve(s)),
      typeboxShared: typebox.IsSchema === type.IsSchema,
      compiled: Compile(typebox.Type.Object({ name: typebox.Type.String() })).Check({ name: 'x' }),
      zodShared: zod.ZodType === v4.ZodType && v4.core.$ZodType === core.$ZodType,
      parsed: zod.z.object({ n: zod.z.number() }).safeParse({ n: 'x' }).success
    }))`
  for (const round of ['built', 'from the cache']) {
    const seen = JSON.parse(await withLoader(script, cache)) as { urls: string[], typeboxShared: boolean, compiled: boolean, zodShared: boolean, parsed: boolean }
    for (const url of seen.urls) t.match(url, /\/bundles\/[0-9a-f]+\/[^/]+\.mjs$/, `${round}: ${url} is a bundle's entry point`)
    t.ok(seen.typeboxShared, `${round}: typebox and typebox/type export the same functions`)
    t.ok(seen.compiled, `${round}: typebox/compile checks a schema made by typebox`)
    t.ok(seen.zodShared, `${round}: zod, zod/v4 and zod/v4/core share their classes`)
    t.equal(seen.parsed, false, `${round}: zod works`)
  }
  t.equal(readdirSync(join(cache, 'bundles')).length, 2, 'one bundle each, built once')
})

t.test('a module of a bundled package that is not one of its entry points fails clearly', async t => {
  const cache = BUNDLES
  // zod's locales are exported by a wildcard, which the bundle leaves out.
  const out = await withLoader("await import('zod/v4/locales/en.js').then(() => console.log('loaded'), error => console.log(error.message))", cache)
  t.match(out, /zod\/v4\/locales\/en\.js .* is not an entry point of the bundle of .*zod; loading it apart would duplicate the package/)
})

t.test('a TypeScript file is transformed once, then read from the cache until it changes', async t => {
  const cache = mkdtempSync(join(tmpdir(), 'aegis-loader-'))
  const dir = mkdtempSync(join(tmpdir(), 'aegis-loader-ts-'))
  const file = join(dir, 'answer.ts')
  const script = `const { answer } = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(answer)`
  writeFileSync(file, 'export const answer: number = 41 + 1\n')
  t.equal(await withLoader(script, cache), '42')
  const [entry, ...more] = readdirSync(join(cache, 'ts'))
  t.same(more, [], 'one file cached')
  const cached = join(cache, 'ts', entry ?? '')
  t.match(readFileSync(cached, 'utf8'), /^const answer = 41 \+ 1;\nexport {[\s\S]*\/\/# sourceMappingURL=data:application\/json/, 'the JavaScript, types stripped, with its source map')
  // Served from the cache: an edit of the cached JavaScript shows.
  writeFileSync(cached, 'export const answer = "from the cache"\n')
  t.equal(await withLoader(script, cache), 'from the cache')
  // Keyed by content: an edit of the source is transformed afresh.
  writeFileSync(file, 'export const answer: string = "edited"\n')
  t.equal(await withLoader(script, cache), 'edited')
  t.equal(readdirSync(join(cache, 'ts')).length, 2)
})

t.test('`./x.js` names x.ts in a checkout, and a real x.js where there is no x.ts, from TypeScript and JavaScript alike', async t => {
  const cache = mkdtempSync(join(tmpdir(), 'aegis-loader-'))
  const dir = mkdtempSync(join(tmpdir(), 'aegis-loader-resolve-'))
  writeFileSync(join(dir, 'typed.ts'), 'export const typed: string = "typed"\n')
  writeFileSync(join(dir, 'plain.js'), 'export const plain = "plain"\n')
  writeFileSync(join(dir, 'from-ts.ts'), "export { typed } from './typed.js'\nexport { plain } from './plain.js'\n")
  writeFileSync(join(dir, 'from-js.mjs'), "export { typed } from './typed.js'\nexport { plain } from './plain.js'\n")
  for (const entry of ['from-ts.ts', 'from-js.mjs']) {
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, entry)).href)}); console.log(m.typed, m.plain)`
    t.equal(await withLoader(script, cache), 'typed plain', entry)
  }
  const missing = `await import(${JSON.stringify(pathToFileURL(join(dir, 'from-ts.ts')).href)}); await import(${JSON.stringify(pathToFileURL(join(dir, 'missing.ts')).href)})`
  writeFileSync(join(dir, 'missing.ts'), "export { gone } from './gone.js'\n")
  await t.rejects(withLoader(missing, cache), /gone\.js/, 'a file that is neither is not found, by the name it was imported as')
})
