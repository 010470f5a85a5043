import t from 'tap'
import {
  expectBranches, expectChangedFiles, expectCommit, expectCompare, expectContent, expectContents, expectContentsBatch, expectIssue, expectRepository,
  expectRepositoryList, expectSearchResults, expectTags, expectTree, expectUser, expectVersion, ShapeError
} from '../../../lib/gitea/validate.js'

const user = { id: 1, login: 'acme' }
const repo = { id: 2, name: 'platform', full_name: 'acme/platform', owner: user, extra: 'kept' }
const file = { name: 'a', path: 'a', sha: 's', type: 'file', size: 1, url: 'u' }

t.test('accepts the shapes Gitea sends and keeps unknown fields', async (t) => {
  t.equal(expectVersion({ version: '1.26.3' }), '1.26.3')
  t.equal(expectUser(user).login, 'acme')
  const kept: Record<string, unknown> = expectRepository(repo)
  t.equal(kept.extra, 'kept')
  t.equal(expectRepositoryList([repo, repo]).length, 2)
  t.equal(expectSearchResults({ ok: true, data: [repo] }).length, 1)
  t.equal(expectSearchResults({ data: [] }).length, 0, 'ok may be missing')
})

t.test('refuses what is not the promised shape, saying where', async (t) => {
  const cases: Array<[() => unknown, RegExp]> = [
    [() => expectVersion(null), /version is not an object/],
    [() => expectVersion({ version: 1 }), /version\.version is not a string/],
    [() => expectUser([]), /user is not an object/],
    [() => expectRepository({ ...repo, owner: null }), /repository\.owner is not an object/],
    [() => expectRepository({ ...repo, full_name: undefined }), /repository\.full_name is missing/],
    [() => expectRepository({ ...repo, full_name: null }), /repository\.full_name is not a string/],
    [() => expectRepositoryList({ data: [] }), /repository list is not an array/],
    [() => expectRepositoryList([repo, { ...repo, id: '3' }]), /repository list\[1\]\.id is not a number/],
    [() => expectSearchResults({ ok: false, data: [] }), /ok: false/],
    [() => expectSearchResults({ ok: true, data: null }), /not an array/],
    [() => expectContent({ ...file, type: 'weird' }), /contents\.type is not file, dir, symlink or submodule/],
    [() => expectContent({ ...file, size: '1' }), /contents\.size is not a number/],
    [() => expectContents([file, { ...file, sha: null }]), /contents\[1\]\.sha is not a string/],
    [() => expectTree({ sha: 's', tree: {} }), /tree\.tree is not an array/],
    [() => expectTree({ sha: 's', tree: [{ path: 'a', sha: 's', mode: '100644', type: 'symlink' }] }), /tree\.tree\[0\]\.type is not blob, tree or commit/],
    [() => expectTree({ tree: [] }), /tree\.sha is missing/],
    [() => expectIssue({ id: 1, number: 2, title: 't', state: 'open', user: 'alice' }), /^issue\.user is not an object$/],
    [() => expectRepository({ id: '1', name: 7 }), /^repository\.full_name is missing; repository\.owner is missing; repository\.id is not a number$/]
  ]
  for (const [run, message] of cases) t.throws(run, { name: 'ShapeError', message }, String(message))
  t.type(new ShapeError('x'), Error)
})

t.test('fills what Gitea may leave out', async (t) => {
  const content = expectContent({ name: 'a', path: 'a', sha: 's', type: 'symlink', size: 1, target: 'b' })
  t.same({ target: content.target, url: content.url, encoding: content.encoding, content: content.content, download_url: content.download_url },
    { target: 'b', url: '', encoding: null, content: null, download_url: null })
  const tree = expectTree({ sha: 's', tree: [{ path: 'm', sha: 'c', mode: '160000', type: 'commit' }] })
  t.same(tree, { sha: 's', url: '', tree: [{ path: 'm', sha: 'c', mode: '160000', type: 'commit', size: 0, url: '' }], truncated: false, page: 1, total_count: 1 })
})

t.test('takes the default for what Gitea leaves out or sends as null, and for a scalar of another type', async (t) => {
  const commit = expectCommit({ sha: 'c', commit: { message: null, author: null }, author: null, parents: null, files: undefined, stats: { total: 'x' } })
  t.same(commit, {
    sha: 'c',
    url: '',
    html_url: '',
    created: '',
    commit: { message: '', author: { name: '', email: '', date: '' }, committer: { name: '', email: '', date: '' } },
    author: null,
    committer: null,
    parents: [],
    files: null,
    stats: { total: 0, additions: 0, deletions: 0 }
  })
  t.same(expectTags([{ name: 'v1', commit: { sha: 'abc' } }])[0], { name: 'v1', message: '', commit: { sha: 'abc', url: '', created: '' }, id: 'abc', zipball_url: '', tarball_url: '' })
  t.same(expectCompare({ commits: [{ sha: 'a', commit: {} }] }).total_commits, 1, 'total_commits defaults to the number of commits')
  t.same(expectBranches(null), [], 'an empty repository answers null')
  const [first, second] = [expectCommit({ sha: 'a', commit: {} }), expectCommit({ sha: 'b', commit: {} })]
  t.not(first.parents, second.parents, 'an array default is a copy for each answer')
  t.not(first.commit.author, second.commit.author, 'an object default is a copy for each answer')
  t.same(expectContentsBatch([null, { ...file }]).map((c) => c?.name ?? null), [null, 'a'], 'an unreadable file stays null')
  const files = expectChangedFiles([{ filename: 'a', previous_filename: '', additions: '3' }, { filename: 'b', previous_filename: 'c' }])
  t.same(files.map((f) => [f.previous_filename, f.additions, f.status]), [[undefined, 0, 'changed'], ['c', 0, 'changed']])
  t.notOk('previous_filename' in (files[0] as object), 'an empty previous name is dropped')
  t.equal(expectRepository({ ...repo, topics: null }).topics, null, 'topics may be null')
  t.notOk('topics' in expectRepository(repo), 'and absent')
  t.throws(() => expectCommit({ sha: 'c', commit: {}, parents: 'p' }), /commit\.parents is not an array/, 'a list of another type is refused')
  t.throws(() => expectCommit({ sha: 'c', commit: 'x' }), /commit\.commit is not an object/)
})

t.test('keeps what Gitea sends beyond the schema, nested too', async (t) => {
  const issue: Record<string, unknown> = expectIssue({ id: 1, number: 2, title: 't', state: 'open', milestone: { id: 9 }, user: { ...user, is_admin: false } })
  t.same(issue.milestone, { id: 9 })
  t.match(issue.user, { is_admin: false })
})
