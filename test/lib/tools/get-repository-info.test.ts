import { createServer } from 'node:net'
import t, { type Test } from 'tap'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { callTool, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import type { ToolLimits } from '../../../lib/tools/types.js'
import { failed, type Json, ok as checkOk, setupTool, type ToolSetup } from '../../helpers/tool-call.js'

const TOOL = 'get_repository_info'

async function setup (t: Test, limits: Partial<ToolLimits> = {}): Promise<ToolSetup> {
  return await setupTool(t, TOOL, { limits })
}

function ok (t: Test, outcome: ToolCallOutcome, maxBytes?: number): Json {
  return checkOk(t, TOOL, outcome, maxBytes)
}

t.test('describes a private repository', async (t) => {
  const { fake, call } = await setup(t)
  const info = ok(t, await call({ owner: 'acme', repo: 'platform' }))
  t.match(info, {
    full_name: 'acme/platform',
    owner: 'acme',
    name: 'platform',
    description: 'Ordering and billing API (TypeScript, Fastify, PostgreSQL).',
    default_branch: 'main',
    visibility: 'private',
    fork: false,
    archived: false,
    empty: false,
    mirror: false,
    language: 'TypeScript',
    stars: 3,
    forks: 0,
    open_issues: 4,
    created_at: '2024-01-08T09:10:00Z',
    updated_at: '2024-06-04T07:02:40Z',
    url: `${fake.url}/acme/platform`,
    clone_url: `${fake.url}/acme/platform.git`,
    topics: ['api', 'billing', 'typescript']
  })
  t.type(info.size_kib, 'number')
  t.ok(info.size_kib > 0, 'size as Gitea reports it')
})

t.test('public and empty repositories', async (t) => {
  const { call } = await setup(t)
  t.equal(ok(t, await call({ owner: 'acme', repo: 'website' })).visibility, 'public')
  const empty = ok(t, await call({ owner: 'acme', repo: 'empty' }))
  t.equal(empty.empty, true)
  t.equal(empty.default_branch, 'main')
})

t.test('a repository the token cannot read looks like one that does not exist', async (t) => {
  const { call } = await setup(t)
  const hidden = failed(t, await call({ owner: 'globex', repo: 'secret-plans' }), 'not_found')
  const missing = failed(t, await call({ owner: 'acme', repo: 'does-not-exist' }), 'not_found')
  t.match(hidden, /not found, or the token cannot read it/)
  t.match(hidden, /list_repositories or search/, 'says what to do next')
  t.equal(hidden.replace('globex/secret-plans', 'X'), missing.replace('acme/does-not-exist', 'X'), 'same message')
  t.notMatch(hidden, /Hammock/, 'nothing of the hidden repository leaks')
})

t.test('bad arguments never reach Gitea', async (t) => {
  const { fake, call } = await setup(t)
  t.match(failed(t, await call({ owner: 'acme' }), 'invalid_arguments'), /missing required argument `repo`/)
  t.match(failed(t, await call({ owner: 'acme', repo: '..' }), 'invalid_arguments'), /`repo` cannot be "\.\."/)
  t.match(failed(t, await call({ owner: 'ac/me', repo: 'x' }), 'invalid_arguments'), /`owner` must be a Gitea user or organisation name/)
  t.match(failed(t, await call({ owner: 'acme', repo: 'platform', ref: 'main' }), 'invalid_arguments'), /unknown argument `ref`/)
  t.match(failed(t, await call({ owner: 1, repo: 'platform' }), 'invalid_arguments'), /`owner` must be a string/)
  t.equal(fake.requests.length, 0)
})

t.test('Gitea unreachable is an actionable error, not a crash', async (t) => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1))
    })
  })
  const gitea = createGiteaClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x'.repeat(40), timeoutMs: 5_000 })
  const outcome = await callTool(TOOL, { owner: 'acme', repo: 'platform' }, { gitea, limits: { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 } })
  t.match(failed(t, outcome, 'gitea_unreachable'), /Cannot reach Gitea.*GITEA_URL/)
})
