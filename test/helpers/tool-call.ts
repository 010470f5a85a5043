// Calling one tool the way the app does (fake Gitea → real client, behind
// REPO_ALLOWLIST when asked → callTool) and checking the result's envelope:
// one text block holding the JSON of structuredContent, within
// MAX_RESPONSE_BYTES, matching the tool's output schema.
import type { Test } from 'tap'
import { Compile } from 'typebox/compile'
import type { FakeGitRepo, FakeRepository } from '../fake-gitea/data.js'
import { repository } from '../fake-gitea/sample-data.js'
import { type FakeGitea, type FakeGiteaData, type FakeGiteaOptions, type FakeGiteaRequest, startFakeGitea } from '../fake-gitea/server.js'
import { parseRepoAllowlist, withRepoAllowlist } from '../../lib/gitea/allowlist.js'
import { createGiteaClient } from '../../lib/gitea/client.js'
import { callTool, TOOLS, type ToolCallOutcome } from '../../lib/tools/registry.js'
import type { ToolContext, ToolLimits } from '../../lib/tools/types.js'

export type Json = any

export const DEFAULT_LIMITS: ToolLimits = { maxFileBytes: 1_048_576, maxResponseBytes: 100_000 }

export interface SetupOptions {
  /** Sample data to serve instead of sampleData(). */
  data?: FakeGiteaData
  limits?: Partial<ToolLimits>
  /** REPO_ALLOWLIST to put in front of the client. */
  allowlist?: string
  /** Receives "owner/repo" for every allowlist refusal. */
  denied?: string[]
  /** To play an older Gitea: the version it reports and the endpoints it lacks. */
  gitea?: Pick<FakeGiteaOptions, 'version' | 'missing'>
}

export interface ToolSetup {
  fake: FakeGitea
  ctx: ToolContext
  call: (args: unknown) => Promise<ToolCallOutcome>
  /** The requests the fake saw from position `index` of `fake.requests` on. */
  requestsSince: (index: number) => FakeGiteaRequest[]
}

/** A fake Gitea (closed at teardown of `t`) and a caller for `tool`. */
export async function setupTool (t: Test, tool: string, options: SetupOptions = {}): Promise<ToolSetup> {
  const fake = await startFakeGitea({ ...options.gitea, ...(options.data === undefined ? {} : { data: options.data }) })
  t.teardown(async () => { await fake.close() })
  const client = createGiteaClient({ baseUrl: fake.url, token: fake.token, timeoutMs: 20_000 })
  const gitea = options.allowlist === undefined
    ? client
    : withRepoAllowlist(client, parseRepoAllowlist(options.allowlist), (owner, repo) => options.denied?.push(`${owner}/${repo}`))
  const ctx: ToolContext = { gitea, limits: { ...DEFAULT_LIMITS, ...options.limits } }
  return {
    fake,
    ctx,
    call: async (args) => await callTool(tool, args, ctx),
    requestsSince: (index) => fake.requests.slice(index)
  }
}

/** `data` with a private repository acme/<name> holding `git` (the bot reads it through the acme Bots team). */
export function addRepository (data: FakeGiteaData, name: string, git: FakeGitRepo, fields: Partial<FakeRepository> = {}): FakeGiteaData {
  const id = Math.max(0, ...data.repositories.map((r) => r.id)) + 1
  data.repositories.push(repository(id, 'acme', name, null, {
    description: `Test repository ${name}.`,
    private: true,
    created: '2024-06-01T10:00:00Z',
    updated: '2024-06-01T10:00:00Z',
    git,
    ...fields
  }))
  return data
}

const validators = new Map<string, ReturnType<typeof Compile>>()

/** The structured result of a successful call, after checking its envelope. */
export function ok (t: Test, tool: string, outcome: ToolCallOutcome, maxBytes = DEFAULT_LIMITS.maxResponseBytes): Json {
  const text = outcome.result.content[0]?.text ?? ''
  t.equal(outcome.outcome, 'ok', `succeeds: ${text.slice(0, 300)}`)
  t.equal(outcome.result.content.length, 1, 'one text block')
  t.same(JSON.parse(text), outcome.result.structuredContent, 'the text block is the structured content')
  t.ok(Buffer.byteLength(text) <= maxBytes, `fits MAX_RESPONSE_BYTES (${Buffer.byteLength(text)} <= ${maxBytes})`)
  let validator = validators.get(tool)
  if (validator === undefined) {
    validator = Compile(TOOLS.find((candidate) => candidate.name === tool)?.outputSchema ?? {})
    validators.set(tool, validator)
  }
  t.ok(validator.Check(outcome.result.structuredContent), 'matches the output schema')
  return outcome.result.structuredContent
}

/** The message of a failed call, after checking it is an isError result with `code`. */
export function failed (t: Test, outcome: ToolCallOutcome, code: string): string {
  t.equal(outcome.result.isError, true, 'isError')
  t.equal(outcome.errorCode, code, `error code ${code}: ${outcome.result.content[0]?.text.slice(0, 300) ?? ''}`)
  return (JSON.parse(outcome.result.content[0]?.text ?? '{}') as { message: string }).message
}
