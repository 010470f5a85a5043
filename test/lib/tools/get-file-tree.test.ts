import t, { type Test } from 'tap'
import { largeRepoData } from '../../fake-gitea/sample-data.js'
import type { ToolCallOutcome } from '../../../lib/tools/registry.js'
import { TREE_MAX_ENTRIES } from '../../../lib/tools/tree.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import { failed, type Json, ok as checkOk, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_file_tree'

async function setup (t: Test, limits: Partial<ToolLimits> = {}, fileCount?: number): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits, ...(fileCount === undefined ? {} : { data: largeRepoData(fileCount) }) })
}

function ok (t: Test, outcome: ToolCallOutcome, maxBytes?: number): Json {
  return checkOk(t, TOOL, outcome, maxBytes)
}

const byPath = (entries: Json[]): Record<string, Json> => Object.fromEntries(entries.map((e: Json) => [e.path, e]))

t.test('the root, one level, on the default branch', async (t) => {
  const { call } = await setup(t)
  const result = ok(t, await call({ owner: 'acme', repo: 'platform' }))
  t.match(result, { owner: 'acme', repo: 'platform', ref: 'main', path: '', recursive: false, truncated: false })
  t.same(result.entries.map((e: Json) => e.path).sort(), [
    '.env.example', '.gitignore', '.gitmodules', 'CONTRIBUTING.md', 'README.md', 'data', 'docs', 'package.json', 'scripts', 'src', 'test', 'tsconfig.json', 'vendor'
  ])
  const entries = byPath(result.entries)
  t.same(entries['README.md'], { path: 'README.md', type: 'file', size: 765 })
  t.same(entries.src, { path: 'src', type: 'dir', size: null })
  t.same(entries['CONTRIBUTING.md'], { path: 'CONTRIBUTING.md', type: 'symlink', size: 20 })
  t.equal(result.total_entries, 13)
})

t.test('a subdirectory gives full paths', async (t) => {
  const { call } = await setup(t)
  const result = ok(t, await call({ owner: 'acme', repo: 'platform', path: 'docs' }))
  t.same(result.entries.map((e: Json) => e.path).sort(), ['docs/architecture.md', 'docs/contributing.md', 'docs/images', 'docs/legacy', 'docs/runbook.md'])
  const slash = ok(t, await call({ owner: 'acme', repo: 'platform', path: 'docs/' }))
  t.equal(slash.path, 'docs', 'a trailing slash is accepted')
  t.same(slash.entries, result.entries)
  const vendor = ok(t, await call({ owner: 'acme', repo: 'platform', path: 'vendor' }))
  t.same(vendor.entries, [{ path: 'vendor/api-schemas', type: 'submodule', size: null }])
})

t.test('recursive: everything, with types mapped from git', async (t) => {
  const { call } = await setup(t)
  const result = ok(t, await call({ owner: 'acme', repo: 'platform', recursive: true }))
  t.equal(result.recursive, true)
  t.equal(result.truncated, false)
  const entries = byPath(result.entries)
  t.same(entries['src/services/billing/tax.ts'], { path: 'src/services/billing/tax.ts', type: 'file', size: 692 })
  t.same(entries['src/services/billing'], { path: 'src/services/billing', type: 'dir', size: null })
  t.same(entries['vendor/api-schemas'], { path: 'vendor/api-schemas', type: 'submodule', size: null })
  t.same(entries['CONTRIBUTING.md'], { path: 'CONTRIBUTING.md', type: 'symlink', size: 20 })
  t.same(entries['data/seed/products.sql'], { path: 'data/seed/products.sql', type: 'file', size: 12_980_141 })
  t.same(entries['scripts/deploy.sh']?.type, 'file', 'executable files are files')
  t.equal(result.entries.length, 41)
  t.equal(result.total_entries, 41)
  t.notOk('src/middleware/rate-limit.ts' in entries, 'only on the feature branch')
})

t.test('recursive below a path, at a branch whose name has a slash, and at a tag', async (t) => {
  const { call } = await setup(t)
  const feature = ok(t, await call({ owner: 'acme', repo: 'platform', path: 'src', recursive: true, ref: 'feature/login-rate-limit' }))
  t.equal(feature.ref, 'feature/login-rate-limit')
  t.ok(feature.entries.every((e: Json) => e.path.startsWith('src/')), 'paths are full, from the root')
  const entries = byPath(feature.entries)
  t.same(entries['src/middleware/rate-limit.ts'], { path: 'src/middleware/rate-limit.ts', type: 'file', size: 763 })
  t.ok('src/routes/auth/login.ts' in entries)
  t.notOk('README.md' in entries)
  const deep = ok(t, await call({ owner: 'acme', repo: 'platform', path: 'src/services', recursive: true }))
  t.same(deep.entries.map((e: Json) => e.path), ['src/services/billing', 'src/services/billing/invoice.ts', 'src/services/billing/tax.ts'])
  const tagged = byPath(ok(t, await call({ owner: 'acme', repo: 'platform', recursive: true, ref: 'v1.0.0' })).entries)
  t.notOk('docs/runbook.md' in tagged, 'the runbook came after v1.0.0')
  t.ok('docs/architecture.md' in tagged)
  const annotated = byPath(ok(t, await call({ owner: 'acme', repo: 'platform', path: 'docs', ref: 'v1.1.0' })).entries)
  t.ok('docs/runbook.md' in annotated, 'an annotated tag works as a ref')
})

