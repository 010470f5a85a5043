import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { auditArguments } from '../lib/audit-log.js'
import { createGiteaClient } from '../lib/gitea/client.js'
import { parseRepoAllowlist, withRepoAllowlist } from '../lib/gitea/allowlist.js'
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

/**
 * The Gitea client (wrapped by REPO_ALLOWLIST, the one place every tool passes
 * through) and the tool runner that audits each call. The client sends only
 * GITEA_TOKEN to Gitea, never a caller's key: MCP forbids token passthrough.
 */
export default fp<GiteaToolsOptions>(async function giteaToolsPlugin (app, options) {
  const { gitea: giteaConfig, limits, repoAllowlist } = app.config
  const client = options.gitea ?? createGiteaClient({
    baseUrl: giteaConfig.url,
    token: giteaConfig.token,
    timeoutMs: giteaConfig.timeoutMs,
    userAgent: `${APP_NAME}/${APP_VERSION}`
  })
  const gitea = withRepoAllowlist(client, parseRepoAllowlist(repoAllowlist))
  app.decorate('gitea', gitea)
  app.decorate('toolList', listTools())

  app.decorate('runTool', async (request: FastifyRequest, name: string, args: unknown, signal?: AbortSignal) => {
    const started = performance.now()
    const outcome = await callTool(name, args, { gitea, limits, signal })
    app.audit.record('tool_call', outcome.outcome === 'ok' ? 'info' : 'medium', auditRequest(request), {
      tool: name.slice(0, 128),
      arguments: auditArguments(args),
      outcome: outcome.outcome,
      error_code: outcome.errorCode,
      duration_ms: Math.round(performance.now() - started),
      key_id: request.keyId
    })
    return outcome
  })
}, { name: 'gitea-tools', dependencies: ['config', 'audit'] })
