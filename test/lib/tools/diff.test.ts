import t from 'tap'
import { GiteaError } from '../../../lib/gitea/errors.js'
import { jsonBytes } from '../../../lib/tools/budget.js'
import {
  diffIndex, findDiffFile, fitDiffPage, pageDiff, parseDiff, readDiff, summarizeDiffFile, type DiffPage, type ParsedDiff
} from '../../../lib/tools/diff.js'
import { ToolError } from '../../../lib/tools/errors.js'

const MODIFIED = `diff --git a/src/server.ts b/src/server.ts
index 1a2b3c4..5d6e7f8 100644
--- a/src/server.ts
+++ b/src/server.ts
@@ -1,3 +1,4 @@
 import Fastify from 'fastify'
+import { loginRoutes } from './routes/auth/login.js'
-const old = 1
+const now = 2
 export {}
`
const ADDED = `diff --git a/docs/a b.md b/docs/a b.md
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/docs/a b.md
@@ -0,0 +1,2 @@
+# Title
+---- a line that looks like a header
`
const DELETED = `diff --git a/old.txt b/old.txt
deleted file mode 100644
index e69de29..0000000
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-gone
\\ No newline at end of file
`
const RENAMED = `diff --git a/engineering/on-call.md b/engineering/on-call/rotation.md
similarity index 100%
rename from engineering/on-call.md
rename to engineering/on-call/rotation.md
`
const BINARY = `diff --git a/img/logo.png b/img/logo.png
new file mode 100644
index 0000000..3b18e51
Binary files /dev/null and b/img/logo.png differ
`
const MODE = `diff --git a/scripts/run.sh b/scripts/run.sh
old mode 100644
new mode 100755
`
const QUOTED = `diff --git "a/t\\303\\251st \\"q\\".md" "b/t\\303\\251st \\"q\\".md"
new file mode 100644
index 0000000..1111111
--- /dev/null
+++ "b/t\\303\\251st \\"q\\".md"
@@ -0,0 +1 @@
+é
`
const PREAMBLE = `commit 0123456789abcdef0123456789abcdef01234567
Author: Alice <alice@example.com>
Date:   Mon Jan 8 09:12:44 2024 +0000

    Initial commit

`

const WHOLE = PREAMBLE + MODIFIED + ADDED + DELETED + RENAMED + BINARY + MODE + QUOTED

t.test('parseDiff splits by file and reads each header', async (t) => {
  const diff = parseDiff(WHOLE)
  t.equal(diff.preamble, PREAMBLE, 'git show\'s commit header is the preamble')
  t.equal(diff.preamble + diff.files.map((f) => f.text).join(''), WHOLE, 'the parts join back to the whole')
  t.same(diff.files.map(summarizeDiffFile), [
    { path: 'src/server.ts', old_path: null, status: 'modified', binary: false, additions: 2, deletions: 1 },
    { path: 'docs/a b.md', old_path: null, status: 'added', binary: false, additions: 2, deletions: 0 },
    { path: 'old.txt', old_path: null, status: 'deleted', binary: false, additions: 0, deletions: 1 },
    { path: 'engineering/on-call/rotation.md', old_path: 'engineering/on-call.md', status: 'renamed', binary: false, additions: 0, deletions: 0 },
    { path: 'img/logo.png', old_path: null, status: 'added', binary: true, additions: 0, deletions: 0 },
    { path: 'scripts/run.sh', old_path: null, status: 'modified', binary: false, additions: 0, deletions: 0 },
    { path: 'tést "q".md', old_path: null, status: 'added', binary: false, additions: 1, deletions: 0 }
  ])
  t.equal(diff.files[1]?.text, ADDED, 'a "----" content line is a deletion-looking addition, not a header')
})

