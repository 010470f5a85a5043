// fetch of issue ("owner/repo#N") and pull request ("owner/repo!N") ids.
import t from 'tap'
import { failed, ok, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'fetch'

let s: ToolSetup
t.before(async () => { s = await setupTool(t, TOOL) })

t.test('an issue: facts, description and every comment', async (t) => {
  const doc = ok(t, TOOL, await s.call({ id: 'acme/platform#1' }))
  t.equal(doc.id, 'acme/platform#1')
  t.equal(doc.title, 'VAT is off by a cent on invoices with many lines (acme/platform#1)')
  t.equal(doc.url, `${s.fake.url}/acme/platform/issues/1`)
  t.same(doc.metadata, { kind: 'issue', owner: 'acme', repo: 'platform', number: 1, state: 'closed', comments: 2, truncated: false })
  t.equal(doc.text, [
    '# VAT is off by a cent on invoices with many lines (acme/platform#1)',
    '',
    '- Issue #1 in acme/platform, closed',
    '- Opened by alice on 2024-03-26T10:02:11Z; closed on 2024-04-09T09:50:31Z',
    '- Labels: billing, bug, priority/high',
    '- Assignees: alice',
    '',
    'Finance reported invoice 2024-0311: 30 lines of 3.33 EUR for a Portuguese customer.',
    '',
    'Expected VAT: 22.98 EUR. We charged 22.80 EUR, because every line is rounded before summing.',
    '',
    'Rounding once on the invoice total fixes it; see `vatCents` in `src/services/billing/tax.ts`.',
    '',
    '## Comments (2)',
    '',
    '### bob on 2024-03-26T13:40:00Z',
    '',
    'Confirmed with the fixture customer C-000412: 18 lines, 2 cents off.',
    '',
    '### alice on 2024-04-09T09:50:31Z',
    '',
    'Fixed in #2. Finance will credit the affected invoices.',
    ''
  ].join('\n'))
  const quiet = ok(t, TOOL, await s.call({ id: 'acme/platform#10' }))
  t.match(quiet.text, /## Comments \(0\)\n\nNo comments\.\n$/)
})

t.test('a pull request: branches, changed files and comments', async (t) => {
  const doc = ok(t, TOOL, await s.call({ id: 'acme/platform!2' }))
  t.same(doc.metadata, { kind: 'pull_request', owner: 'acme', repo: 'platform', number: 2, state: 'merged', comments: 1, truncated: false })
  t.equal(doc.url, `${s.fake.url}/acme/platform/pulls/2`)
  t.match(doc.text, /^# Fix VAT rounding on invoices with many lines \(acme\/platform!2\)\n\n- Pull request #2 in acme\/platform, merged\n- Opened by alice on 2024-04-08T16:20:00Z; merged on 2024-04-09T09:50:00Z by alice\n/)
  t.match(doc.text, /\n- Merges fix\/vat-rounding \([0-9a-f]{12}\) into main\n- Changes 2 files, \+\d+ -\d+ lines\n/)
  t.match(doc.text, /\n## Changed files\n\n- src\/services\/billing\/tax\.ts: modified, \+\d+ -\d+\n- test\/billing\/tax\.test\.ts: modified, \+4 -0\n/)
  t.match(doc.text, /\n### bob on 2024-04-09T08:15:00Z\n\nLooks right to me/)
  const many = ok(t, TOOL, await s.call({ id: 'acme/platform!6' }))
  t.match(many.text, /; draft\n/)
  t.match(many.text, /\n- \.\.\. and 15 more: get_pull_request \(owner "acme", repo "platform", index 6, files_from 51\) lists them\.\n/)
  const viaIssueId = ok(t, TOOL, await s.call({ id: 'acme/platform#4' }))
  t.equal(viaIssueId.metadata.kind, 'pull_request', 'an issue id of a pull request reads the pull request')
  t.equal(viaIssueId.title, 'Rate-limit login attempts per IP (acme/platform!4)')
})

t.test('a long thread is cut at a comment, with the get_issue call that continues it', async (t) => {
  const doc = ok(t, TOOL, await s.call({ id: 'acme/platform#5' }))
  t.equal(doc.metadata.truncated, true)
  const shown = (doc.text.match(/\n### /g) ?? []).length
  t.ok(shown > 10 && shown < 150)
  t.match(doc.text, new RegExp(`\\n\\[Cut here to fit the response size limit: comments ${shown + 1} to 150 are not shown\\. Read them with get_issue \\(owner "acme", repo "platform", index 5, comments_from ${shown + 1}\\)\\.\\]\\n$`))
  const small = await setupTool(t, TOOL, { limits: { maxResponseBytes: 900 } })
  const headOnly = ok(t, TOOL, await small.call({ id: 'acme/platform#5' }), 900)
  t.match(headOnly.text, /comments 1 to 150 are not shown\. Read them with get_issue \(owner "acme", repo "platform", index 5, comments_from 1\)/)
  const smaller = await setupTool(t, TOOL, { limits: { maxResponseBytes: 600 } })
  const tiny = ok(t, TOOL, await smaller.call({ id: 'acme/platform#5' }), 600)
  t.equal(tiny.metadata.truncated, true)
  t.match(tiny.text, /^# Invoice PDF export/)
  t.match(tiny.text, /\[Cut here to fit the response size limit; read it with get_issue \(owner "acme", repo "platform", index 5\)\.\]\n$/, 'even the head is cut when it must be')
  const none = await setupTool(t, TOOL, { limits: { maxResponseBytes: 250 } })
  t.match(failed(t, await none.call({ id: 'acme/platform#5' }), 'too_large'), /use get_issue instead/)
})

t.test('invisible characters are escaped and counted in metadata', async (t) => {
  const doc = ok(t, TOOL, await s.call({ id: 'acme/platform#9' }))
  t.match(doc.text, /customer\)\.\[U\+200B\]/)
  t.match(doc.text, /\[U\+202E\]eulav a ton\[U\+202C\]/)
  t.equal(doc.metadata.escaped_characters, 53)
  t.match(doc.metadata.note, /^53 invisible Unicode character/)
})

t.test('an issue is not a pull request; unknown, missing and hidden look alike', async (t) => {
  t.equal(failed(t, await s.call({ id: 'acme/platform!3' }), 'not_found'),
    'Pull request #3 in repository "acme/platform" not found, or the token cannot read it. #3 is an issue: fetch it as "acme/platform#3". ' +
    'Check the id: search returns ids of issues and pull requests that exist; list_issues and list_pull_requests list them.')
  t.match(failed(t, await s.call({ id: 'acme/platform#99' }), 'not_found'), /^Issue #99 in repository "acme\/platform" not found, or the token cannot read it\. Check the id/)
  t.match(failed(t, await s.call({ id: 'acme/platform#0' }), 'invalid_id'), /must be a whole number from 1/)
  const missing = failed(t, await s.call({ id: 'acme/ghost!1' }), 'not_found')
  const secret = failed(t, await s.call({ id: 'globex/secret-plans#1' }), 'not_found')
  t.equal(secret, missing.replace('acme/ghost', 'globex/secret-plans'), 'a repository the token cannot read looks missing')
  const denied: string[] = []
  const hidden = await setupTool(t, TOOL, { allowlist: 'acme/platform', denied })
  const before = hidden.fake.requests.length
  t.equal(failed(t, await hidden.call({ id: 'acme/website#1' }), 'not_found'), missing.replace('acme/ghost', 'acme/website'), 'hidden by REPO_ALLOWLIST looks missing')
  t.equal(failed(t, await hidden.call({ id: 'acme/website!1' }), 'not_found'), missing.replace('acme/ghost', 'acme/website'))
  t.equal(hidden.fake.requests.length, before, 'never asked')
  t.ok(denied.length >= 2 && denied.every((d) => d === 'acme/website'))
})
