import { giteaUrlProblems } from '../config.js'
import { GiteaError } from './errors.js'

// Builds API URLs so that no argument can change their structure: every value
// becomes exactly one encoded path segment (file paths: one per `/`-separated
// part) or a query parameter.

export interface ApiBase {
  /** `https://host[:port][/sub-path]/api/v1`, no trailing slash. */
  readonly apiRoot: string
  /** `https://host[:port]`, to recognise same-origin URLs. */
  readonly origin: string
  /** `host[:port]`, for messages. */
  readonly host: string
}

/** Parses GITEA_URL. Throws a plain Error (configuration problem) with the config's rules; never echoes credentials. */
export function parseBaseUrl (baseUrl: string): ApiBase {
  const problems = giteaUrlProblems(baseUrl)
  if (problems.length > 0) throw new Error(`GITEA_URL ${problems.join('; ')}`)
  const url = new URL(baseUrl.trim())
  const path = url.pathname.replace(/\/+$/, '')
  return { apiRoot: `${url.origin}${path}/api/v1`, origin: url.origin, host: url.host }
}

// WHATWG URL parsing resolves `.`, `..` and their %2e spellings even when
// encoded, so such a segment would climb out of its place: refuse it.
function isDotSegment (segment: string): boolean {
  return segment === '.' || segment === '..'
}

/** One path segment (owner, repo, ref, sha). Empty and dot segments are refused. */
export function segment (value: string, what: string): string {
  if (typeof value !== 'string' || value === '' || isDotSegment(value)) {
    throw new GiteaError('bad_request', `Invalid ${what}: ${JSON.stringify(String(value)).slice(0, 200)}`, 400)
  }
  return encodeURIComponent(value)
}

/**
 * A file path inside a repository: each `/`-separated part encoded, the
 * separators kept. Leading, trailing and repeated slashes are dropped ('' is
 * the root); `.` and `..` parts are refused.
 */
export function filePath (value: string): string {
  if (typeof value !== 'string') throw new GiteaError('bad_request', 'Invalid path', 400)
  const parts = value.split('/').filter((part) => part !== '')
  if (parts.some(isDotSegment)) {
    throw new GiteaError('bad_request', `Invalid path ${JSON.stringify(value).slice(0, 200)}: "." and ".." are not allowed`, 400)
  }
  return parts.map((part) => encodeURIComponent(part)).join('/')
}

/** A path-and-query without its query, for messages. */
export function withoutQuery (pathAndQuery: string): string {
  const mark = pathAndQuery.indexOf('?')
  return mark === -1 ? pathAndQuery : pathAndQuery.slice(0, mark)
}

/** Query string from defined values, `?`-prefixed, or '' when there are none. */
export function query (params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}
