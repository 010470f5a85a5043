import { GiteaError } from './errors.js'
import { notFoundError } from './targets.js'

// Turns a failed HTTP exchange with Gitea into a GiteaError a person can act
// on. Gitea's error bodies are `{"message": ...}`, `null`, or (from a proxy)
// HTML; only a JSON `message` string is ever quoted, cleaned and shortened.

/** What a request was for, to word its errors. */
export interface RequestContext {
  /** e.g. `repository "acme/platform"`; used for 404 and 400 messages. */
  target: string
  /** Token scope(s) Gitea checks for this endpoint, e.g. `read:repository`; undefined when it checks none. */
  scope?: string
}

export interface ExchangeInfo {
  /** Gitea's host[:port]: only ever in an error's `detail` (the application log), never its message. */
  host: string
  /** `GET /api/v1/...` without the query string. */
  request: string
}

const ALL_SCOPES = 'read:repository, read:user, read:issue and read:organization'

/** Gitea's `message` from an error body, cleaned for quoting; undefined when there is none. */
export function giteaMessage (bodyText: string): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(bodyText)
  } catch {
    return undefined
  }
  if (typeof body !== 'object' || body === null) return undefined
  const message = (body as Record<string, unknown>).message
  if (typeof message !== 'string') return undefined
  // eslint-disable-next-line no-control-regex -- control characters are what this removes from Gitea's text
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()
  if (clean === '') return undefined
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean
}

function said (message: string | undefined): string {
  return message === undefined ? '' : ` Gitea said: "${message}".`
}

export function statusError (status: number, bodyText: string, context: RequestContext, info: ExchangeInfo): GiteaError {
  const error = statusErrorWithoutDetail(status, bodyText, context, info)
  // The caller's own mistakes need no log line; the rest are for the operator.
  if (error.code === 'not_found' || error.code === 'bad_request' || error.code === 'empty_repository') return error
  return new GiteaError(error.code, error.message, error.status, `Gitea at ${info.host} answered ${status} to ${info.request}`)
}

function statusErrorWithoutDetail (status: number, bodyText: string, context: RequestContext, info: ExchangeInfo): GiteaError {
  const message = giteaMessage(bodyText)
  switch (status) {
    case 401:
      return new GiteaError('gitea_unauthorized',
        'Gitea rejected GITEA_TOKEN (401): check the token is valid and not revoked, and that it belongs to the Gitea at GITEA_URL.' + said(message),
        401)
    case 403: {
      const publicOnly = message !== undefined && /public/i.test(message)
      const hint = publicOnly
        ? 'the token is limited to public repositories (public-only): create one without public-only'
        : context.scope === undefined
          ? `the token or its user may not use this endpoint (check Gitea's sign-in settings, and give the token ${ALL_SCOPES})`
          : `the token probably lacks the ${context.scope} scope (give it ${ALL_SCOPES})`
      return new GiteaError('gitea_forbidden', `Gitea refused ${info.request} (403): ${hint}.` + said(message), 403)
    }
    case 404:
      return notFoundError(context.target)
    case 409:
      return new GiteaError('empty_repository',
        `Gitea cannot answer for ${context.target} (409): the repository is empty (it has no commits yet).` + said(message), 409)
    case 400:
    case 422:
      return new GiteaError('bad_request',
        `Gitea rejected the request for ${context.target} (${status}): check the arguments (ref, sha, path).` + said(message), status)
    case 429:
      return new GiteaError('gitea_error',
        'Gitea (or a proxy in front of it) is rate-limiting requests (429): try again in a little while.', status)
    default:
      if (status >= 500) {
        return new GiteaError('gitea_error',
          `Gitea failed with ${status} for ${info.request}: try again later, or check Gitea's logs.` + said(message), status)
      }
      return new GiteaError('gitea_error',
        `Gitea answered an unexpected status ${status} for ${info.request}: check GITEA_URL points at Gitea.` + said(message), status)
  }
}

