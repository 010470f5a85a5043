import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { auditArguments } from '../lib/audit-log.js'
import { clientForCall } from '../lib/gitea/call-client.js'
import { giteaClientFromConfig } from '../lib/gitea/from-config.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { callTool, listTools, type ToolCallOutcome } from '../lib/tools/registry.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
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

/**
 * The Gitea client and the tool runner that audits each call. The client
 * sends only GITEA_TOKEN to Gitea, never a caller's key: MCP forbids token
 * passthrough.
 *
 * Each call gets its own client behind REPO_ALLOWLIST (the one place every
 * tool passes through; it holds no state, so it is cheap to build), given what
 * the call needs explicitly: the request id and logger (Gitea failures are
 * logged there with their detail) and the refusal hook that audits
 * `repo_denied` (severity medium) with the call's request, tool and key.
 * Registered in the /mcp scope only: the public routes never see the client
 * or the runner (/ready has its own probe, plugins/readiness.ts).
 */
export default fp<GiteaToolsOptions>(async function giteaToolsPlugin (app, options) {
  const { limits, repoAllowlist } = app.config
  const client = options.gitea ?? giteaClientFromConfig(app.config.gitea)

  /** Audits each refused repository once per call. */
  function auditDenials (request: FastifyRequest, tool: string): (owner: string, repo: string) => void {
    const denied = new Set<string>()
    return (owner, repo) => {
      const key = `${owner}/${repo}`.toLowerCase()
      if (denied.has(key)) return
      denied.add(key)
      app.audit.record('repo_denied', 'medium', auditRequest(request), {
        tool,
        owner: String(owner).slice(0, 100),
        repo: String(repo).slice(0, 100),
        key_id: request.keyId
      })
    }
  }

  app.decorate('toolList', listTools())

  app.decorate('runTool', async (request: FastifyRequest, name: string, args: unknown, signal?: AbortSignal) => {
    const started = performance.now()
    const tool = typeof name === 'string' ? name.slice(0, 128) : String(name)
    const gitea = clientForCall(client, { requestId: request.id, log: request.log, allowlist: repoAllowlist, onDenied: auditDenials(request, tool) })
    const outcome = await callTool(name, args, { gitea, limits, signal })
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
