import t, { type Test } from 'tap'
import { emptyGitRepo } from '../../fake-gitea/data.js'
import { sampleData } from '../../fake-gitea/sample-data.js'
import { startFakeGitea } from '../../fake-gitea/server.js'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { callTool, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import { addRepository, failed, type Json, ok as checkOk, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

// Through the real pieces: fake Gitea → real client → registry → tool.
const TOOL = 'list_repositories'

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits })
}

function ok (t: Test, outcome: ToolCallOutcome, maxBytes?: number): Json {
  return checkOk(t, TOOL, outcome, maxBytes)
}

const READABLE = ['acme/empty', 'acme/handbook', 'acme/infra', 'aegis-bot/notes', 'acme/platform', 'acme/website']

t.test('lists the repositories the token can read, by name, with paging info', async (t) => {
  const { fake, call } = await setup(t)
  const result = ok(t, await call({}))
  t.same(result.repositories.map((r: Json) => r.full_name), READABLE)
  t.same({ page: result.page, limit: result.limit, total: result.total, has_more: result.has_more, truncated: result.truncated }, { page: 1, limit: 30, total: 6, has_more: false, truncated: false })
  t.notOk('next' in result, 'no next page')
  t.notOk(JSON.stringify(result).includes('globex'), 'never a repository the token cannot read')
  const platform = result.repositories.find((r: Json) => r.full_name === 'acme/platform')
  t.same(platform, {
    full_name: 'acme/platform',
    owner: 'acme',
    name: 'platform',
    description: 'Ordering and billing API (TypeScript, Fastify, PostgreSQL).',
    private: true,
    default_branch: 'main',
    language: 'TypeScript',
    updated_at: '2024-06-04T07:02:40Z',
    url: `${fake.url}/acme/platform`
  })
  t.equal(result.repositories.find((r: Json) => r.full_name === 'acme/website').private, false)
  const sent = fake.requests.filter((r) => r.path === '/api/v1/user/repos')
  t.equal(sent.length, 1)
  t.match(sent[0]?.query, /limit=30/)
  t.match(sent[0]?.query, /page=1/)
})

t.test('pages through with page and limit', async (t) => {
  const { call } = await setup(t)
  const first = ok(t, await call({ limit: 2 }))
  t.same(first.repositories.map((r: Json) => r.full_name), READABLE.slice(0, 2))
  t.equal(first.has_more, true)
  t.same(first.next, { page: 2, limit: 2 })
  const second = ok(t, await call(first.next))
  t.same(second.repositories.map((r: Json) => r.full_name), READABLE.slice(2, 4))
  const third = ok(t, await call({ limit: 2, page: 3 }))
  t.same(third.repositories.map((r: Json) => r.full_name), READABLE.slice(4, 6))
  t.equal(third.has_more, false)
  t.notOk('next' in third)
  const beyond = ok(t, await call({ limit: 2, page: 4 }))
  t.same(beyond.repositories, [])
  t.equal(beyond.has_more, false)
})

t.test('a page too big for MAX_RESPONSE_BYTES is cut and `next` continues without gaps', async (t) => {
  const maxResponseBytes = 900
  const { call } = await setup(t, { maxResponseBytes })
  const seen: string[] = []
  let args: Json = {}
  for (let i = 0; i < 20; i++) {
    const result = ok(t, await call(args), maxResponseBytes)
    seen.push(...result.repositories.map((r: Json) => r.full_name))
    if (i === 0) {
      t.equal(result.truncated, true, 'the first page was cut')
      t.ok(result.repositories.length >= 1 && result.repositories.length < 6)
      t.equal(result.has_more, true)
    }
    if (result.next === undefined) break
    args = result.next
  }
  t.same(seen, READABLE, 'every repository exactly once, in order')
})

t.test('bad arguments', async (t) => {
  const { fake, call } = await setup(t)
  t.match(failed(t, await call({ limit: 500 }), 'invalid_arguments'), /`limit` must be <= 50/)
  t.match(failed(t, await call({ limit: 0 }), 'invalid_arguments'), /`limit` must be >= 1/)
  t.match(failed(t, await call({ page: 0 }), 'invalid_arguments'), /`page` must be >= 1/)
  t.match(failed(t, await call({ page: '2' }), 'invalid_arguments'), /`page` must be an integer/)
  t.match(failed(t, await call({ owner: 'acme' }), 'invalid_arguments'), /unknown argument `owner`/)
  t.equal(fake.requests.length, 0, 'nothing reached Gitea')
})

