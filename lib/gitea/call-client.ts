import { withRepoAllowlist, type RepoAllowlist } from './allowlist.js'
import { GiteaError } from './errors.js'
import { GITEA_METHODS, type AnyMethod, type GiteaMethod } from './methods.js'
import type { GiteaClient } from './types.js'

/** What one tool call needs from its surroundings, passed explicitly. */
export interface GiteaCall {
  /** The HTTP request's id: in the log line and in the message the client gets. */
  requestId: string
  /** The request's logger (pino): where Gitea's address and the cause of a failure go. */
  log: { warn: (details: object, message: string) => void }
  allowlist: RepoAllowlist
  /** Called for each REPO_ALLOWLIST refusal (for the audit log). */
  onDenied?: (owner: string, repo: string) => void
}

/** A per-call client: the methods are shared (below), the client and the call are its own. */
interface CallClient {
  readonly host: string
  readonly inner: GiteaClient
  readonly call: GiteaCall
}

/**
 * The methods every per-call client shares, made once: each calls `this.inner`
 * and reports a failure with `this.call` (so a call builds one small object,
 * not a table of closures).
 */
const CALL_METHODS: Record<string, AnyMethod> = {}
for (const name of GITEA_METHODS) {
  CALL_METHODS[name] = async function (this: CallClient, ...args: unknown[]) {
    try {
      return await (this.inner as unknown as Record<GiteaMethod, AnyMethod>)[name](...args)
    } catch (error) {
      throw reported(error, name, this.call)
    }
  }
}

/**
 * The client one tool call uses: REPO_ALLOWLIST in front of `client`, and
 * every Gitea failure that has internal detail (Gitea's address, a redirect
 * target, the network cause) logged with it, while the caller's message
 * gains the request id to quote instead. Cheap to build: it holds no state.
 * (Its methods live on a shared prototype: take one with `.bind(client)`.)
 */
export function clientForCall (client: GiteaClient, call: GiteaCall): GiteaClient {
  const inner = withRepoAllowlist(client, call.allowlist, call.onDenied)
  const own: CallClient = { host: inner.host, inner, call }
  return Object.assign(Object.create(CALL_METHODS) as object, own) as unknown as GiteaClient
}

function reported (error: unknown, name: GiteaMethod, call: GiteaCall): unknown {
  if (!(error instanceof GiteaError) || error.detail === undefined) return error
  call.log.warn({ gitea_call: name, error_code: error.code, status: error.status, detail: error.detail }, 'Gitea call failed')
  return new GiteaError(error.code, `${error.message} (request id ${call.requestId}: the server log has the details)`, error.status, error.detail)
}