/** A 3xx answer: never followed, since the token must only go to GITEA_URL. */
export function redirectError (status: number, location: string | null, apiRoot: string, origin: string, info: ExchangeInfo): GiteaError {
  let target: URL | undefined
  try {
    if (location !== null) target = new URL(location, apiRoot)
  } catch {
    target = undefined
  }
  if (target !== undefined && target.origin !== origin) {
    return new GiteaError('gitea_error',
      `Gitea redirected ${info.request} (${status}) to another address: not followed, so the token is never sent there. If Gitea moved, set GITEA_URL to its new address.`,
      status, `Gitea at ${info.host} redirected ${info.request} (${status}) to ${target.origin}`)
  }
  // Same origin: usually a renamed repository or owner (Gitea redirects the old name).
  // The new name is not repeated, since REPO_ALLOWLIST may hide it.
  return new GiteaError('gitea_error',
    `Gitea redirected ${info.request} (${status}): the repository or owner was probably renamed or moved; use its current name. If every request is redirected, check GITEA_URL (scheme, sub-path).`,
    status, `Gitea at ${info.host} redirected ${info.request} (${status}) within its own address`)
}

const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|EPROTO$|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/

function errorCodes (error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return []
  seen.add(error)
  const record = error as { code?: unknown, cause?: unknown, errors?: unknown }
  const codes = typeof record.code === 'string' ? [record.code] : []
  codes.push(...errorCodes(record.cause, seen))
  if (Array.isArray(record.errors)) for (const inner of record.errors) codes.push(...errorCodes(inner, seen))
  return codes
}

/** The innermost cause's message (undici wraps the real error in `fetch failed`), cleaned and short. */
function causeMessage (error: unknown): string | undefined {
  let current = error
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause
    if (typeof cause !== 'object' || cause === null) break
    current = cause
  }
  if (current === error || !(current instanceof Error)) return undefined
  // eslint-disable-next-line no-control-regex -- control characters are what this removes from Gitea's text
  const text = current.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return text === '' ? undefined : text.slice(0, 120)
}

/** A failure before any answer arrived: connection refused, DNS, TLS, reset. */
export function networkError (error: unknown, host: string): GiteaError {
  const codes = errorCodes(error)
  const tls = codes.find((code) => TLS_CODE.test(code))
  let reason: string
  if (tls !== undefined) {
    reason = `TLS failed: ${tls}; check Gitea's certificate (a private CA needs NODE_EXTRA_CA_CERTS) and that GITEA_URL uses the right scheme, http:// or https://`
  } else if (codes.includes('ECONNREFUSED')) {
    reason = 'connection refused; check GITEA_URL (host and port) and that Gitea is running'
  } else if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN') || codes.includes('EAI_NONAME')) {
    reason = 'host name not found; check the host name in GITEA_URL and this server\'s DNS'
  } else if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH') || codes.includes('ETIMEDOUT') || codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
    reason = 'host unreachable; check GITEA_URL and the network between this server and Gitea'
  } else if (codes.includes('ECONNRESET') || codes.includes('UND_ERR_SOCKET') || codes.includes('EPIPE')) {
    reason = 'connection closed by the other side; check GITEA_URL and any proxy in front of Gitea'
  } else if (causeMessage(error) === 'bad port') {
    // fetch refuses some ports outright (e.g. 6000, 6665-6669), whatever listens there.
    reason = 'fetch refuses to connect to this port; run Gitea, or a proxy for it, on another port'
  } else {
    // A cause's own words may name the host: only its code goes to the caller.
    reason = `${codes[0] ?? 'network error'}; check GITEA_URL and that Gitea is reachable from this server`
  }
  const cause = [...new Set(codes)].join(', ')
  return new GiteaError('gitea_unreachable', `Cannot reach Gitea (${reason}).`, undefined,
    `Cannot reach Gitea at ${host}: ${cause === '' ? 'no error code' : cause}${prefixed(causeMessage(error))}`)
}

function prefixed (text: string | undefined): string {
  return text === undefined ? '' : ` (${text})`
}

export function timeoutError (host: string, timeoutMs: number, request = 'a request'): GiteaError {
  const seconds = Number((timeoutMs / 1000).toFixed(3))
  return new GiteaError('gitea_timeout',
    `Gitea did not answer within ${seconds} s (REQUEST_TIMEOUT_SECONDS): check Gitea's load and the network, or raise REQUEST_TIMEOUT_SECONDS.`,
    undefined, `Gitea at ${host} did not answer ${request} within ${seconds} s`)
}