t.test('a wrong Gitea token is an actionable error', async (t) => {
  const fake = await startFakeGitea()
  t.teardown(async () => { await fake.close() })
  const gitea = createGiteaClient({ baseUrl: fake.url, token: '0000000000000000000000000000000000000000', timeoutMs: 10_000 })
  const outcome = await callTool(TOOL, {}, { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } })
  t.match(failed(t, outcome, 'gitea_unauthorized'), /GITEA_TOKEN/)
})

// Issue 8 item 11: with REPO_ALLOWLIST the list is built from the allowlist,
// so no page is empty or short before the end.

/** Every page of list_repositories, following `next`. */
async function allPages (t: Test, call: ToolSetup['call'], limit: number): Promise<Json[]> {
  const pages: Json[] = []
  let args: Json = { limit }
  for (let i = 0; i < 20 && args !== undefined; i++) {
    const result = ok(t, await call(args))
    pages.push(result)
    args = result.next
  }
  return pages
}

t.test('REPO_ALLOWLIST: exact entries are fetched by name, a missing one skipped, the first page not empty', async (t) => {
  const { fake, call } = await setupTool(t, TOOL, { allowlist: 'acme/website,acme/zz-ghost' })
  const first = ok(t, await call({ limit: 2 }))
  t.same(first.repositories.map((r: Json) => r.full_name), ['acme/website'])
  t.equal(first.has_more, false)
  t.equal(first.total, 1)
  t.notOk(fake.requests.some((r) => r.path === '/api/v1/user/repos'), 'the token\'s whole list is not read')
  t.ok(fake.requests.some((r) => r.path === '/api/v1/repos/acme/zz-ghost'), 'the missing entry was asked for by name')
})

t.test('REPO_ALLOWLIST: owner/* reads the owner\'s listing through all its pages, every page full', async (t) => {
  const data = sampleData()
  const extra = Array.from({ length: 55 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`)
  for (const name of extra) addRepository(data, name, emptyGitRepo())
  const { fake, call } = await setupTool(t, TOOL, { data, allowlist: 'acme/*' })
  const expected = ['empty', 'handbook', 'infra', 'platform', 'website', ...extra].sort().map((name) => `acme/${name}`)
  const pages = await allPages(t, call, 50)
  t.same(pages.map((p) => p.repositories.length), [50, 10], 'full pages until the last')
  t.same(pages.map((p) => p.has_more), [true, false])
  t.same(pages.flatMap((p) => p.repositories.map((r: Json) => r.full_name)), expected, 'every allowed repository once, sorted by name')
  t.equal(pages[0].total, 60)
  t.ok(fake.requests.filter((r) => r.path === '/api/v1/users/acme/repos').length >= 2, 'the owner listing was paged')
  const small = await allPages(t, call, 7)
  t.same(small.map((p) => p.repositories.length), [7, 7, 7, 7, 7, 7, 7, 7, 4])
  t.same(small.flatMap((p) => p.repositories.map((r: Json) => r.full_name)), expected)
})

t.test('REPO_ALLOWLIST: mixed entries are merged, de-duplicated and sorted; unreadable ones left out', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'acme/website, aegis-bot/*, aegis-bot/notes, ACME/Website, globex/secret-plans, alice/public-snippets, nobody/*' })
  const pages = await allPages(t, call, 2)
  t.same(pages.map((p) => p.repositories.map((r: Json) => r.full_name)), [['aegis-bot/notes', 'alice/public-snippets'], ['acme/website']])
  t.same(pages.map((p) => p.has_more), [true, false])
  t.same(pages.map((p) => p.total), [3, 3])
})

t.test('REPO_ALLOWLIST: nothing readable is one empty page with has_more false', async (t) => {
  const { call } = await setupTool(t, TOOL, { allowlist: 'globex/*, globex/secret-plans, nobody/x' })
  const result = ok(t, await call({}))
  t.same(result.repositories, [])
  t.equal(result.has_more, false)
  t.equal(result.total, 0)
})
