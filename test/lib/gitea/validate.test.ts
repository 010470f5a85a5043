import t from 'tap'
import {
  expectContent, expectContents, expectRepository, expectRepositoryList, expectSearchResults, expectTree, expectUser, expectVersion,
  ShapeError
} from '../../../lib/gitea/validate.js'

const user = { id: 1, login: 'acme' }
const repo = { id: 2, name: 'platform', full_name: 'acme/platform', owner: user, extra: 'kept' }
const file = { name: 'a', path: 'a', sha: 's', type: 'file', size: 1, url: 'u' }

t.test('accepts the shapes Gitea sends and keeps unknown fields', async (t) => {
  t.equal(expectVersion({ version: '1.26.3' }), '1.26.3')
  t.equal(expectUser(user).login, 'acme')
  t.equal((expectRepository(repo) as unknown as { extra: string }).extra, 'kept')
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
    [() => expectRepository({ ...repo, full_name: undefined }), /repository\.full_name is not a string/],
    [() => expectRepositoryList({ data: [] }), /repository list is not an array/],
    [() => expectRepositoryList([repo, { ...repo, id: '3' }]), /repository\[1\]\.id is not a number/],
    [() => expectSearchResults({ ok: false, data: [] }), /ok: false/],
    [() => expectSearchResults({ ok: true, data: null }), /not an array/],
    [() => expectContent({ ...file, type: 'weird' }), /contents\.type is not file, dir, symlink or submodule/],
    [() => expectContent({ ...file, size: '1' }), /contents\.size is not a number/],
    [() => expectContents([file, { ...file, sha: null }]), /contents\[1\]\.sha is not a string/],
    [() => expectTree({ sha: 's', tree: {} }), /tree\.tree is not an array/],
    [() => expectTree({ sha: 's', tree: [{ path: 'a', sha: 's', mode: '100644', type: 'symlink' }] }), /tree\.tree\[0\]\.type is not blob, tree or commit/],
    [() => expectTree({ tree: [] }), /tree\.sha is not a string/]
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
