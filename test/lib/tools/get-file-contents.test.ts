import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import { GitHistory, signature, type FakeGiteaData } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { parseRepoAllowlist, withRepoAllowlist } from '../../../lib/gitea/allowlist.js'
import { callTool, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import { failed, type Json, ok as checkOk, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_file_contents'

// Multi-byte text for the cutting tests: CJK (3 bytes), emoji (4 bytes, a
// surrogate pair in JavaScript), accents (2 bytes).
const UNICODE_LINE = '文字🙂é'.repeat(20) + '\n' // 20 × 12 bytes + 1 = 241 bytes
const UNICODE_FILE = UNICODE_LINE.repeat(50)
const ONE_LONG_LINE = '🙂文'.repeat(5000) // no line break at all

/** The sample data plus acme/unicode, readable by the bot like every acme repository. */
function dataWithUnicode (): FakeGiteaData {
  const data = sampleData()
  const template = data.repositories.find((r) => r.owner === 'acme' && r.name === 'handbook')
  if (template === undefined) throw new Error('sample data changed: acme/handbook is gone')
  const history = new GitHistory()
  history.commit({
    branch: 'main',
    author: signature('Alice Nguyen', 'alice@acme.example', '2024-06-01T10:00:00', 0),
    message: 'Unicode samples',
    files: { 'unicode.txt': UNICODE_FILE, 'one-line.txt': ONE_LONG_LINE, 'empty.txt': '', 'zwnbsp.txt': '\ufefffirst\n\ufeffsecond\n', 'notes/odd name+&=;ü.md': 'odd\n' }
  })
  data.repositories.push({ ...template, id: 99, name: 'unicode', description: 'Multi-byte samples', git: history.git })
  return data
}

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits, data: dataWithUnicode() })
}

