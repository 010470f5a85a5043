import t from 'tap'
import { formatFileId, formatId, formatRepositoryId, parseId, type DocumentId } from '../../../lib/tools/ids.js'
import { ToolError } from '../../../lib/tools/errors.js'

function invalidId (id: string): ToolError | undefined {
  try {
    parseId(id)
  } catch (error) {
    if (error instanceof ToolError) return error
    throw error
  }
  return undefined
}

t.test('repository and file ids round-trip', async (t) => {
  const ids: DocumentId[] = [
    { kind: 'repository', owner: 'acme', repo: 'platform' },
    { kind: 'repository', owner: 'a.b-c_d', repo: 'my.repo' },
    { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'README.md' },
    { kind: 'file', owner: 'acme', repo: 'platform', ref: 'feature/login-rate-limit', path: 'src/auth/rate-limit.ts' },
    { kind: 'file', owner: 'acme', repo: 'platform', ref: 'v1.0.0', path: 'docs/a b/c:d@e#f!g.md' },
    { kind: 'file', owner: 'acme', repo: 'platform', ref: '0123456789abcdef0123456789abcdef01234567', path: 'ünïcødé/文件.txt' }
  ]
  for (const id of ids) {
    const text = formatId(id)
    t.same(parseId(text), id, text)
  }
  t.equal(formatRepositoryId('acme', 'platform'), 'acme/platform')
  t.equal(formatFileId('acme', 'platform', 'main', 'src/index.ts'), 'acme/platform@main:src/index.ts')
})

t.test('the first ":" after "@" ends the ref; the path keeps the rest verbatim', async (t) => {
  t.same(parseId('acme/platform@main:a:b'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'a:b' })
  t.same(parseId('acme/platform@main:dir/'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'dir' })
})

t.test('invalid ids are rejected with invalid_id and the formats', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /no "owner\/" part/],
    ['platform', /no "owner\/" part/],
    ['/platform', /no "owner\/" part/],
    ['acme/', /repository name is not valid/],
    ['acme/plat/form', /repository name is not valid/],
    ['../platform', /owner is not valid/],
    ['acme/..', /repository name is not valid/],
    ['acme/platform@main', /needs ":"/],
    ['acme/platform@:README.md', /ref is not valid/],
    ['acme/platform@main:', /path after ":" is empty/],
    ['acme/platform@main:../../etc/passwd', /path is not valid/],
    ['acme/platform@main:/etc/passwd', /path is not valid/],
    ['acme/platform@main:%2e%2e/x', /path is not valid/],
    ['acme/platform@ma..in:README.md', /ref is not valid/],
    ['acme/platform@ma in:README.md', /ref is not valid/],
    ['acme/platform#12', /issue and pull request ids are not supported/],
    ['acme/platform!5', /issue and pull request ids are not supported/],
    ['acme/plat form', /repository name is not valid/]
  ]
  for (const [id, why] of cases) {
    const error = invalidId(id)
    t.ok(error, `${JSON.stringify(id)} is rejected`)
    t.equal(error?.code, 'invalid_id', `${JSON.stringify(id)}: code`)
    t.match(error?.message ?? '', why, `${JSON.stringify(id)}: says why`)
    t.match(error?.message ?? '', /owner\/repo@ref:path/, `${JSON.stringify(id)}: names the formats`)
  }
})

t.test('long invalid ids are shortened in the message', async (t) => {
  const error = invalidId('x'.repeat(1000))
  t.ok(error)
  t.ok((error?.message.length ?? 0) < 600)
})
