// The fake's object ids are real git ids: checked against known values and,
// where git is installed, against git itself for the whole acme/platform history.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { GitHistory, signature } from './data.js'
import { blobBytes, fixedLineContent, makeBlob, makeTree } from './git-objects.js'
import { history, revParse } from './revision.js'
import { sampleData } from './sample-data.js'

t.test('blob and tree ids match git\'s well-known values', async (t) => {
  t.equal(makeBlob(Buffer.alloc(0)).sha, 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391')
  t.equal(makeBlob(Buffer.from('hello\n')).sha, 'ce013625030ba8dba906f756967f9e9ca394464a')
  t.equal(makeTree([]).sha, '4b825dc642cb6eb9a060e54bf8d69288fbee4904')
})

t.test('tree entries sort like git: a directory sorts as "name/"', async (t) => {
  const blob = makeBlob(Buffer.from('x')).sha
  const tree = makeTree([
    { name: 'src', mode: '40000', sha: makeTree([]).sha },
    { name: 'src.ts', mode: '100644', sha: blob },
    { name: 'src-old', mode: '100644', sha: blob },
    { name: 'README.md', mode: '100644', sha: blob }
  ])
  t.same(tree.entries.map((e) => e.name), ['README.md', 'src-old', 'src.ts', 'src'])
})

t.test('lazily generated content reads the same in any slicing, and hashes like the whole', async (t) => {
  const lazy = fixedLineContent('test/lazy', 'head\n', 10, 1000, (i) => `line ${i}`)
  const whole = lazy.read(0, lazy.size)
  t.equal(whole.length, lazy.size)
  t.same(Buffer.concat([lazy.read(0, 3), lazy.read(3, 777), lazy.read(777, lazy.size)]), whole)
  t.same(lazy.read(5, 15).toString(), 'line 0   \nline 1   \n'.slice(0, 10))
  const blob = makeBlob(lazy)
  t.equal(blob.sha, makeBlob(whole).sha)
  t.same(blobBytes(blob, 100, 120), whole.subarray(100, 120))
})

t.test('history builder: parents, inheritance, deletion and branches', async (t) => {
  const h = new GitHistory()
  const who = signature('A', 'a@example.com', '2024-01-01T00:00:00', 0)
  const c1 = h.commit({ branch: 'main', author: who, message: 'one', files: { 'a.txt': 'a', 'dir/b.txt': 'b' } })
  const c2 = h.commit({ branch: 'main', author: { ...who, when: who.when + 60 }, message: 'two', files: { 'a.txt': null, 'c.txt': 'c' } })
  const c3 = h.commit({ branch: 'topic/x', from: 'main', author: { ...who, when: who.when + 120 }, message: 'three', files: { 'd.txt': 'd' } })
  t.same(c2.parents, [c1.sha])
  t.same(c3.parents, [c2.sha])
  t.equal(h.git.branches.get('main'), c2.sha)
  t.equal(revParse(h.git, 'main', 'topic/x'), c3.sha)
  t.same(history(h.git, c3.sha).map((c) => c.message), ['three\n', 'two\n', 'one\n'])
})

function git (dir: string, args: string[], input?: string | Buffer, env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: dir, input, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }).toString().trim()
}

function hasGit (): boolean {
  try { execFileSync('git', ['--version']); return true } catch { return false }
}

const zone = (tz: number): string => (tz < 0 ? '-' : '+') + String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0') + String(Math.abs(tz) % 60).padStart(2, '0')

t.test('git itself computes the same ids for every object of acme/platform', async (t) => {
  if (!hasGit()) {
    t.comment('git is not installed: only the well-known values above were checked')
    t.equal(makeBlob(Buffer.from('hello\n')).sha, 'ce013625030ba8dba906f756967f9e9ca394464a')
    return
  }
  const repo = sampleData().repositories.find((r) => r.name === 'platform')
  if (repo === undefined) throw new Error('no acme/platform')
  const dir = mkdtempSync(join(tmpdir(), 'fake-gitea-git-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  git(dir, ['init', '-q', '--bare'])
  const objects = [...repo.git.objects.values()]
  for (const o of objects) {
    if (o.type !== 'blob') continue
    t.equal(git(dir, ['hash-object', '-w', '--stdin'], blobBytes(o)), o.sha, `blob ${o.sha}`)
  }
  for (const o of objects) {
    if (o.type !== 'tree') continue
    const input = o.entries.map((e) => {
      const type = e.mode === '40000' ? 'tree' : e.mode === '160000' ? 'commit' : 'blob'
      return `${e.mode.padStart(6, '0')} ${type} ${e.sha}\t${e.name}\n`
    }).join('')
    t.equal(git(dir, ['mktree', '--missing'], input), o.sha, `tree ${o.sha}`)
  }
  // parents before children: oldest first
  const commits = [...new Set([...repo.git.branches.values()].flatMap((head) => history(repo.git, head)))]
    .sort((a, b) => a.committer.when - b.committer.when)
  for (const c of commits) {
    const args = ['commit-tree', c.tree, ...c.parents.flatMap((p) => ['-p', p])]
    const env = {
      GIT_AUTHOR_NAME: c.author.name,
      GIT_AUTHOR_EMAIL: c.author.email,
      GIT_AUTHOR_DATE: `@${c.author.when} ${zone(c.author.tz)}`,
      GIT_COMMITTER_NAME: c.committer.name,
      GIT_COMMITTER_EMAIL: c.committer.email,
      GIT_COMMITTER_DATE: `@${c.committer.when} ${zone(c.committer.tz)}`
    }
    t.equal(git(dir, args, c.message, env), c.sha, `commit ${c.message.split('\n')[0]}`)
  }
  for (const o of objects) {
    if (o.type !== 'tag') continue
    const text = `object ${o.object}\ntype commit\ntag ${o.name}\ntagger ${o.tagger.name} <${o.tagger.email}> ${o.tagger.when} ${zone(o.tagger.tz)}\n\n${o.message}`
    t.equal(git(dir, ['mktag'], text), o.sha, `tag ${o.name}`)
  }
  t.equal(git(dir, ['cat-file', '-t', repo.git.branches.get('main') ?? '']), 'commit')
})
