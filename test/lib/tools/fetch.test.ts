import t, { type Test } from 'tap'
import { Compile } from 'typebox/compile'
import { pickReadme } from '../../../lib/tools/fetch.js'
import { callTool, TOOLS, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import type { GiteaContent } from '../../../lib/gitea/types.js'
import { failed, type Json, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'fetch'
const output = Compile(TOOLS.find((tool) => tool.name === TOOL)?.outputSchema ?? {})

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits })
}

/** ChatGPT's fetch shape: {id, title, text, url, metadata} in one text block, mirrored in structuredContent. */
function document (t: Test, outcome: ToolCallOutcome, maxBytes = 100_000): Json {
  const text = outcome.result.content[0]?.text ?? ''
  t.equal(outcome.outcome, 'ok', `succeeds: ${text.slice(0, 300)}`)
  t.equal(outcome.result.content.length, 1, 'exactly one content item')
  t.equal(outcome.result.content[0]?.type, 'text')
  const parsed = JSON.parse(text) as Json
  t.same(parsed, outcome.result.structuredContent)
  t.same(Object.keys(parsed), ['id', 'title', 'text', 'url', 'metadata'])
  for (const key of ['id', 'title', 'text', 'url']) t.type(parsed[key], 'string', `${key} is a string`)
  t.match(parsed.url, /^http:\/\//, 'a web URL')
  t.ok(Buffer.byteLength(text) <= maxBytes, 'fits MAX_RESPONSE_BYTES')
  t.ok(output.Check(parsed), 'matches the output schema')
  return parsed
}

t.test('a repository: Markdown summary and its README', async (t) => {
  const { fake, call } = await setup(t)
  const doc = document(t, await call({ id: 'acme/platform' }))
  t.equal(doc.id, 'acme/platform')
  t.equal(doc.title, 'acme/platform')
  t.equal(doc.url, `${fake.url}/acme/platform`)
  t.match(doc.text, /^# acme\/platform\n/)
  t.match(doc.text, /Ordering and billing API/)
  t.match(doc.text, /- Visibility: private/)
  t.match(doc.text, /- Default branch: main/)
  t.match(doc.text, /- Language: TypeScript/)
  t.match(doc.text, /2024-01-08T09:10:00Z/)
  t.match(doc.text, /## README\.md\n\n# Acme Platform API\n/)
  t.ok((doc.text as string).endsWith('for deploying one.\n'), 'the whole README')
  t.same(doc.metadata, {
    kind: 'repository',
    owner: 'acme',
    repo: 'platform',
    ref: 'main',
    private: true,
    language: 'TypeScript',
    updated_at: '2024-06-04T07:02:40Z',
    readme_path: 'README.md',
    truncated: false
  })
})

t.test('an empty repository has a summary and no README', async (t) => {
  const { call } = await setup(t)
  const doc = document(t, await call({ id: 'acme/empty' }))
  t.match(doc.text, /empty \(no commits yet\)/)
  t.equal(doc.metadata.readme_path, null)
  t.equal(doc.metadata.truncated, false)
})

t.test('files at a branch, a branch with a slash, and a tag', async (t) => {
  const { fake, call } = await setup(t)
  const doc = document(t, await call({ id: 'acme/platform@main:src/services/billing/tax.ts' }))
  t.equal(doc.id, 'acme/platform@main:src/services/billing/tax.ts')
  t.equal(doc.title, 'src/services/billing/tax.ts (acme/platform@main)')
  t.equal(doc.url, `${fake.url}/acme/platform/src/branch/main/src/services/billing/tax.ts`)
  t.match(doc.text, /^\/\/ VAT rules for the countries Acme invoices in\./)
  t.match(doc.text, /rounded once/)
  t.match(doc.metadata, { kind: 'file', owner: 'acme', repo: 'platform', ref: 'main', path: 'src/services/billing/tax.ts', size: 692, encoding: 'utf-8', truncated: false })
  t.match(doc.metadata.sha, /^[0-9a-f]{40}$/)
  t.equal(Buffer.byteLength(doc.text), 692, 'the whole file')

  const old = document(t, await call({ id: 'acme/platform@v1.0.0:src/services/billing/tax.ts' }))
  t.notMatch(old.text, /rounded once/)
  t.equal(old.metadata.ref, 'v1.0.0')

  const feature = document(t, await call({ id: 'acme/platform@feature/login-rate-limit:src/middleware/rate-limit.ts' }))
  t.match(feature.text, /MAX_ATTEMPTS = 5/)
  t.equal(feature.metadata.ref, 'feature/login-rate-limit')
})

t.test('binary files, symlinks and directories are described', async (t) => {
  const { call } = await setup(t)
  const png = document(t, await call({ id: 'acme/platform@main:docs/images/architecture.png' }))
  t.match(png.text, /^PNG image, 323 bytes/)
  t.match(png.metadata, { kind: 'file', encoding: 'binary', size: 323, truncated: false })
  const link = document(t, await call({ id: 'acme/platform@main:CONTRIBUTING.md' }))
  t.match(link.text, /symbolic link to "docs\/contributing\.md".*"acme\/platform@main:docs\/contributing\.md"/)
  t.equal(link.metadata.kind, 'symlink')
  const dir = document(t, await call({ id: 'acme/platform@main:src/services' }))
  t.equal(dir.metadata.kind, 'directory')
  t.match(dir.text, /- src\/services\/billing\//)
})

t.test('a 12 MiB file: read up to the limit, cut to the budget, with a marker that says how to read on', async (t) => {
  const { call } = await setup(t)
  const doc = document(t, await call({ id: 'acme/platform@main:data/seed/products.sql' }))
  t.equal(doc.metadata.truncated, true)
  t.equal(doc.metadata.size, 12_980_141)
  t.equal(doc.metadata.total_lines, null)
  t.match(doc.text, /^-- Acme product catalogue seed/)
  t.match(doc.text, /\[Truncated after line (\d+) to fit the response size limit\. Read on with get_file_contents \(owner "acme", repo "platform", path "data\/seed\/products\.sql", ref "main", start_line \d+\)\.\]$/)
  const match = /after line (\d+)[^]*start_line (\d+)/.exec(doc.text as string)
  t.equal(Number(match?.[2]), Number(match?.[1]) + 1)
})

t.test('past MAX_FILE_SIZE_BYTES with room in the budget: marked truncated', async (t) => {
  const { call } = await setup(t, { maxFileBytes: 10_000 })
  const doc = document(t, await call({ id: 'acme/platform@main:data/fixtures/customers.csv' }))
  t.equal(doc.metadata.truncated, true)
  t.match(doc.text, /\[File truncated: The file is 2\.0 MiB; this server reads only its first 9\.8 KiB \(MAX_FILE_SIZE_BYTES\)/)
  t.ok(Buffer.byteLength(doc.text) < 11_000)
})

t.test('a README longer than the budget is cut with a marker', async (t) => {
  const maxResponseBytes = 1100 // the whole document is about 1400 bytes
  const { call } = await setup(t, { maxResponseBytes })
  const doc = document(t, await call({ id: 'acme/platform' }), maxResponseBytes)
  t.equal(doc.metadata.truncated, true)
  t.match(doc.text, /^# acme\/platform\n/, 'the summary is kept')
  t.match(doc.text, /\[README truncated after line \d+ .*get_file_contents .*path "README\.md".*start_line \d+\)\.\]$/)
})

t.test('every id search returns can be fetched', async (t) => {
  const { ctx, call } = await setup(t)
  for (const query of ['platform', 'README', 'tax', 'handbook', 'deploy guide']) {
    const searched = await callTool('search', { query }, ctx)
    const found = (searched.result.structuredContent as { results: Array<{ id: string, title: string, url: string }> }).results
    t.ok(found.length > 0, `${query}: something found`)
    for (const result of found) {
      const doc = document(t, await call({ id: result.id }))
      t.equal(doc.id, result.id, `${result.id}: same id`)
      t.equal(doc.url, result.url, `${result.id}: same url`)
    }
  }
})

t.test('a wiki page: its Markdown under its last change, cut to fit with a pointer to the page', async (t) => {
  const { call } = await setup(t)
  const doc = document(t, await call({ id: 'acme/platform/wiki/Deploy Guide' }))
  t.equal(doc.title, 'Wiki page Deploy Guide (acme/platform)')
  t.match(doc.url, /\/acme\/platform\/wiki\/Deploy-Guide$/)
  t.match(doc.text, /^# Deploy Guide\n\n- Wiki page of acme\/platform, last changed 2024-05-14T15:30:00Z by Bob Martins \("Deploy window is 09:00 to 16:00"\)\n\n# Deploy Guide\n/)
  t.match(doc.text, /Rollback: `make rollback ENV=production`\.\n$/)
  t.same(doc.metadata, { kind: 'wiki_page', owner: 'acme', repo: 'platform', updated_at: '2024-05-14T15:30:00Z', truncated: false })
  const small = await setup(t, { maxResponseBytes: 1000 })
  const cut = document(t, await small.call({ id: 'acme/platform/wiki/Deploy Guide' }), 1000)
  t.equal(cut.metadata.truncated, true)
  t.match(cut.text, /\[Cut here to fit the response size limit; read the page whole at http:.*\/wiki\/Deploy-Guide\.\]$/)
  t.match(failed(t, await call({ id: 'acme/platform/wiki/Nope' }), 'not_found'), /^Wiki page "Nope" in repository "acme\/platform" not found/)
  t.match(failed(t, await call({ id: 'acme/website/wiki/Home' }), 'not_found'), /may have no wiki/)
  t.match(failed(t, await call({ id: 'globex/secret-plans/wiki/Home' }), 'not_found'), /cannot read it/)
})

t.test('bad and unreadable ids', async (t) => {
  const { call } = await setup(t)
  for (const id of ['platform', 'acme/platform@main', 'acme/platform@main:../../etc/passwd', 'acme/platform@main:/etc/passwd', 'acme/platform@ma..in:x', 'acme/platform#0', 'acme/platform!x', '../x']) {
    t.match(failed(t, await call({ id }), 'invalid_id'), /owner\/repo@ref:path/, id)
  }
  t.match(failed(t, await call({ id: 'globex/secret-plans' }), 'not_found'), /cannot read it/)
  t.match(failed(t, await call({ id: 'globex/secret-plans@main:README.md' }), 'not_found'), /cannot read it/)
  t.match(failed(t, await call({ id: 'acme/platform@main:nope.md' }), 'not_found'), /"nope\.md"/)
  t.match(failed(t, await call({ id: 'acme/platform@no-such-ref:README.md' }), 'not_found'), /ref/)
  t.match(failed(t, await call({}), 'invalid_arguments'), /missing required argument `id`/)
  t.match(failed(t, await call({ id: 7 }), 'invalid_arguments'), /`id` must be a string/)
  t.match(failed(t, await call({ id: 'acme/platform', ref: 'main' }), 'invalid_arguments'), /unknown argument `ref`/)
})

t.test('pickReadme prefers README.md, then README, then README.*', async (t) => {
  const entry = (name: string, type: GiteaContent['type'] = 'file'): GiteaContent => ({
    name, path: name, sha: '', type, size: 1, encoding: null, content: null, target: null, url: '', html_url: null, git_url: null, download_url: null, submodule_git_url: null
  })
  t.equal(pickReadme([entry('readme.txt'), entry('README'), entry('README.md')])?.name, 'README.md')
  t.equal(pickReadme([entry('readme.txt'), entry('README')])?.name, 'README')
  t.equal(pickReadme([entry('Readme.rst'), entry('src', 'dir')])?.name, 'Readme.rst')
  t.equal(pickReadme([entry('README.md', 'dir'), entry('READMEFIRST')]), undefined)
})