t.test('parseDiff: no files, and paths only the diff --git line names', async (t) => {
  t.same(parseDiff(''), { preamble: '', files: [] })
  t.same(parseDiff('just text\n'), { preamble: 'just text\n', files: [] })
  const odd = parseDiff('diff --git a/x y b/z\nold mode 100644\nnew mode 100755\n')
  t.equal(odd.files[0]?.path, 'z', 'different names split at " b/"')
  const plain = parseDiff('diff --git nothing-prefixed\n')
  t.equal(plain.files[0]?.path, 'nothing-prefixed')
  const copy = parseDiff('diff --git a/a.txt b/b.txt\nsimilarity index 90%\ncopy from a.txt\ncopy to b.txt\n--- a/a.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-x\n+y\n')
  t.match(copy.files[0], { path: 'b.txt', oldPath: 'a.txt', status: 'copied', additions: 1, deletions: 1 })
  const tabbed = parseDiff('diff --git a/p q b/p q\n--- a/p q\t\n+++ b/p q\t\n@@ -1 +1 @@\n-a\n+b\n')
  t.equal(tabbed.files[0]?.path, 'p q', 'a trailing tab after the name is not part of it')
})

t.test('findDiffFile matches the new path, then the old one', async (t) => {
  const diff = parseDiff(WHOLE)
  t.equal(findDiffFile(diff, 'engineering/on-call/rotation.md')?.status, 'renamed')
  t.equal(findDiffFile(diff, 'engineering/on-call.md')?.status, 'renamed', 'the old name of a rename')
  t.equal(findDiffFile(diff, 'old.txt')?.status, 'deleted')
  t.equal(findDiffFile(diff, 'nope'), undefined)
  const hidden = readDiff(Buffer.from('diff --git a/a\u200bb b/a\u200bb\nnew file mode 100644\n'), false).diff
  t.equal(findDiffFile(hidden, 'a\u200bb')?.path, 'a[U+200B]b', 'the path as sent matches its escaped form')
  t.equal(findDiffFile(hidden, 'a[U+200B]b')?.path, 'a[U+200B]b', 'and so does the escaped path shown')
})

t.test('readDiff decodes, escapes, counts and notes what it did', async (t) => {
  const clean = readDiff(Buffer.from(MODIFIED), false)
  t.same(clean.notes, [])
  t.equal(clean.escaped, 0)
  t.equal(clean.diff.files[0]?.text, MODIFIED)

  const smuggled = readDiff(Buffer.from(MODIFIED.replace('const now = 2', 'const now = 2 \u202e\u{E0041}')), false)
  t.equal(smuggled.escaped, 2)
  t.match(smuggled.diff.files[0]?.text, /const now = 2 \[U\+202E\]\[U\+E0041\]/)
  t.same(smuggled.notes, [], 'counted, not noted: the tool reports escapes with the one escape report')

  const latin1 = readDiff(Buffer.concat([Buffer.from(ADDED), Buffer.from('+caf\xe9\n', 'latin1')]), false)
  t.match(latin1.notes.join(' '), /not valid UTF-8.*U\+FFFD/)
  t.match(latin1.diff.files[0]?.text, /caf\ufffd/)

  // Cut in the middle of "é" (2 bytes): the half character is dropped, not shown as U+FFFD.
  const bytes = Buffer.from(MODIFIED + ADDED + '+é')
  const cut = readDiff(bytes.subarray(0, bytes.length - 1), true, 1234)
  t.notMatch(cut.diff.files[1]?.text, /\ufffd/)
  t.match(cut.notes.join(' '), /larger than 1\.2 KiB.*"docs\/a b\.md" are incomplete/)
  t.match(readDiff(Buffer.from('x'), true).notes.join(' '), /no file is complete/)
})

function textOf (diff: ParsedDiff): string {
  return diff.preamble + diff.files.map((f) => f.text).join('')
}

/** Concatenates every page's text without its marker. */
function allPages (diff: ParsedDiff, path: string | undefined, budget: number): DiffPage[] {
  const first = pageDiff(diff, { path, page: 1 }, budget)
  const pages = [first]
  for (let p = 2; p <= first.total_pages; p++) pages.push(pageDiff(diff, { path, page: p }, budget))
  return pages
}

