import t, { type Test } from 'tap'
import { GitHistory, signature, type FakeGiteaData } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import type { ToolCallOutcome } from '../../../lib/tools/registry.js'
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
    files: { 'unicode.txt': UNICODE_FILE, 'one-line.txt': ONE_LONG_LINE, 'empty.txt': '' }
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
  t.equal(fake.requests.filter((r) => r.path.includes('/raw/')).length, 0, 'a small file comes from the contents API alone')
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

t.test('a file over 10 MiB is read through raw, up to the limit', async (t) => {
  const { fake, call } = await setup(t)
  const result = ok(t, await call({ ...platform, path: 'data/seed/products.sql', start_line: 4, end_line: 5 }))
  t.equal(result.size, 12_980_141)
  t.equal(result.encoding, 'utf-8')
  t.match(result.text, /^INSERT INTO products \(id, sku, price_cents, stock, warehouse\) VALUES \(0000001, /)
  t.equal(result.start_line, 4)
  t.equal(result.end_line, 5)
  t.equal(result.total_lines, null)
  t.equal(result.truncated, true, 'the file is larger than MAX_FILE_SIZE_BYTES')
  t.equal(fake.requests.filter((r) => r.path === '/api/v1/repos/acme/platform/raw/data/seed/products.sql').length, 1)
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
