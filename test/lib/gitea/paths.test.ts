import t from 'tap'
import { GiteaError } from '../../../lib/gitea/errors.js'
import { filePath, parseBaseUrl, query, segment } from '../../../lib/gitea/paths.js'

t.test('parseBaseUrl adds /api/v1 and tolerates trailing slashes and sub-paths', async (t) => {
  t.same(parseBaseUrl('https://git.example.com'), { apiRoot: 'https://git.example.com/api/v1', origin: 'https://git.example.com', host: 'git.example.com' })
  t.equal(parseBaseUrl('https://git.example.com/').apiRoot, 'https://git.example.com/api/v1')
  t.equal(parseBaseUrl(' https://example.com/gitea/ ').apiRoot, 'https://example.com/gitea/api/v1')
  t.equal(parseBaseUrl('http://127.0.0.1:3000/a/b//').apiRoot, 'http://127.0.0.1:3000/a/b/api/v1')
  t.equal(parseBaseUrl('http://127.0.0.1:3000').host, '127.0.0.1:3000')
})

t.test('parseBaseUrl refuses what it cannot use, without echoing credentials', async (t) => {
  t.throws(() => parseBaseUrl('not a url'), /GITEA_URL is not a valid URL/)
  t.throws(() => parseBaseUrl('ftp://git.example.com'), /http:\/\/ or https:\/\//)
  const error = t.throws(() => parseBaseUrl('https://bot:s3cretpass@git.example.com'), /user name or password/)
  t.notMatch(error instanceof Error ? error.message : '', 's3cretpass')
  t.throws(() => parseBaseUrl('https://git.example.com/?x=1'), /query string/)
  t.throws(() => parseBaseUrl('https://git.example.com/#top'), /fragment/)
})

t.test('segment encodes everything that could change the URL structure', async (t) => {
  t.equal(segment('acme', 'owner'), 'acme')
  t.equal(segment('a/b?c#d e%2e', 'owner'), 'a%2Fb%3Fc%23d%20e%252e')
  t.equal(segment('a\\b', 'owner'), 'a%5Cb')
  for (const bad of ['', '.', '..']) {
    t.throws(() => segment(bad, 'owner'), new GiteaError('bad_request', `Invalid owner: ${JSON.stringify(bad)}`, 400), JSON.stringify(bad))
  }
})

t.test('filePath keeps separators, encodes each part, refuses dot parts', async (t) => {
  t.equal(filePath(''), '')
  t.equal(filePath('/'), '')
  t.equal(filePath('README.md'), 'README.md')
  t.equal(filePath('/src//lib/a b.ts/'), 'src/lib/a%20b.ts')
  t.equal(filePath('x?y/%2e%2e/z#w'), 'x%3Fy/%252e%252e/z%23w')
  t.equal(filePath('.github/workflows/ci.yml'), '.github/workflows/ci.yml')
  t.equal(filePath('...'), '...')
  for (const bad of ['..', 'a/../b', './a', 'a/.']) {
    t.throws(() => filePath(bad), { name: 'GiteaError', code: 'bad_request', message: /"\." and "\.\." are not allowed/ }, bad)
  }
})

t.test('query skips undefined values and encodes the rest', async (t) => {
  t.equal(query({}), '')
  t.equal(query({ ref: undefined }), '')
  t.equal(query({ ref: 'feature/x y&z=1', page: 2, recursive: true }), '?ref=feature%2Fx+y%26z%3D1&page=2&recursive=true')
})
