import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { auditArguments } from '../lib/audit-log.js'
import { createGiteaClient } from '../lib/gitea/client.js'
import { withRepoAllowlist } from '../lib/gitea/allowlist.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { callTool, listTools, type ToolCallOutcome } from '../lib/tools/registry.js'
import { APP_NAME, APP_VERSION } from '../lib/app-info.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
    gitea: GiteaClient
    /** The MCP tool list, computed once: the same for MCP clients and GET /mcp/tools. */
    toolList: ReturnType<typeof listTools>
    /** Runs one tool call for `request` and audits it. Never throws. */
    runTool: (request: FastifyRequest, name: string, args: unknown, signal?: AbortSignal) => Promise<ToolCallOutcome>
  }
}

export interface GiteaToolsOptions {
  /** For tests: a client to use instead of one built from the config. */
  gitea?: GiteaClient
}

/** The tool call a REPO_ALLOWLIST refusal belongs to. */
interface CallScope {
  request: FastifyRequest
  tool: string
  /** owner/repo (lower case) already audited in this call: one record per repository and call. */
  denied: Set<string>
}

/**
 * The Gitea client (wrapped by REPO_ALLOWLIST, the one place every tool passes
 * through) and the tool runner that audits each call. The client sends only
 * GITEA_TOKEN to Gitea, never a caller's key: MCP forbids token passthrough.
 *
 * Allowlist refusals are audited as `repo_denied` (severity medium) with the
 * request, tool and key of the call they happen in: the client is built once
 * (its caches are shared by every call), so each call runs in an
 * AsyncLocalStorage scope that the refusal callback reads.
 */
export default fp<GiteaToolsOptions>(async function giteaToolsPlugin (app, options) {
  const { gitea: giteaConfig, limits, repoAllowlist } = app.config
  const client = options.gitea ?? createGiteaClient({
    baseUrl: giteaConfig.url,
    token: giteaConfig.token,
    timeoutMs: giteaConfig.timeoutMs,
    userAgent: `${APP_NAME}/${APP_VERSION}`
  })
  const calls = new AsyncLocalStorage<CallScope>()
  const gitea = withRepoAllowlist(client, repoAllowlist, (owner, repo) => {
    const call = calls.getStore()
    // Every Gitea call of a tool runs inside runTool; anything else is refused without a request to name.
    if (call === undefined) return
    const key = `${owner}/${repo}`.toLowerCase()
    if (call.denied.has(key)) return
    call.denied.add(key)
    app.audit.record('repo_denied', 'medium', auditRequest(call.request), {
      tool: call.tool,
      owner: String(owner).slice(0, 100),
      repo: String(repo).slice(0, 100),
      key_id: call.request.keyId
    })
  })
  app.decorate('gitea', gitea)
  app.decorate('toolList', listTools())

  app.decorate('runTool', async (request: FastifyRequest, name: string, args: unknown, signal?: AbortSignal) => {
    const started = performance.now()
    const tool = typeof name === 'string' ? name.slice(0, 128) : String(name)
    const outcome = await calls.run({ request, tool, denied: new Set() }, async () => await callTool(name, args, { gitea, limits, signal }))
    // The client is told only "internal_error": the cause goes to the application log, with the request id.
    if (outcome.errorCode === 'internal_error') request.log.error({ err: outcome.cause, tool }, 'tool call failed with an internal error')
    app.audit.record('tool_call', outcome.outcome === 'ok' ? 'info' : 'medium', auditRequest(request), {
      tool,
      arguments: auditArguments(args),
      outcome: outcome.outcome,
      error_code: outcome.errorCode,
      duration_ms: Math.round(performance.now() - started),
      key_id: request.keyId
    })
    return outcome
  })
}, { name: 'gitea-tools', dependencies: ['config', 'audit'] })