const MARKER = /(\n)?\[Diff (?:of .* )?cut here to fit the response size limit \(page \d+ of \d+(; the last line is cut short and continues on the next page)?\)\. Call again with page \d+[^\]]*\]\n$/

/** A page's text without its marker (and the line break a marker after a cut line adds). */
function withoutMarker (page: DiffPage): string {
  if (!page.truncated) return page.text
  const found = MARKER.exec(page.text)
  if (found === null) throw new Error(`page ${page.page} has no marker`)
  const lead = found[2] !== undefined ? 0 : (found[1]?.length ?? 0)
  return page.text.slice(0, found.index + lead)
}

t.test('pageDiff: one page when it fits, whole files per page when it does not', async (t) => {
  const diff = parseDiff(WHOLE)
  const one = pageDiff(diff, {}, 100_000)
  t.same(one, { path: null, page: 1, total_pages: 1, text: WHOLE, truncated: false })

  const budget = 480 + 600
  const pages = allPages(diff, undefined, budget)
  t.ok(pages.length > 2, `${pages.length} pages`)
  t.equal(pages.map(withoutMarker).join(''), WHOLE, 'the pages hold the whole diff, nothing lost or repeated')
  for (const page of pages) {
    t.ok(jsonBytes(page.text) - 2 <= budget, `page ${page.page} fits`)
    if (page.truncated) {
      t.match(page.text, MARKER, `page ${page.page} ends with the marker`)
      t.same(page.next, { page: page.page + 1 })
      t.match(page.text, /or with path ".+" \(or any path from the file list\) for one file only/)
    } else {
      t.notOk('next' in page)
    }
    // Every page but one holding a file too large for a page starts at a file boundary.
    t.ok(page.text.startsWith('diff --git ') || page.text.startsWith('commit '), `page ${page.page} starts with a file`)
  }
})

t.test('pageDiff: a file larger than a page is cut at line ends, a huge line between characters', async (t) => {
  const lines = Array.from({ length: 200 }, (_, i) => `+line ${i} ${'文'.repeat(i % 7)}🙂\n`).join('')
  const big = `diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,201 @@\n${lines}+${'🙂é"\\'.repeat(400)}\n`
  const diff = parseDiff(MODIFIED + big + DELETED)
  const budget = 480 + 700
  const pages = allPages(diff, undefined, budget)
  t.equal(pages.map(withoutMarker).join(''), textOf(diff), 'nothing lost')
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
  for (const page of pages) {
    t.notOk(lone.test(page.text), `page ${page.page}: no half of a surrogate pair`)
    t.ok(jsonBytes(page.text) - 2 <= budget, `page ${page.page} fits`)
  }
  t.ok(pages.some((p) => p.truncated && !withoutMarker(p).endsWith('\n')), 'the long line is cut between characters')
  t.ok(pages.filter((p) => withoutMarker(p).endsWith('\n')).length > 2, 'other cuts fall at line ends')
  t.match(pages[0]?.text, /^diff --git a\/src\/server\.ts/, 'the small first file is alone on page 1 (the next one does not fit)')
  t.match(pages[0]?.text, /or with path "big\.txt"/, 'the marker names the file the cut falls before')

  const single = allPages(diff, 'big.txt', budget)
  t.equal(single.map(withoutMarker).join(''), big, 'one file\'s pages hold exactly that file')
  t.equal(single[0]?.path, 'big.txt')
  t.same(single[0]?.next, { page: 2, path: 'big.txt' })
  t.match(single[0]?.text, /\[Diff of "big\.txt" cut here .*Call again with page 2 and the same path for the rest\.\]\n$/)
  t.same(pageDiff(diff, { path: 'old.txt' }, budget).text, DELETED)
})

