import t, { type Test } from 'tap'
import { Type } from 'typebox'
import { GiteaError } from '../../../lib/gitea/errors.js'
import type { GiteaClient } from '../../../lib/gitea/types.js'
import { asMeasured } from '../../../lib/tools/budget.js'
import { ToolError } from '../../../lib/tools/errors.js'
import { callTool, listTools, TOOLS, type ToolCallOutcome } from '../../../lib/tools/registry.js'
import { LimitArg, Owner, PageArg, Path, Repo } from '../../../lib/tools/schemas.js'
import { READ_ONLY, type AnyTool, type ToolContext } from '../../../lib/tools/types.js'

// These tests use small stand-in tools; the real tools are tested against the
// fake Gitea in the other files of this directory.
const gitea = new Proxy({}, { get: () => { throw new Error('no Gitea in registry tests') } }) as GiteaClient
const ctx: ToolContext = { gitea, limits: { maxFileBytes: 1024, maxResponseBytes: 2000 } }

let behaviour: (args: Record<string, unknown>) => Promise<unknown> = async (args) => ({ args })

const echo: AnyTool = {
  name: 'echo',
  toolset: 'repos',
  title: 'Echo',
  description: 'Returns its arguments',
  inputSchema: Type.Object({
    owner: Owner,
    repo: Repo,
    path: Type.Optional(Path),
    page: Type.Optional(PageArg),
    limit: Type.Optional(LimitArg),
    flag: Type.Optional(Type.Boolean())
  }, { additionalProperties: false }),
  outputSchema: Type.Object({ args: Type.Unknown() }),
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for less with `limit`.',
  run: async (args) => await behaviour(args as Record<string, unknown>)
}
const tools = [echo]

function errorOf (t: Test, outcome: ToolCallOutcome): { error: string, message: string } {
  t.equal(outcome.result.isError, true, 'isError')
  t.equal(outcome.outcome, 'error')
  t.equal(outcome.result.content.length, 1, 'one content block')
  t.equal(outcome.result.structuredContent, undefined, 'no structuredContent on errors')
  const parsed = JSON.parse(outcome.result.content[0]?.text ?? '') as { error: string, message: string }
  t.equal(outcome.errorCode, parsed.error, 'errorCode matches the text')
  return parsed
}

t.beforeEach(() => {
  behaviour = async (args) => ({ args })
})

// The names and their order are pinned once, by test/lib/tools/tool-snapshots.test.ts.
t.test('listTools describes every tool', async (t) => {
  const list = listTools()
  t.same(list.map((tool) => tool.name), TOOLS.map((tool) => tool.name), 'every registered tool, in registry order')
  for (const tool of list) {
    t.ok(tool.title.length > 0, `${tool.name} has a title`)
    t.ok(tool.description.length > 80, `${tool.name} has a real description`)
    t.match(tool.annotations, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }, `${tool.name} is read-only`)
    t.equal(tool.inputSchema.type, 'object')
    t.equal(tool.inputSchema.additionalProperties, false, `${tool.name} refuses extra arguments`)
    // Only search and fetch (ChatGPT's documented shapes) list their output schema.
    if (['search', 'fetch'].includes(tool.name)) t.equal(tool.outputSchema?.type, 'object', `${tool.name} lists its output schema`)
    else t.equal(tool.outputSchema, undefined, `${tool.name} lists no output schema`)
    t.same(JSON.parse(JSON.stringify(tool)), tool, `${tool.name} is plain JSON`)
  }
  const search = list.find((tool) => tool.name === 'search')
  t.same(search?.inputSchema.required, ['query'])
  const fetch = list.find((tool) => tool.name === 'fetch')
  t.same(fetch?.inputSchema.required, ['id'])
  t.same(Object.keys(fetch?.outputSchema?.properties ?? {}), ['id', 'title', 'text', 'url', 'metadata'])
  t.same(Object.keys(search?.outputSchema?.properties ?? {}), ['results'])
})