function ok (t: Test, outcome: ToolCallOutcome, maxBytes?: number): Json {
  return checkOk(t, TOOL, outcome, maxBytes)
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const platform = { owner: 'acme', repo: 'platform' }

t.test('a whole text file with its metadata', async (t) => {
  const { fake, call } = await setup(t)
  const result = ok(t, await call({ ...platform, path: 'README.md' }))
  t.match(result, {
    owner: 'acme',
    repo: 'platform',
    path: 'README.md',
    ref: 'main',
    size: 765,
    encoding: 'utf-8',
    start_line: 1,
    end_line: 28,
    total_lines: 28,
    truncated: false,
    url: `${fake.url}/acme/platform/src/branch/main/README.md`
  })
  t.match(result.sha, /^[0-9a-f]{40}$/)
  t.ok(result.text.startsWith('# Acme Platform API\n'))
  t.equal(Buffer.byteLength(result.text), 765)
  t.notOk('binary' in result)
  t.notOk('next' in result)
  const paths = fake.requests.map((r) => r.path)
  t.ok(paths.includes('/api/v1/repos/acme/platform/contents-ext/README.md'), 'metadata from contents-ext')
  t.match(fake.requests.find((r) => r.path.endsWith('/contents-ext/README.md'))?.query, /includes=lfs_metadata/)
  t.notOk(paths.some((p) => p.includes('/contents/')), 'never the contents endpoint, which would send the file base64-encoded')
  t.ok(paths.includes('/api/v1/repos/acme/platform/media/README.md'), 'the bytes come from media (raw, or the LFS object)')
})

t.test('a multi-megabyte file is streamed and the read stops at MAX_FILE_SIZE_BYTES', async (t) => {
  const maxFileBytes = 100_000
  const { fake, call } = await setup(t, { maxFileBytes, maxResponseBytes: 5_000_000 })
  // 12 MiB: more than loopback's socket buffers hold, so a read that stops early shows.
  const path = 'data/seed/products.sql'
  const result = ok(t, await call({ ...platform, path }), 5_000_000)
  t.equal(result.truncated, true)
  t.equal(result.size, 12_980_141)
  t.ok(Buffer.byteLength(result.text) <= maxFileBytes)
  const streams = fake.streams.filter((s) => s.path === path)
  t.equal(streams.length, 1, 'one raw read')
  t.equal(streams[0]?.complete, false, 'the connection was closed before the whole file was sent')
  t.ok((streams[0]?.sent ?? Infinity) < 12_980_141 / 2, `only part of the file was sent (${streams[0]?.sent ?? 0} bytes)`)
  t.notOk(fake.requests.some((r) => r.path.includes('/contents/')), 'no base64 copy of the file was asked for')
  t.equal(result.note, 'The file is 12.4 MiB; this server reads only its first 97.7 KiB (MAX_FILE_SIZE_BYTES), so lines past that are not available here: open the URL in Gitea for the rest.',
    'the truncation note is unchanged')
})

t.test('a file of exactly MAX_FILE_SIZE_BYTES is whole; one byte more is truncated', async (t) => {
  const data = dataWithUnicode()
  const history = new GitHistory()
  const line = 'x'.repeat(99) + '\n'
  history.commit({
    branch: 'main',
    author: signature('Alice Nguyen', 'alice@acme.example', '2024-06-01T10:00:00', 0),
    message: 'Sized files',
    files: { 'at-cap.txt': line.repeat(10), 'over-cap.txt': line.repeat(10) + 'y' }
  })
  const template = data.repositories.find((r) => r.name === 'unicode')
  if (template === undefined) throw new Error('no acme/unicode')
  data.repositories.push({ ...template, id: 100, name: 'sized', git: history.git })
  const { call } = await setupTool(t, TOOL, { limits: { maxFileBytes: 1000 }, data })
  const atCap = ok(t, await call({ owner: 'acme', repo: 'sized', path: 'at-cap.txt' }))
  t.match(atCap, { size: 1000, truncated: false, total_lines: 10, end_line: 10 })
  t.notOk('note' in atCap)
  const over = ok(t, await call({ owner: 'acme', repo: 'sized', path: 'over-cap.txt' }))
  t.match(over, { size: 1001, truncated: true, total_lines: null })
  t.match(over.note, /MAX_FILE_SIZE_BYTES/)
})

t.test('a Git LFS file is read from media: the object, not the pointer', async (t) => {
  const data = dataWithUnicode()
  const object = Buffer.from('# Model card\n\nWeights for the demand forecast.\n'.repeat(400))
  const oid = createHash('sha256').update(object).digest('hex')
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${object.length}\n`
  const history = new GitHistory()
  history.commit({
    branch: 'main',
    author: signature('Alice Nguyen', 'alice@acme.example', '2024-06-01T10:00:00', 0),
    message: 'LFS',
    files: { 'models/card.md': pointer, 'models/missing.md': pointer.replace(oid, 'f'.repeat(64)) }
  })
  const template = data.repositories.find((r) => r.name === 'unicode')
  if (template === undefined) throw new Error('no acme/unicode')
  data.repositories.push({ ...template, id: 101, name: 'lfs', git: history.git, lfsObjects: new Map([[oid, object]]) })
  const { fake, call } = await setupTool(t, TOOL, { limits: { maxFileBytes: 1000 }, data })
  const result = ok(t, await call({ owner: 'acme', repo: 'lfs', path: 'models/card.md' }))
  t.equal(result.size, object.length, 'the size of the object')
  t.ok((result.text as string).startsWith('# Model card\n'), 'the object\'s text')
  t.equal(result.truncated, true, 'cut at MAX_FILE_SIZE_BYTES like any file')
  t.ok(fake.requests.some((r) => r.path === '/api/v1/repos/acme/lfs/media/models/card.md'))
  t.equal(fake.streams.find((s) => s.path === 'models/card.md')?.size, object.length, 'media served the object')
  const missing = ok(t, await call({ owner: 'acme', repo: 'lfs', path: 'models/missing.md' }))
  t.equal(missing.text, pointer.replace(oid, 'f'.repeat(64)), 'an object Gitea does not have: media answers the pointer, as Gitea does')
})

t.test('refs: a tag, a branch with a slash, a commit SHA', async (t) => {
  const { call } = await setup(t)
  const path = 'src/services/billing/tax.ts'
  const old = ok(t, await call({ ...platform, path, ref: 'v1.0.0' }))
  const current = ok(t, await call({ ...platform, path }))
  t.equal(old.ref, 'v1.0.0')
  t.match(old.url, /\/src\/tag\/v1\.0\.0\//)
  t.notMatch(old.text, /rounded once/, 'before the VAT fix')
  t.match(current.text, /rounded once/, 'after it')
  const feature = ok(t, await call({ ...platform, path: 'src/middleware/rate-limit.ts', ref: 'feature/login-rate-limit' }))
  t.match(feature.text, /MAX_ATTEMPTS = 5/)
  t.equal(feature.ref, 'feature/login-rate-limit')
  t.match(failed(t, await call({ ...platform, path: 'src/middleware/rate-limit.ts' }), 'not_found'), /get_file_tree/, 'not on main')
})

t.test('start_line and end_line', async (t) => {
  const { call } = await setup(t)
  const path = 'src/services/billing/tax.ts'
  const whole = ok(t, await call({ ...platform, path }))
  const lines = (whole.text as string).split('\n')
  const part = ok(t, await call({ ...platform, path, start_line: 3, end_line: 5 }))
  t.equal(part.text, lines.slice(2, 5).join('\n') + '\n')
  t.match(part, { start_line: 3, end_line: 5, total_lines: whole.total_lines, truncated: false })
  const tail = ok(t, await call({ ...platform, path, start_line: whole.total_lines, end_line: 10_000 }))
  t.equal(tail.end_line, whole.total_lines, 'end_line past the end is fine')
  t.equal(tail.text, lines[whole.total_lines - 1] + '\n')
  t.match(failed(t, await call({ ...platform, path, start_line: whole.total_lines + 1 }), 'invalid_arguments'),
    new RegExp(`past the end of the file, which has ${String(whole.total_lines)} lines`))
  t.match(failed(t, await call({ ...platform, path, start_line: 5, end_line: 4 }), 'invalid_arguments'), /`end_line` \(4\) must be >= `start_line` \(5\)/)
  t.match(failed(t, await call({ ...platform, path, start_line: 0 }), 'invalid_arguments'), /`start_line` must be >= 1/)
  t.match(failed(t, await call({ ...platform, path, start_line: '3' }), 'invalid_arguments'), /`start_line` must be an integer/)
})

t.test('binary files are described, not dumped', async (t) => {
  const { call } = await setup(t)
  const png = ok(t, await call({ ...platform, path: 'docs/images/architecture.png' }))
  t.match(png, { encoding: 'binary', text: null, start_line: null, end_line: null, total_lines: null, truncated: false, size: 323 })
  t.equal(png.binary.kind, 'png')
  t.match(png.binary.description, /PNG image, 323 bytes, blob SHA [0-9a-f]{40}/)
  t.notMatch(JSON.stringify(png), /IHDR|\\u0000/, 'no bytes of the image')
  const latin1 = ok(t, await call({ ...platform, path: 'docs/legacy/tarifs-2019.txt' }))
  t.equal(latin1.encoding, 'binary')
  t.equal(latin1.text, null)
  t.equal(latin1.binary.kind, 'non_utf8_text')
  t.match(latin1.binary.description, /not valid UTF-8/)
})

t.test('symlinks, submodules and directories are not files', async (t) => {
  const { call } = await setup(t)
  t.match(failed(t, await call({ ...platform, path: 'CONTRIBUTING.md' }), 'not_a_file'), /symbolic link to "docs\/contributing\.md".*path "docs\/contributing\.md"/)
  t.match(failed(t, await call({ ...platform, path: 'vendor/api-schemas' }), 'not_a_file'), /submodule.*api-schemas\.git/)
  t.match(failed(t, await call({ ...platform, path: 'src' }), 'not_a_file'), /directory.*get_file_tree/)
})

t.test('a 2 MiB file is cut by the response budget; next continues exactly', async (t) => {
  const { call } = await setup(t)
  const path = 'data/fixtures/customers.csv'
  const first = ok(t, await call({ ...platform, path }))
  t.equal(first.truncated, true)
  t.equal(first.total_lines, null, 'unknown: the file is larger than MAX_FILE_SIZE_BYTES')
  t.equal(first.start_line, 1)
  t.ok((first.text as string).endsWith('\n'), 'cut at the end of a line')
  t.same(first.next, { start_line: first.end_line + 1 })
  t.match(first.note, /response size limit/)
  t.match(first.note, /MAX_FILE_SIZE_BYTES/)
  const second = ok(t, await call({ ...platform, path, ...first.next, end_line: first.end_line + 3 }))
  t.equal(second.start_line, first.end_line + 1)
  t.equal(second.end_line, first.end_line + 3)
  t.match(second.text, new RegExp(`^C-${String(first.end_line).padStart(6, '0')},`), 'the line right after the first part (row n is on line n + 1)')
  t.equal((second.text as string).split('\n').length, 4)
})

t.test('past MAX_FILE_SIZE_BYTES the file is read up to the limit and marked truncated', async (t) => {
  const maxFileBytes = 100_000
  const { call } = await setup(t, { maxFileBytes, maxResponseBytes: 5_000_000 })
  const result = ok(t, await call({ ...platform, path: 'data/fixtures/customers.csv' }), 5_000_000)
  t.equal(result.truncated, true)
  t.ok(Buffer.byteLength(result.text) <= maxFileBytes)
  t.ok(Buffer.byteLength(result.text) > maxFileBytes - 100)
  t.equal(result.size, 2_097_215, 'size is the whole file')
  t.equal(result.total_lines, null)
  t.notOk('next' in result, 'nothing more to ask this server for')
  t.match(result.note, /MAX_FILE_SIZE_BYTES/)
  t.match(failed(t, await call({ ...platform, path: 'data/fixtures/customers.csv', start_line: 40_000 }), 'invalid_arguments'), /MAX_FILE_SIZE_BYTES/)
})

t.test('a file over 10 MiB is streamed, up to the limit', async (t) => {
  const { fake, call } = await setup(t)
  const result = ok(t, await call({ ...platform, path: 'data/seed/products.sql', start_line: 4, end_line: 5 }))
  t.equal(result.size, 12_980_141)
  t.equal(result.encoding, 'utf-8')
  t.match(result.text, /^INSERT INTO products \(id, sku, price_cents, stock, warehouse\) VALUES \(0000001, /)
  t.equal(result.start_line, 4)
  t.equal(result.end_line, 5)
  t.equal(result.total_lines, null)
  t.equal(result.truncated, true, 'the file is larger than MAX_FILE_SIZE_BYTES')
  t.equal(fake.requests.filter((r) => r.path === '/api/v1/repos/acme/platform/media/data/seed/products.sql').length, 1)
})

t.test('UTF-8 cuts never split a character', async (t) => {
  // MAX_FILE_SIZE_BYTES in the middle of a character.
  const maxFileBytes = 1001
  const { call } = await setup(t, { maxFileBytes })
  const result = ok(t, await call({ owner: 'acme', repo: 'unicode', path: 'unicode.txt' }))
  t.equal(result.encoding, 'utf-8', 'a cut multi-byte character does not make it binary')
  t.equal(result.truncated, true)
  t.ok(Buffer.byteLength(result.text) <= maxFileBytes)
  t.ok(UNICODE_FILE.startsWith(result.text), 'a clean prefix of the file')
  t.notMatch(result.text, /\ufffd/, 'no replacement character')
  t.notMatch(result.text, LONE_SURROGATE)

  // The response budget in the middle of one very long line.
  const small = await setup(t, { maxResponseBytes: 3000 })
  const long = ok(t, await small.call({ owner: 'acme', repo: 'unicode', path: 'one-line.txt' }), 3000)
  t.equal(long.truncated, true)
  t.ok(long.text.length > 0)
  t.ok(ONE_LONG_LINE.startsWith(long.text), 'a clean prefix')
  t.notMatch(long.text, LONE_SURROGATE, 'no half of an emoji')
  t.same(long.next, { start_line: 2 })
  t.match(long.note, /Line 1 is longer than the response size limit/)

  const lines = ok(t, await small.call({ owner: 'acme', repo: 'unicode', path: 'unicode.txt' }), 3000)
  t.equal(lines.truncated, true)
  t.equal(lines.text, UNICODE_LINE.repeat(lines.end_line), 'whole lines only')
  t.equal(lines.total_lines, 50)
  const rest = ok(t, await small.call({ owner: 'acme', repo: 'unicode', path: 'unicode.txt', ...lines.next }), 3000)
  t.equal(rest.start_line, lines.end_line + 1)
})

t.test('an empty file', async (t) => {
  const { call } = await setup(t)
  const result = ok(t, await call({ owner: 'acme', repo: 'unicode', path: 'empty.txt' }))
  t.match(result, { text: '', size: 0, encoding: 'utf-8', total_lines: 0, truncated: false })
})

t.test('not found, not readable, empty repository', async (t) => {
  const { call } = await setup(t)
  t.match(failed(t, await call({ ...platform, path: 'nope.md' }), 'not_found'), /"nope\.md".*not found.*get_file_tree/)
  t.match(failed(t, await call({ ...platform, path: 'README.md', ref: 'nope' }), 'not_found'), /ref "nope".*ref exists/)
  t.match(failed(t, await call({ owner: 'globex', repo: 'secret-plans', path: 'README.md' }), 'not_found'), /Repository "globex\/secret-plans" not found, or the token cannot read it/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'empty', path: 'README.md' }), 'not_found'), /empty/)
})

t.test('bad paths never reach Gitea', async (t) => {
  const { fake, call } = await setup(t)
  for (const path of ['../../etc/passwd', '%2e%2e/%2e%2e/etc/passwd', 'src/./index.ts', '/etc/passwd', 'a\\b', 'a\u0000b', '']) {
    const outcome = await call({ ...platform, path })
    t.equal(outcome.errorCode, 'invalid_arguments', JSON.stringify(path))
  }
  t.match(failed(t, await call({ ...platform }), 'invalid_arguments'), /missing required argument `path`/)
  t.match(failed(t, await call({ ...platform, path: 'README.md', lines: 3 }), 'invalid_arguments'), /unknown argument `lines`/)
  t.equal(fake.requests.length, 0)
})

t.test('a Gitea 1.24 (no contents-ext): the metadata from the contents endpoint, the same result', async (t) => {
  const current = await setup(t)
  const old = await setupTool(t, TOOL, { data: dataWithUnicode(), gitea: { version: '1.24.7', missing: ['contents-ext'] } })
  const expected = ok(t, await current.call({ ...platform, path: 'README.md' }))
  const result = ok(t, await old.call({ ...platform, path: 'README.md' }))
  t.same(result, JSON.parse(JSON.stringify(expected).replaceAll(current.fake.url, old.fake.url)), 'text, size, sha, lines and URL alike')
  t.same(old.fake.requests.filter((r) => r.path.includes('/contents')).map((r) => r.path),
    ['/api/v1/repos/acme/platform/contents-ext/README.md', '/api/v1/repos/acme/platform/contents/README.md'])
  const start = old.fake.requests.length
  const other = ok(t, await old.call({ ...platform, path: 'package.json' }))
  t.match(other, { path: 'package.json', truncated: false })
  t.notOk(old.requestsSince(start).some((r) => r.path.includes('/contents-ext/')), 'contents-ext is not asked again')
})

/** The Gitea requests of one call, as "endpoint path" strings without the /api/v1/repos/acme/platform prefix. */
function asked (requests: Array<{ path: string }>): string[] {
  return requests.map((r) => r.path.replace('/api/v1/repos/acme/platform', '')).sort()
}

t.test('Gitea requests per read: the repository only when the answer needs it', async (t) => {
  const { fake, call, requestsSince } = await setup(t)
  let start = fake.requests.length
  const first = ok(t, await call({ ...platform, path: 'README.md' }))
  t.same(asked(requestsSince(start)), ['', '/contents-ext/README.md', '/media/README.md'], 'the first read at the default branch asks for the repository too (its name)')
  start = fake.requests.length
  const again = ok(t, await call({ ...platform, path: 'README.md' }))
  t.same(asked(requestsSince(start)), ['/contents-ext/README.md', '/media/README.md'], 'the next one, two requests: the remembered default branch is confirmed by the file\'s URL')
  t.same(again, first, 'the same result')
  start = fake.requests.length
  const atRef = ok(t, await call({ ...platform, path: 'package.json', ref: 'main' }))
  t.same(asked(requestsSince(start)), ['/contents-ext/package.json', '/media/package.json'], 'a read at a ref never needs the repository')
  t.match(atRef, { ref: 'main', url: `${fake.url}/acme/platform/src/branch/main/package.json` })
})

t.test('a renamed default branch is reported on the next read, not after the repository is forgotten', async (t) => {
  const { fake, call, requestsSince } = await setup(t)
  t.match(ok(t, await call({ ...platform, path: 'README.md' })), { ref: 'main' })
  const repository = fake.data.repositories.find((r) => r.owner === 'acme' && r.name === 'platform')
  const head = repository?.git.branches.get('main')
  if (repository === undefined || head === undefined) throw new Error('sample data changed: acme/platform has no main')
  repository.git.branches.set('trunk', head)
  repository.git.branches.delete('main')
  repository.defaultBranch = 'trunk'
  const start = fake.requests.length
  const result = ok(t, await call({ ...platform, path: 'README.md' }))
  t.match(result, { ref: 'trunk', url: `${fake.url}/acme/platform/src/branch/trunk/README.md` })
  t.same(asked(requestsSince(start)), ['', '/contents-ext/README.md', '/media/README.md'], 'the URL did not confirm the remembered branch: the repository was asked again')
  t.match(ok(t, await call({ ...platform, path: 'package.json' })), { ref: 'trunk' }, 'and remembered anew')
})

t.test('a repository gone since it was remembered is reported as not found', async (t) => {
  const { fake, call } = await setup(t)
  ok(t, await call({ ...platform, path: 'README.md' }))
  const index = fake.data.repositories.findIndex((r) => r.owner === 'acme' && r.name === 'platform')
  fake.data.repositories.splice(index, 1)
  t.match(failed(t, await call({ ...platform, path: 'README.md' }), 'not_found'), /Repository "acme\/platform" not found, or the token cannot read it/)
})

t.test('a remembered repository does not get past REPO_ALLOWLIST', async (t) => {
  const denied: string[] = []
  const open = await setupTool(t, TOOL, { data: dataWithUnicode() })
  ok(t, await open.call({ ...platform, path: 'README.md' }))
  // The same client, now behind an allowlist without acme/platform.
  const ctx = { ...open.ctx, gitea: withRepoAllowlist(open.ctx.gitea, parseRepoAllowlist('acme/handbook'), (owner, repo) => { denied.push(`${owner}/${repo}`) }) }
  const start = open.fake.requests.length
  t.match(failed(t, await callTool(TOOL, { ...platform, path: 'README.md' }, ctx), 'not_found'), /not found, or the token cannot read it/)
  t.ok(denied.length > 0 && denied.every((name) => name === 'acme/platform'), 'refused and audited')
  t.equal(open.requestsSince(start).length, 0, 'Gitea was not asked')
})

t.test('a BOM is dropped; a U+FEFF starting a later line is text (escaped), wherever the read starts', async (t) => {
  const { call } = await setup(t)
  const unicode = { owner: 'acme', repo: 'unicode', path: 'zwnbsp.txt' }
  t.match(ok(t, await call(unicode)), { text: 'first\n[U+FEFF]second\n', total_lines: 2, escaped_characters: 1 })
  t.match(ok(t, await call({ ...unicode, start_line: 2 })), { text: '[U+FEFF]second\n', start_line: 2, end_line: 2, total_lines: 2, escaped_characters: 1 })
})

t.test('a large range is cut where it was before: the part decoded is enough', async (t) => {
  const { call } = await setup(t, { maxResponseBytes: 3000 })
  const unicode = { owner: 'acme', repo: 'unicode' }
  // 241-byte lines of 3- and 4-byte characters: the text that fits is far fewer characters than bytes.
  const first = ok(t, await call({ ...unicode, path: 'unicode.txt', start_line: 7 }), 3000)
  t.equal(first.text, UNICODE_LINE.repeat(first.end_line - 6))
  t.match(first, { start_line: 7, truncated: true, total_lines: 50, next: { start_line: first.end_line + 1 } })
  t.ok(first.end_line > 7)
  const long = ok(t, await call({ ...unicode, path: 'one-line.txt' }), 3000)
  t.ok(ONE_LONG_LINE.startsWith(long.text) && long.text.length > 0 && !LONE_SURROGATE.test(long.text), 'a line longer than the limit is cut inside, at a character boundary')
  t.match(long, { truncated: true, end_line: 1, next: { start_line: 2 } })
})

t.test('the remembered default branch is confirmed for any branch and path name (escaped in the URL)', async (t) => {
  const { fake, call, requestsSince } = await setup(t)
  const repository = fake.data.repositories.find((r) => r.owner === 'acme' && r.name === 'unicode')
  const head = repository?.git.branches.get('main')
  if (repository === undefined || head === undefined) throw new Error('acme/unicode has no main')
  repository.git.branches.set('release/2.x ü', head)
  repository.defaultBranch = 'release/2.x ü'
  const args = { owner: 'acme', repo: 'unicode', path: 'notes/odd name+&=;ü.md' }
  const first = ok(t, await call(args))
  t.match(first, { ref: 'release/2.x ü', text: 'odd\n' })
  const start = fake.requests.length
  t.same(ok(t, await call(args)), first, 'the same result')
  t.equal(requestsSince(start).length, 2, 'from two requests: the URL confirmed the remembered branch')
})
