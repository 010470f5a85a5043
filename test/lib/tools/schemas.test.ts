import t, { type Test } from 'tap'
import { checkCommonArguments, validateName, validatePath, validateRef } from '../../../lib/tools/schemas.js'
import { ToolError } from '../../../lib/tools/errors.js'

function rejects (t: Test, fn: () => unknown, pattern: RegExp, name: string): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  t.ok(caught instanceof ToolError && caught.code === 'invalid_arguments' && pattern.test(caught.message),
    `${name}: ${caught instanceof Error ? caught.message : 'no error thrown'}`)
}

t.test('validatePath accepts ordinary repository-relative paths', async (t) => {
  t.equal(validatePath('README.md'), 'README.md')
  t.equal(validatePath('src/lib/index.ts'), 'src/lib/index.ts')
  t.equal(validatePath('docs/with space/é.md'), 'docs/with space/é.md')
  t.equal(validatePath('.github/workflows/ci.yml'), '.github/workflows/ci.yml', 'dot files are fine')
  t.equal(validatePath('a..b/c...d'), 'a..b/c...d', '".." inside a name is fine')
  t.equal(validatePath('src/'), 'src', 'a trailing slash is dropped')
  t.equal(validatePath('', 'path', true), '', 'the root when allowed')
})

t.test('validatePath rejects traversal, absolute paths and odd characters', async (t) => {
  rejects(t, () => validatePath('..'), /"\." or "\.\."/, '..')
  rejects(t, () => validatePath('../etc/passwd'), /"\." or "\.\."/, '../etc/passwd')
  rejects(t, () => validatePath('src/../../secret'), /"\." or "\.\."/, 'inner ..')
  rejects(t, () => validatePath('src/./a'), /"\." or "\.\."/, '. segment')
  rejects(t, () => validatePath('%2e%2e/etc/passwd'), /"\." or "\.\."/, '%2e%2e')
  rejects(t, () => validatePath('src/%2E%2E/x'), /"\." or "\.\."/, '%2E%2E upper case')
  rejects(t, () => validatePath('%252e%252e/x'), /"\." or "\.\."/, 'double encoded')
  rejects(t, () => validatePath('/etc/passwd'), /leading "\/"/, '/etc/passwd')
  rejects(t, () => validatePath('%2fetc/passwd'), /leading "\/"/, 'encoded leading slash')
  rejects(t, () => validatePath('a\\b'), /backslash/, 'a\\b')
  rejects(t, () => validatePath('a%5cb'), /backslash/, 'encoded backslash')
  rejects(t, () => validatePath('a\u0000b'), /control character/, 'NUL')
  rejects(t, () => validatePath('a%00b'), /control character/, 'encoded NUL')
  rejects(t, () => validatePath('a\nb'), /control character/, 'newline')
  rejects(t, () => validatePath('a//b'), /empty segments/, 'empty segment')
  rejects(t, () => validatePath('x'.repeat(4097)), /longer than 4096/, 'too long')
  rejects(t, () => validatePath(''), /cannot be empty/, 'empty when the root is not allowed')
  rejects(t, () => validatePath('/', 'path', true), /leading "\/".*omit it/, 'a lone "/" explains how to ask for the root')
  t.equal(validatePath('x'.repeat(4096)), 'x'.repeat(4096), '4096 is fine')
  t.equal(validatePath('100%'), '100%', 'a stray % that does not decode is kept')
})

t.test('validateRef', async (t) => {
  for (const ok of ['main', 'feature/login-rate-limit', 'v1.0.0', 'a'.repeat(40), 'release-2024.01']) {
    t.equal(validateRef(ok), ok, ok)
  }
  rejects(t, () => validateRef('main..dev'), /"\.\."/, '..')
  rejects(t, () => validateRef('a:b'), /without spaces/, 'colon')
  rejects(t, () => validateRef('a b'), /without spaces/, 'space')
  rejects(t, () => validateRef('a\tb'), /without spaces/, 'tab')
  rejects(t, () => validateRef('a\u0001b'), /control/, 'control character')
  for (const bad of ['a~1', 'a^', 'a?', 'a*', 'a[b', 'a\\b']) rejects(t, () => validateRef(bad), /without spaces/, bad)
  rejects(t, () => validateRef('x'.repeat(256)), /longer than 255/, 'too long')
  rejects(t, () => validateRef(''), /cannot be empty/, 'empty')
  rejects(t, () => validateRef('a@{1}'), /@\{/, '@{')
  rejects(t, () => validateRef('/main'), /start or end with "\/"/, 'leading slash')
  rejects(t, () => validateRef('main.lock'), /\.lock/, '.lock')
  rejects(t, () => validateRef('-main'), /start with "-"/, 'leading dash')
})

t.test('validateName', async (t) => {
  t.equal(validateName('acme', 'owner'), 'acme')
  t.equal(validateName('my-repo_2.0', 'repo'), 'my-repo_2.0')
  rejects(t, () => validateName('.', 'repo'), /cannot be "\."/, '.')
  rejects(t, () => validateName('..', 'owner'), /cannot be "\.\."/, '..')
  rejects(t, () => validateName('a/b', 'repo'), /repository name/, 'slash')
  rejects(t, () => validateName('a@b', 'owner'), /organisation name/, '@')
  rejects(t, () => validateName('', 'owner'), /organisation name/, 'empty')
  rejects(t, () => validateName('x'.repeat(101), 'repo'), /1 to 100/, 'too long')
})

t.test('checkCommonArguments checks by argument name and normalises paths', async (t) => {
  t.same(checkCommonArguments({ owner: 'acme', repo: 'platform', path: 'src/', ref: 'main', page: 2 }),
    { owner: 'acme', repo: 'platform', path: 'src', ref: 'main', page: 2 })
  rejects(t, () => checkCommonArguments({ owner: '..', repo: 'x' }), /owner/, 'owner ..')
  rejects(t, () => checkCommonArguments({ owner: 'a', repo: '.' }), /repo/, 'repo .')
  rejects(t, () => checkCommonArguments({ path: '../x' }), /path/, 'path')
  rejects(t, () => checkCommonArguments({ ref: 'a..b' }), /ref/, 'ref')
})