t.test('pageDiff: bad requests', async (t) => {
  const diff = parseDiff(WHOLE)
  t.throws(() => pageDiff(diff, { page: 2 }, 100_000), new ToolError('invalid_arguments', 'Invalid arguments: `page` 2 is past the end: the diff has 1 page.'))
  t.throws(() => pageDiff(diff, { page: 0 }, 100_000), { code: 'invalid_arguments' })
  t.throws(() => pageDiff(diff, { path: 'old.txt', page: 3 }, 100_000), { message: /the diff of "old\.txt" has 1 page\./ })
  t.throws(() => pageDiff(diff, {}, 500), { code: 'too_large', message: /too small to show any of the diff/ })
  const missing = (() => { try { pageDiff(diff, { path: 'src/nope.ts' }, 100_000) } catch (error) { return error } })()
  t.ok(missing instanceof GiteaError)
  t.match(missing, { code: 'not_found', message: /"src\/nope\.ts" is not one of the 7 files this diff changes: "src\/server\.ts", "docs\/a b\.md"/ })
  const many = parseDiff(Array.from({ length: 25 }, (_, i) => `diff --git a/f${i} b/f${i}\nnew file mode 100644\n`).join(''))
  t.throws(() => pageDiff(many, { path: 'x' }, 100_000), { message: /and 5 more\.$/ })
  t.throws(() => pageDiff(parseDiff(''), { path: 'x' }, 100_000), { message: /which changes no files/ })
  t.same(pageDiff(parseDiff(''), {}, 100_000), { path: null, page: 1, total_pages: 1, text: '', truncated: false }, 'an empty diff is one empty page')
})

t.test('diffIndex keeps the file list to a quarter of the budget', async (t) => {
  const files = parseDiff(Array.from({ length: 300 }, (_, i) => `diff --git a/dir/file-${i}.ts b/dir/file-${i}.ts\nnew file mode 100644\n`).join('')).files
  const all = diffIndex(files, 1_000_000)
  t.equal(all.files.length, 300)
  t.equal(all.truncated, false)
  const some = diffIndex(files, 10_000)
  t.equal(some.total, 300)
  t.equal(some.truncated, true)
  t.ok(jsonBytes(some.files) <= 2500)
  t.ok(some.files.length > 5)
})

t.test('fitDiffPage sizes the text to what the other fields leave', async (t) => {
  const lines = Array.from({ length: 400 }, (_, i) => `+${i} ${'x'.repeat(60)}\n`).join('')
  const diff = parseDiff(MODIFIED + `diff --git a/l.txt b/l.txt\nnew file mode 100644\n--- /dev/null\n+++ b/l.txt\n@@ -0,0 +1,400 @@\n${lines}` + DELETED)
  const maxBytes = 5000
  const index = diffIndex(diff.files, maxBytes)
  const build = (page: DiffPage): Record<string, unknown> => ({ sha: 'a'.repeat(40), files: index.files, ...page })
  const first = fitDiffPage(diff, {}, maxBytes, build)
  t.ok(jsonBytes(first) <= maxBytes, `page 1 fits (${jsonBytes(first)})`)
  const total = first.total_pages as number
  const texts = [first]
  for (let page = 2; page <= total; page++) {
    const next = fitDiffPage(diff, { page }, maxBytes, build)
    t.ok(jsonBytes(next) <= maxBytes, `page ${page} fits`)
    if (page === 2) t.ok(jsonBytes(next) > maxBytes - 700, `a page inside the big file uses most of the budget (${jsonBytes(next)})`)
    texts.push(next)
  }
  t.equal(texts.map((r) => withoutMarker(r as unknown as DiffPage)).join(''), textOf(diff))
  const one = fitDiffPage(diff, { path: 'l.txt', page: 2 }, maxBytes, build)
  t.equal(one.path, 'l.txt')
  t.ok(jsonBytes(one) <= maxBytes)
  t.throws(() => fitDiffPage(diff, { path: 'zzz' }, maxBytes, build), { code: 'not_found' })
})