t.test('success: one JSON text block and the same structuredContent, defaults applied', async (t) => {
  const raw = { owner: 'acme', repo: 'platform' }
  const outcome = await callTool('echo', raw, ctx, tools)
  t.equal(outcome.outcome, 'ok')
  t.equal(outcome.errorCode, null)
  t.equal(outcome.result.isError, undefined)
  t.equal(outcome.result.content.length, 1)
  t.equal(outcome.result.content[0]?.type, 'text')
  t.same(JSON.parse(outcome.result.content[0]?.text ?? ''), outcome.result.structuredContent)
  t.same(outcome.result.structuredContent, { args: { owner: 'acme', repo: 'platform', page: 1, limit: 30 } })
  t.same(raw, { owner: 'acme', repo: 'platform' }, 'the caller\'s arguments are not changed')
})

t.test('paths are normalised before the tool runs', async (t) => {
  const outcome = await callTool('echo', { owner: 'acme', repo: 'platform', path: 'src/' }, ctx, tools)
  t.match(outcome.result.structuredContent, { args: { path: 'src' } })
})

t.test('unknown tool', async (t) => {
  const error = errorOf(t, await callTool('nope', {}, ctx, tools))
  t.equal(error.error, 'unknown_tool')
  t.match(error.message, /Unknown tool "nope".*echo/)
})

t.test('invalid arguments name the argument and the problem', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ owner: 'acme' }, /missing required argument `repo`/],
    [{ owner: 'acme', repo: 'p', extra: 1 }, /unknown argument `extra` \(this tool takes: owner, repo, path, page, limit, flag\)/],
    [{ owner: 'acme', repo: 'p', limit: 500 }, /`limit` must be <= 50 \(got number 500\)/],
    [{ owner: 'acme', repo: 'p', limit: 0 }, /`limit` must be >= 1/],
    [{ owner: 'acme', repo: 'p', page: 'two' }, /`page` must be an integer \(got the string "two"\)/],
    [{ owner: 'acme', repo: 'p', page: 1.5 }, /`page` must be an integer/],
    [{ owner: 'acme', repo: 'p', flag: 'yes' }, /`flag` must be a boolean/],
    [{ owner: 'ac me', repo: 'p' }, /`owner` must be a Gitea user or organisation name/],
    [{ owner: 'acme', repo: 42 }, /`repo` must be a string/],
    [{ owner: 'acme', repo: 'p', path: '../../etc/passwd' }, /`path` cannot contain "\." or "\.\." segments/],
    [{ owner: 'acme', repo: 'p', path: '%2e%2e/x' }, /`path` cannot contain/],
    [{ owner: 'acme', repo: 'p', path: '/etc/passwd' }, /leading "\/"/],
    [{ owner: 'acme', repo: 'p', path: 'a\\b' }, /backslash/],
    [{ owner: '..', repo: 'p' }, /`owner` cannot be "\.\."/],
    ['a string', /must be a JSON object/],
    [[1, 2], /must be a JSON object/]
  ]
  for (const [args, why] of cases) {
    const error = errorOf(t, await callTool('echo', args, ctx, tools))
    t.equal(error.error, 'invalid_arguments', JSON.stringify(args))
    t.match(error.message, why, JSON.stringify(args))
    t.match(error.message, /^Invalid arguments/, 'starts with what it is')
  }
  const none = await callTool('echo', undefined, ctx, tools)
  t.match(errorOf(t, none).message, /missing required argument `owner`/, 'undefined arguments are {}')
})

t.test('tool errors keep their code and message', async (t) => {
  behaviour = async () => { throw new ToolError('not_a_file', '"src" is a directory: use get_file_tree.') }
  t.same(errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)), { error: 'not_a_file', message: '"src" is a directory: use get_file_tree.' })
  behaviour = async () => { throw new GiteaError('not_found', 'Repository "a/b" not found, or the token cannot read it', 404) }
  t.same(errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)), { error: 'not_found', message: 'Repository "a/b" not found, or the token cannot read it' })
  behaviour = async () => { throw new GiteaError('gitea_timeout', 'Gitea did not answer in time') }
  t.equal(errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)).error, 'gitea_timeout')
})

t.test('other errors become internal_error without leaking details', async (t) => {
  behaviour = async () => { throw new Error('secret detail at /srv/app/lib/x.ts:12') }
  const error = errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools))
  t.equal(error.error, 'internal_error')
  t.notMatch(error.message, /secret|\/srv|x\.ts/)
  // eslint-disable-next-line no-throw-literal -- a tool that throws a non-Error must still give internal_error
  behaviour = async () => { throw 'a string' }
  t.equal(errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)).error, 'internal_error')
})

