import t from 'tap'
import { GitHistory, signature } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { TAG_MESSAGE_MAX } from '../../../lib/tools/list-tags.js'
import { addRepository, failed, ok, setupTool } from '../../helpers/tool-call.js'

const TOOL = 'list_tags'
const platform = { owner: 'acme', repo: 'platform' }

t.test('tags with the commit each points at: annotated and lightweight', async (t) => {
  const { fake, call, ctx } = await setupTool(t, TOOL)
  const result = ok(t, TOOL, await call(platform))
  t.equal(result.total, 2)
  t.same(result.tags.map((tag: { name: string }) => tag.name), ['v1.1.0', 'v1.0.0'], 'newest first')
  const [annotated, light] = result.tags
  t.match(annotated, { annotated: true, tag_sha: /^[0-9a-f]{40}$/, message: /^Acme Platform 1\.1\.0\n\n- VAT is rounded once per invoice/, date: '2024-05-06T10:03:09+01:00', url: `${fake.url}/acme/platform/src/tag/v1.1.0` })
  t.not(annotated.tag_sha, annotated.commit_sha)
  t.match(light, { annotated: false, tag_sha: null, message: 'Release 1.0.0', date: '2024-03-11T17:02:40Z' })
  const commit = await ctx.gitea.getCommit('acme', 'platform', 'v1.1.0')
  t.equal(annotated.commit_sha, commit.sha, 'the commit an annotated tag points at, not the tag object')
  t.match(commit.commit.message, /^Release 1\.1\.0/)
})

t.test('paging and long messages', async (t) => {
  const h = new GitHistory()
  const c = h.commit({ branch: 'main', author: signature('A', 'a@example.com', '2024-01-01T00:00:00', 0), message: 'one', files: { 'a.txt': 'a\n' } })
  for (let i = 0; i < 5; i++) {
    h.annotatedTag(`v0.${i}`, c.sha, signature('A', 'a@example.com', `2024-01-0${i + 2}T00:00:00`, 0), `Release 0.${i}\n\n${'🙂 notes '.repeat(200)}\u2066hidden\u2069`)
  }
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'tagged', h.git) })
  const first = ok(t, TOOL, await call({ owner: 'acme', repo: 'tagged', limit: 2 }))
  t.same(first.tags.map((tag: { name: string }) => tag.name), ['v0.4', 'v0.3'])
  t.equal(first.total, 5)
  t.same(first.next, { page: 2, limit: 2 })
  const last = ok(t, TOOL, await call({ owner: 'acme', repo: 'tagged', page: 3, limit: 2 }))
  t.same(last.tags.map((tag: { name: string }) => tag.name), ['v0.0'])
  t.equal(last.has_more, false)
  const message = first.tags[0].message as string
  t.ok(message.length <= TAG_MESSAGE_MAX, 'a long message is cut')
  t.ok(message.endsWith('…'))
  t.notOk(/[\ud800-\udbff]…$/.test(message), 'never between the halves of a surrogate pair')
  t.notOk('escaped_characters' in first, 'the invisible characters were past the cut')
})

t.test('invisible characters in a tag message are escaped', async (t) => {
  const h = new GitHistory()
  const c = h.commit({ branch: 'main', author: signature('A', 'a@example.com', '2024-01-01T00:00:00', 0), message: 'one', files: { 'a.txt': 'a\n' } })
  h.annotatedTag('v1', c.sha, signature('A', 'a@example.com', '2024-01-02T00:00:00', 0), 'Ship it\u200d\u{E0069}')
  const { call } = await setupTool(t, TOOL, { data: addRepository(sampleData(), 'tagged', h.git) })
  const result = ok(t, TOOL, await call({ owner: 'acme', repo: 'tagged' }))
  t.equal(result.tags[0].message, 'Ship it[U+200D][U+E0069]')
  t.equal(result.escaped_characters, 2)
  t.match(result.note, /2 invisible Unicode character/)
})

t.test('empty repositories, unknown ones, bad arguments', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/platform,acme/empty' })
  t.same(ok(t, TOOL, await call({ owner: 'acme', repo: 'empty' })).tags, [])
  t.match(failed(t, await call({ owner: 'acme', repo: 'handbook' }), 'not_found'), /Repository "acme\/handbook" not found, or the token cannot read it/, 'outside the allowlist')
  t.match(failed(t, await call({ owner: 'acme', repo: 'nope' }), 'not_found'), /Repository "acme\/nope" not found/)
  t.match(failed(t, await call({ ...platform, limit: 1000 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await call({ owner: 'acme' }), 'invalid_arguments'), /missing required argument `repo`/)
})
