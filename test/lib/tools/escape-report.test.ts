// Every tool that escapes invisible Unicode says so the same way (issue 8,
// item 15): `escaped_characters` with the count and the one sanitize note in
// `note`, absent when nothing was escaped. The issue, pull request, label and
// release tools used to give only the note.
import t, { type Test } from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { sanitizeNote } from '../../../lib/tools/sanitize.js'
import { TOOLS } from '../../../lib/tools/registry.js'
import { ok, setupTool, type Json } from '../../helpers/tool-call.js'

// A right-to-left override, a zero-width space and three tag characters ("AB" and the cancel tag).
const HIDDEN = 'Reverse\u202e charge\u200b VAT\u{E0041}\u{E0042}\u{E007F}'
const SHOWN = 'Reverse[U+202E] charge[U+200B] VAT[U+E0041][U+E0042][U+E007F]'

/**
 * The visible escapes in a result (outside its note). A diff tool counts
 * what it escaped in the diff text (its file list repeats the paths).
 */
function escapesIn (result: Json): number {
  const { note, ...rest } = result
  const text = typeof rest.text === 'string' && Array.isArray(rest.files) ? rest.text : JSON.stringify(rest)
  return text.match(/\[U\+[0-9A-F]{4,6}\]/g)?.length ?? 0
}

/** The report the 9 history, file and search tools give: the count, and the sanitize note last in `note`. */
function reportsEscapes (t: Test, tool: string, result: Json, atLeast: number): void {
  const count = escapesIn(result)
  t.ok(count >= atLeast, `${tool}: ${count} escapes shown`)
  t.equal(result.escaped_characters, count, `${tool}: escaped_characters counts what is shown`)
  t.type(result.note, 'string', `${tool}: a note`)
  t.ok((result.note as string).endsWith(sanitizeNote(count) ?? 'no note'), `${tool}: the note says so in the same words`)
}

function reportsNothing (t: Test, tool: string, result: Json): void {
  t.equal(escapesIn(result), 0, `${tool}: nothing escaped`)
  t.notOk('escaped_characters' in result, `${tool}: no escaped_characters`)
  t.notOk(/invisible Unicode/.test(String(result.note)), `${tool}: no escape note`)
}

function data (): ReturnType<typeof sampleData> {
  const d = sampleData()
  const platform = d.repositories.find((r) => r.name === 'platform')
  const website = d.repositories.find((r) => r.name === 'website')
  const issue = platform?.issues?.find((i) => i.index === 10)
  const pull = platform?.issues?.find((i) => i.index === 4)
  const label = platform?.labels?.find((l) => l.name === 'docs')
  const release = platform?.releases?.find((r) => r.tag === 'v1.1.0')
  if (issue === undefined || pull === undefined || label === undefined || release === undefined || website?.issues === undefined) throw new Error('sample data changed')
  issue.title = HIDDEN
  pull.title = HIDDEN
  label.description = HIDDEN
  release.name = HIDDEN
  // A pull request whose diff hides characters.
  const h = new GitHistory()
  const sig = signature('Bob', 'bob@acme.example', '2024-06-01T10:00:00', 0)
  const base = h.commit({ branch: 'main', author: sig, message: 'Start', files: { 'a.md': 'hello\n' } })
  const head = h.commit({ branch: 'trojan', from: 'main', author: sig, message: 'Edit', files: { 'a.md': `${HIDDEN}\n`, 'b\u202e.md': 'b\n' } })
  website.git = h.git
  website.issues.push({
    id: 902,
    index: 3,
    author: 'bob',
    title: 'Edit',
    body: '',
    labels: [],
    assignees: [],
    state: 'open',
    locked: false,
    created: '2024-06-02T10:00:00Z',
    updated: '2024-06-02T10:00:00Z',
    closed: null,
    comments: [],
    pull: { id: 903, baseBranch: 'main', headBranch: 'trojan', headSha: head.sha, mergeBase: base.sha, merged: null }
  })
  return d
}

const platform = { owner: 'acme', repo: 'platform' }

// Each tool: a call that shows the hidden text, and one that shows none.
const CASES: Array<{ tool: string, hidden: Record<string, unknown>, clean: Record<string, unknown> }> = [
  { tool: 'list_issues', hidden: platform, clean: { ...platform, state: 'closed' } },
  { tool: 'get_issue', hidden: { ...platform, index: 10 }, clean: { ...platform, index: 3 } },
  { tool: 'list_pull_requests', hidden: platform, clean: { ...platform, state: 'closed' } },
  { tool: 'get_pull_request', hidden: { ...platform, index: 4 }, clean: { ...platform, index: 6 } },
  { tool: 'get_pull_request_diff', hidden: { owner: 'acme', repo: 'website', index: 3 }, clean: { ...platform, index: 4 } },
  { tool: 'list_labels', hidden: platform, clean: { ...platform, limit: 1 } },
  { tool: 'list_releases', hidden: { ...platform, limit: 1 }, clean: { ...platform, limit: 1, page: 2 } }
]

for (const { tool, hidden, clean } of CASES) {
  t.test(`${tool} reports escaped characters like the other tools`, async (t) => {
    const { call } = await setupTool(t, tool, { data: data() })
    const result = ok(t, tool, await call(hidden))
    t.ok(JSON.stringify(result).includes(JSON.stringify(SHOWN).slice(1, -1)), `${tool}: the hidden text is shown escaped`)
    reportsEscapes(t, tool, result, 5)
    reportsNothing(t, tool, ok(t, tool, await call(clean)))
  })
}

t.test('every tool that escapes declares escaped_characters the same way', async (t) => {
  const listCommits = TOOLS.find((tool) => tool.name === 'list_commits')
  const declared = listCommits?.outputSchema.properties.escaped_characters
  t.ok(declared !== undefined, 'the history tools declare it')
  for (const { tool } of CASES) {
    const schema = TOOLS.find((candidate) => candidate.name === tool)?.outputSchema
    t.same(schema?.properties.escaped_characters, declared, `${tool} declares escaped_characters`)
    t.same(schema?.properties.note, listCommits?.outputSchema.properties.note, `${tool} declares the same note`)
  }
})

t.test('get_pull_request escapes changed paths as the diff does, and the escaped path reads that file\'s diff', async (t) => {
  const d = data()
  const files = await setupTool(t, 'get_pull_request', { data: d })
  const website = { owner: 'acme', repo: 'website', index: 3 }
  const result = ok(t, 'get_pull_request', await files.call(website))
  t.same(result.files.map((f: Json) => f.path), ['a.md', 'b[U+202E].md'])
  reportsEscapes(t, 'get_pull_request', result, 1)
  const diff = await setupTool(t, 'get_pull_request_diff', { data: d })
  const one = ok(t, 'get_pull_request_diff', await diff.call({ ...website, path: 'b[U+202E].md' }))
  t.equal(one.path, 'b[U+202E].md')
  t.match(one.text, /^diff --git a\/b\[U\+202E\]\.md b\/b\[U\+202E\]\.md\n/)
  // Like get_commit_diff, the count is of the whole diff read, whatever page or file is shown.
  t.equal(one.escaped_characters, 8)
  t.ok((one.note as string).endsWith(sanitizeNote(8) ?? 'no note'))
})
