// get_file_contents and fetch show invisible Unicode in file text as visible
// escapes, say so, and change nothing else (issue 4, part 6).
import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { addRepository, ok, setupTool } from '../../helpers/tool-call.js'

const HIDDEN = 'Deploy with the runbook.\u{E0049}\u{E0047}\u{E004E}\u{E004F}\u{E0052}\u{E0045}\n' + // tag characters ("IGNORE")
  'if (isAdmin) { \u202e } \u2066// check later\u2069 return true\n' + // bidi overrides and isolates
  'ze\u200bro wi\u200ddth\ufeff\n'
const CLEAN = 'Nothing to see here: é, 文字, 🙂 and "quotes" stay as they are.\n'

function data (): ReturnType<typeof sampleData> {
  const h = new GitHistory()
  h.commit({
    branch: 'main',
    author: signature('Alice Nguyen', 'alice@acme.example', '2024-06-01T10:00:00', 0),
    message: 'Samples',
    files: {
      'README.md': `# Smuggled\n\n${HIDDEN}`,
      'clean.md': CLEAN,
      'long.md': Array.from({ length: 300 }, (_, i) => `line ${i}${i === 5 || i === 250 ? '\u200b' : ''}\n`).join('')
    }
  })
  return addRepository(sampleData(), 'smuggled', h.git)
}

const repo = { owner: 'acme', repo: 'smuggled' }

t.test('get_file_contents escapes invisible characters and says how many', async (t) => {
  const { call } = await setupTool(t, 'get_file_contents', { data: data() })
  const result = ok(t, 'get_file_contents', await call({ ...repo, path: 'README.md' }))
  t.equal(result.text, '# Smuggled\n\nDeploy with the runbook.[U+E0049][U+E0047][U+E004E][U+E004F][U+E0052][U+E0045]\n' +
    'if (isAdmin) { [U+202E] } [U+2066]// check later[U+2069] return true\nze[U+200B]ro wi[U+200D]dth[U+FEFF]\n')
  t.equal(result.escaped_characters, 12)
  t.match(result.note, /^12 invisible Unicode character\(s\) \(tag, bidirectional or zero-width\) were shown as \[U\+XXXX\] escapes/)
  t.equal(result.total_lines, 5, 'line numbers are unchanged')
  const part = ok(t, 'get_file_contents', await call({ ...repo, path: 'README.md', start_line: 5, end_line: 5 }))
  t.equal(part.text, 'ze[U+200B]ro wi[U+200D]dth[U+FEFF]\n')
  t.equal(part.escaped_characters, 3, 'only what the lines returned hold')
  const clean = ok(t, 'get_file_contents', await call({ ...repo, path: 'clean.md' }))
  t.equal(clean.text, CLEAN, 'any other text is byte for byte')
  t.notOk('escaped_characters' in clean)
  t.notOk('note' in clean)
})

t.test('get_file_contents: a text cut to fit counts the escapes it shows', async (t) => {
  const { call } = await setupTool(t, 'get_file_contents', { data: data(), limits: { maxResponseBytes: 1500 } })
  const first = ok(t, 'get_file_contents', await call({ ...repo, path: 'long.md' }), 1500)
  t.equal(first.truncated, true)
  t.ok(first.end_line > 6 && first.end_line < 250)
  t.equal(first.escaped_characters, 1, 'the one on line 6, not the one on line 251')
  t.match(first.text, /^line 5\[U\+200B\]$/m)
  t.match(first.note, /Cut at line \d+ .* 1 invisible Unicode character/)
  const rest = ok(t, 'get_file_contents', await call({ ...repo, path: 'long.md', start_line: 240, end_line: 260 }), 1500)
  t.equal(rest.escaped_characters, 1)
})

t.test('fetch escapes file text and a README the same way', async (t) => {
  const { call } = await setupTool(t, 'fetch', { data: data() })
  const file = ok(t, 'fetch', await call({ id: 'acme/smuggled@main:README.md' }))
  t.match(file.text, /Deploy with the runbook\.\[U\+E0049\]\[U\+E0047\]/)
  t.notMatch(file.text, /[\u{E0000}-\u{E007F}\u202e\u200b]/u)
  t.match(file.metadata, { kind: 'file', escaped_characters: 12, note: /12 invisible Unicode character/, total_lines: 5 })
  const summary = ok(t, 'fetch', await call({ id: 'acme/smuggled' }))
  t.equal(summary.metadata.readme_path, 'README.md')
  t.match(summary.text, /## README\.md\n\n# Smuggled\n\nDeploy with the runbook\.\[U\+E0049\]/)
  t.equal(summary.metadata.escaped_characters, 12)
  const clean = ok(t, 'fetch', await call({ id: 'acme/smuggled@main:clean.md' }))
  t.equal(clean.text, CLEAN)
  t.notOk('escaped_characters' in clean.metadata)
  t.notOk('note' in clean.metadata)
})