t.test('an empty repository lists nothing, without an error', async (t) => {
  const { call } = await setup(t)
  for (const recursive of [false, true]) {
    const result = ok(t, await call({ owner: 'acme', repo: 'empty', recursive }))
    t.same(result.entries, [])
    t.equal(result.truncated, false)
  }
})

t.test('errors say what to do', async (t) => {
  const { call } = await setup(t)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'README.md' }), 'not_a_directory'), /get_file_contents/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'src/index.ts', recursive: true }), 'not_a_directory'), /get_file_contents/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'nope' }), 'not_found'), /get_file_tree/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'src/nope', recursive: true }), 'not_found'), /"src\/nope".*not found/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', ref: 'no-such-branch' }), 'not_found'), /ref/)
  t.equal((await call({ owner: 'acme', repo: 'platform', ref: 'no-such-branch', recursive: true })).outcome, 'error')
  t.match(failed(t, await call({ owner: 'globex', repo: 'secret-plans' }), 'not_found'), /cannot read it/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'empty', path: 'src' }), 'not_found'), /empty/)
})

t.test('bad arguments', async (t) => {
  const { fake, call } = await setup(t)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: '../../etc' }), 'invalid_arguments'), /"\." or "\.\."/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'src/%2e%2e/%2e%2e' }), 'invalid_arguments'), /"\." or "\.\."/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: '/etc' }), 'invalid_arguments'), /leading "\/"/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', path: 'src\\lib' }), 'invalid_arguments'), /backslash/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', recursive: 'yes' }), 'invalid_arguments'), /`recursive` must be a boolean/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', ref: 'main..dev' }), 'invalid_arguments'), /`ref`/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', ref: 'a b' }), 'invalid_arguments'), /`ref`/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', depth: 2 }), 'invalid_arguments'), /unknown argument `depth`/)
  t.equal(fake.requests.length, 0)
})

t.test('a tree too big for MAX_RESPONSE_BYTES is cut, with a narrower path to ask for', async (t) => {
  const maxResponseBytes = 1500
  const { call } = await setup(t, { maxResponseBytes })
  const result = ok(t, await call({ owner: 'acme', repo: 'platform', recursive: true }), maxResponseBytes)
  t.equal(result.truncated, true)
  t.ok(result.entries.length > 0 && result.entries.length < 41)
  t.match(result.note, /fit the response size limit/)
  t.type(result.next?.path, 'string')
  const omitted = result.entries.length
  // The hint names the directory that holds the first entry left out.
  const narrower = ok(t, await call({ owner: 'acme', repo: 'platform', ...result.next }), maxResponseBytes)
  t.ok(narrower.entries.length > 0)
  t.ok(narrower.entries.every((e: Json) => e.path.startsWith(`${String(result.next.path)}/`)), 'the narrower listing is below the hinted path')
  t.ok(omitted > 0)
})

t.test('Gitea tree pages are followed (1000 entries each)', async (t) => {
  const { fake, call } = await setup(t, { maxResponseBytes: 10_000_000 }, 1500)
  const result = ok(t, await call({ owner: 'acme', repo: 'monorepo', recursive: true }), 10_000_000)
  const files = result.entries.filter((e: Json) => e.type === 'file')
  t.equal(files.length, 1502, '1500 modules, README.md and package.json')
  t.equal(result.truncated, false)
  t.equal(result.total_entries, result.entries.length)
  t.equal(new Set(result.entries.map((e: Json) => e.path)).size, result.entries.length, 'no entry twice')
  const pages = fake.requests.filter((r) => r.path.includes('/git/trees/'))
  t.equal(pages.length, 2)
  t.match(pages[1]?.query, /page=2/)
})

t.test(`a recursive listing stops at ${TREE_MAX_ENTRIES} entries and says so`, async (t) => {
  const { fake, call } = await setup(t, { maxResponseBytes: 10_000_000 }, 6000)
  const result = ok(t, await call({ owner: 'acme', repo: 'monorepo', recursive: true }), 10_000_000)
  t.equal(result.entries.length, TREE_MAX_ENTRIES)
  t.equal(result.truncated, true)
  t.ok(result.total_entries > TREE_MAX_ENTRIES, 'the real size is reported')
  t.match(result.note, new RegExp(`at most ${TREE_MAX_ENTRIES}`))
  t.type(result.next?.path, 'string', 'a narrower path to ask for')
  t.equal(fake.requests.filter((r) => r.path.includes('/git/trees/')).length, TREE_MAX_ENTRIES / 1000, 'no page past the cap is read')
})
