import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { auditArguments, type AuditRequest } from '../lib/audit-log.js'
import type { RepoAllowlist } from '../lib/gitea/allowlist.js'
import { clientForCall } from '../lib/gitea/call-client.js'
import { giteaClientFromConfig } from '../lib/gitea/from-config.js'
import { PersonalClients } from '../lib/gitea/personal-clients.js'
import type { GiteaClient } from '../lib/gitea/types.js'
import { narrowAllowlist, scopeOfKey, type KeyScope } from '../lib/keys/scope.js'
import type { GiteaPerson } from '../lib/oauth/gitea-accounts.js'
import { CodeSearchCache } from '../lib/tools/code-search-cache.js'
import { ToolCatalog, type ToolView } from '../lib/tools/catalog.js'
import { callTool, type ToolCallOutcome } from '../lib/tools/registry.js'
import type { ToolsetName } from '../lib/tools/toolsets.js'
import { auditRequest } from './audit.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The tools a caller sees (MCP_TOOLSETS, narrowed by the caller's key): listed and callable alike, serialised once. */
    toolView: (caller: Pick<ToolCaller, 'toolsets'>) => ToolView
    /** Runs one tool call for `caller` and audits it. Never throws. */
    runTool: (caller: ToolCaller, name: string, args: unknown, signal?: AbortSignal) => Promise<ToolCallOutcome>
  }
}

/**
 * What a tool call needs of the HTTP request that carried it, and no more:
 * its id, its audit fields (request id, client IP, user agent, method,
 * path), the key and the request's logger. Plain data a transport can pass along.
 */
export interface ToolCaller {
  requestId: string
  audit: AuditRequest
  keyId: string | null
  /** The OAuth client whose access token carried the call; null for a key. */
  clientId: string | null
  log: FastifyBaseLogger
  /** The key's toolsets, when the key narrows MCP_TOOLSETS; undefined: the server's. */
  toolsets?: readonly ToolsetName[]
  /** The key's repositories, when the key narrows REPO_ALLOWLIST; undefined: the server's. */
  repos?: RepoAllowlist
  /** The person of a Gitea sign-in: the call reads Gitea with their own token, not GITEA_TOKEN. */
  giteaPerson?: GiteaPerson | null
}

export function callerOf (request: FastifyRequest): ToolCaller {
  const scope = keyScopeOf(request)
  return {
    requestId: request.id,
    audit: auditRequest(request),
    keyId: request.keyId,
    clientId: request.oauthClientId ?? null,
    log: request.log,
    toolsets: scope?.toolsets ?? undefined,
    repos: scope?.repos ?? undefined,
    giteaPerson: request.giteaPerson ?? null
  }
}

/**
 * The scope (keys file `repos`, `toolsets`) of the key the request proved,
 * directly or through an OAuth token granted with it: read from the keys in
 * force now, so a reload narrows or widens it at once (lib/keys/scope.ts).
 */
function keyScopeOf (request: FastifyRequest): KeyScope | undefined {
  // A Gitea sign-in proved no key (its key id is the person's account): Gitea's own permissions narrow it.
  if (request.giteaPerson != null) return undefined
  return scopeOfKey(request.server.keyring.current(), request.keyId)
}

/** The toolsets the request's key narrows MCP_TOOLSETS to; undefined: the server's. */
export function toolsetsOf (request: FastifyRequest): readonly ToolsetName[] | undefined {
  return keyScopeOf(request)?.toolsets ?? undefined
}

export interface GiteaToolsOptions {
  /** For tests: a client to use instead of one built from the config. */
  gitea?: GiteaClient
}

/**
 * The Gitea client and the tool runner that audits each call. The client
 * sends only GITEA_TOKEN to Gitea (or, for a Gitea sign-in, that person's own
 * Gitea token), never a caller's key or access token: MCP forbids token
 * passthrough.
 *
 * Each call gets its own client behind REPO_ALLOWLIST (the one place every
 * tool passes through; it holds no state, so it is cheap to build), given what
 * the call needs explicitly (a ToolCaller, not the FastifyRequest): the request id and logger (Gitea failures are
 * logged there with their detail) and the refusal hook that audits
 * `repo_denied` (severity medium) with the call's request, tool and key.
 * Registered in the /mcp scope only: the public routes never see the client
 * or the runner (/ready has its own probe, plugins/readiness.ts).
 */
export default fp<GiteaToolsOptions>(async function giteaToolsPlugin (app, options) {
  const { limits, repoAllowlist } = app.config
  const client = options.gitea ?? giteaClientFromConfig(app.config.gitea, observation => { app.signals.emit('gitea', observation) })
  // People signed in with Gitea read it with their own token, through their own client and search_code cache.
  const people = new PersonalClients(token => giteaClientFromConfig({ ...app.config.gitea, token }, observation => { app.signals.emit('gitea', observation) }),
    lookup => { app.signals.emit('codeCache', lookup) })

  /** Audits each refused repository once per call. */
  function auditDenials (caller: ToolCaller, tool: string): (owner: string, repo: string) => void {
    const denied = new Set<string>()
    return (owner, repo) => {
      const key = `${owner}/${repo}`.toLowerCase()
      if (denied.has(key)) return
      denied.add(key)
      app.audit.record('repo_denied', 'medium', caller.audit, {
        tool,
        owner: String(owner).slice(0, 100),
        repo: String(repo).slice(0, 100),
        key_id: caller.keyId
      })
    }
  }

  // One search_code cache for every call made as GITEA_TOKEN (a Gitea sign-in's calls have their own).
  const codeCache = new CodeSearchCache(undefined, undefined, lookup => { app.signals.emit('codeCache', lookup) })
  const catalog = new ToolCatalog(app.config.toolsets)
  const toolView = (caller: Pick<ToolCaller, 'toolsets'>): ToolView => catalog.view(caller.toolsets)
  app.decorate('toolView', toolView)

  app.decorate('runTool', async (caller: ToolCaller, name: string, args: unknown, signal?: AbortSignal) => {
    const started = performance.now()
    const tool = typeof name === 'string' ? name.slice(0, 128) : String(name)
    // A key's repositories narrow REPO_ALLOWLIST: outside either, a repository does not exist.
    const allowlist = narrowAllowlist(repoAllowlist, caller.repos)
    const personal = caller.giteaPerson == null ? null : people.of(caller.giteaPerson)
    const gitea = clientForCall(personal?.client ?? client, { requestId: caller.requestId, log: caller.log, allowlist, onDenied: auditDenials(caller, tool) })
    // A tool outside the caller's toolsets is refused exactly like an unknown one.
    const outcome = await callTool(name, args, { gitea, limits, signal, codeCache: personal?.codeCache ?? codeCache }, toolView(caller).tools)
    // The client is told only "internal_error": the cause goes to the application log, with the request id.
    if (outcome.errorCode === 'internal_error') caller.log.error({ err: outcome.cause, tool }, 'tool call failed with an internal error')
    app.audit.record('tool_call', outcome.outcome === 'ok' ? 'info' : 'medium', caller.audit, {
      tool,
      arguments: auditArguments(args),
      outcome: outcome.outcome,
      error_code: outcome.errorCode,
      duration_ms: Math.round(performance.now() - started),
      key_id: caller.keyId,
      ...(caller.clientId === null ? {} : { client_id: caller.clientId }),
      ...(caller.giteaPerson == null ? {} : { gitea_user: caller.giteaPerson.login })
    })
    return outcome
  })
}, { fastify: '5.x', name: 'gitea-tools', dependencies: ['config', 'audit', 'signals', 'keyring'] })