t.test('an aborted call is cancelled', async (t) => {
  behaviour = async () => {
    const controller = new AbortController()
    controller.abort()
    controller.signal.throwIfAborted()
    return {}
  }
  t.equal(errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)).error, 'cancelled')
})

t.test('a result over the budget becomes too_large with advice', async (t) => {
  behaviour = async () => ({ args: '文'.repeat(700) }) // 2100 bytes + frame > 2000
  const error = errorOf(t, await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools))
  t.equal(error.error, 'too_large')
  t.match(error.message, /MAX_RESPONSE_BYTES = 2000/)
  t.match(error.message, /Ask for less with `limit`/)
  behaviour = async () => ({ args: '文'.repeat(600) }) // 1800 bytes + frame fits
  t.equal((await callTool('echo', { owner: 'a', repo: 'b' }, ctx, tools)).outcome, 'ok')
})

t.test('error messages themselves fit the budget', async (t) => {
  behaviour = async () => { throw new ToolError('invalid_id', 'x'.repeat(50_000)) }
  const small: ToolContext = { gitea, limits: { maxFileBytes: 1024, maxResponseBytes: 1000 } }
  const outcome = await callTool('echo', { owner: 'a', repo: 'b' }, small, tools)
  t.ok(Buffer.byteLength(outcome.result.content[0]?.text ?? '') <= 1000)
})

t.test('a result a tool measured to fit (asMeasured) is sent as the JSON it measured, serialised once', async (t) => {
  const result = { args: { text: 'fitted' } }
  const json = JSON.stringify(result)
  let serialised = 0
  const toJSON = (): unknown => { serialised++; return result.args }
  behaviour = async () => asMeasured({ args: { toJSON } }, { json, bytes: Buffer.byteLength(json) })
  const outcome = await callTool('echo', { owner: 'acme', repo: 'platform' }, ctx, tools)
  t.equal(outcome.result.content[0]?.text, json, 'the measured JSON')
  t.equal(serialised, 0, 'not serialised again by the registry')
  behaviour = async () => ({ args: { toJSON } })
  const plain = await callTool('echo', { owner: 'acme', repo: 'platform' }, ctx, tools)
  t.equal(plain.result.content[0]?.text, json, 'a result not measured is serialised here')
  t.equal(serialised, 1)
  behaviour = async () => asMeasured({ args: 'x'.repeat(3000) }, measure('x'.repeat(3000)))
  t.equal((await callTool('echo', { owner: 'acme', repo: 'platform' }, ctx, tools)).errorCode, 'too_large', 'the measured size is checked against MAX_RESPONSE_BYTES')
})

function measure (text: string): { json: string, bytes: number } {
  const json = JSON.stringify({ args: text })
  return { json, bytes: Buffer.byteLength(json) }
}

t.test('plain arguments (scalars, no defaults) are not copied, and the caller\'s stay as sent', async (t) => {
  const plainTool: AnyTool = { ...echo, name: 'plain', inputSchema: Type.Object({ owner: Owner, repo: Repo, path: Type.Optional(Path) }, { additionalProperties: false }) }
  let seen: unknown
  const capture: AnyTool = {
    ...plainTool,
    run: async (args: unknown) => {
      seen = args
      const record = args as Record<string, unknown>
      record.owner = 'changed'
      return { args: record }
    }
  }
  const raw = { owner: 'acme', repo: 'platform', path: 'src/' }
  const outcome = await callTool('plain', raw, ctx, [capture])
  t.match(outcome.result.structuredContent, { args: { path: 'src', owner: 'changed' } })
  t.not(seen, raw, 'the tool gets its own object')
  t.same(raw, { owner: 'acme', repo: 'platform', path: 'src/' }, 'the caller\'s arguments are unchanged')
  const nested = { owner: 'acme', repo: 'platform', flag: true, page: 2 }
  const withDefaults = await callTool('echo', nested, ctx, tools)
  t.match(withDefaults.result.structuredContent, { args: { page: 2, limit: 30 } }, 'a tool with defaults still gets them')
  t.same(nested, { owner: 'acme', repo: 'platform', flag: true, page: 2 }, 'written into a copy')
})
