import t from 'tap'
import { formatFileId, formatId, formatIssueId, formatPullRequestId, formatRepositoryId, formatWikiPageId, parseId, type DocumentId } from '../../../lib/tools/ids.js'
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
    { kind: 'file', owner: 'acme', repo: 'platform', ref: '0123456789abcdef0123456789abcdef01234567', path: 'ünïcødé/文件.txt' },
    { kind: 'issue', owner: 'acme', repo: 'platform', number: 12 },
    { kind: 'pull_request', owner: 'a.b-c_d', repo: 'my.repo', number: 5 },
    { kind: 'issue', owner: 'acme', repo: 'platform', number: Number.MAX_SAFE_INTEGER }
  ]
  for (const id of ids) {
    const text = formatId(id)
    t.same(parseId(text), id, text)
  }
  t.equal(formatRepositoryId('acme', 'platform'), 'acme/platform')
  t.equal(formatFileId('acme', 'platform', 'main', 'src/index.ts'), 'acme/platform@main:src/index.ts')
  t.equal(formatIssueId('acme', 'platform', 12), 'acme/platform#12')
  t.equal(formatPullRequestId('acme', 'platform', 5), 'acme/platform!5')
})

t.test('issue and pull request ids: "#" or "!" then a whole number; a file path may hold either', async (t) => {
  t.same(parseId('acme/platform#1'), { kind: 'issue', owner: 'acme', repo: 'platform', number: 1 })
  t.same(parseId('acme/platform!42'), { kind: 'pull_request', owner: 'acme', repo: 'platform', number: 42 })
  t.same(parseId('acme/platform@main:notes#1!2.md'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'notes#1!2.md' })
})

t.test('the first ":" after "@" ends the ref; the path keeps the rest verbatim', async (t) => {
  t.same(parseId('acme/platform@main:a:b'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'a:b' })
  t.same(parseId('acme/platform@main:dir/'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'dir' })
})

t.test('wiki page ids: "/wiki/" after the repository, then the title verbatim', async (t) => {
  for (const title of ['Home', 'Deploy Guide', 'C# and F!', 'a@b:c', 'Notes/2024', 'wiki/inside']) {
    const id = formatWikiPageId('acme', 'platform', title)
    t.equal(id, `acme/platform/wiki/${title}`)
    t.same(parseId(id), { kind: 'wiki_page', owner: 'acme', repo: 'platform', title }, id)
    t.equal(formatId(parseId(id)), id)
  }
  t.same(parseId('acme/platform@main:wiki/Home.md'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'wiki/Home.md' }, 'a file id is still a file id')
  t.same(parseId('acme/platform@feature/wiki/x:a'), { kind: 'file', owner: 'acme', repo: 'platform', ref: 'feature/wiki/x', path: 'a' })
  for (const [id, why] of [
    ['acme/platform/wiki/', /title after "wiki\/" is empty/],
    ['acme/platform/wiki/  ', /title after "wiki\/" is empty/],
    ['acme/platform/wiki/a\nb', /wiki page title is not valid/],
    ['acme/platform/wiki/..', /wiki page title is not valid/],
    [`acme/platform/wiki/${'x'.repeat(256)}`, /wiki page title is not valid/],
    ['acme/pl atform/wiki/Home', /repository name is not valid/],
    ['ac me/platform/wiki/Home', /owner is not valid/]
  ] as Array<[string, RegExp]>) {
    const error = invalidId(id)
    t.equal(error?.code, 'invalid_id', id)
    t.match(error?.message, why, id)
    t.match(error?.message, /owner\/repo\/wiki\/Title/, 'the formats name the wiki form')
  }
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
    ['acme/platform#0', /the issue number after "#" must be a whole number from 1/],
    ['acme/platform!05', /the pull request number after "!" must be a whole number from 1/],
    ['acme/platform#-1', /issue number after "#" must be a whole number/],
    ['acme/platform#1.5', /issue number/],
    ['acme/platform#', /issue number/],
    ['acme/platform#12#3', /issue number/],
    ['acme/platform#99999999999999999', /issue number/],
    ['acme/platform!x', /pull request number/],
    ['acme/#12', /repository name is not valid/],
    ['..#1', /no "owner\/" part/],
    ['a b/platform#1', /owner is not valid/],
    ['acme/plat form', /repository name is not valid/]
  ]
  for (const [id, why] of cases) {
    const error = invalidId(id)
    t.ok(error, `${JSON.stringify(id)} is rejected`)
    t.equal(error?.code, 'invalid_id', `${JSON.stringify(id)}: code`)
    t.match(error?.message ?? '', why, `${JSON.stringify(id)}: says why`)
    t.match(error?.message ?? '', /owner\/repo@ref:path.*"owner\/repo#N" for issue N and "owner\/repo!N" for pull request N/, `${JSON.stringify(id)}: names the formats`)
  }
})

t.test('long invalid ids are shortened in the message', async (t) => {
  const error = invalidId('x'.repeat(1000))
  t.ok(error)
  t.ok((error?.message.length ?? 0) < 600)
})
