import { GiteaError } from './errors.js'
import type { RequestContext } from './http-errors.js'
import { computeHasMore, normalizePageRequest, parseLinkHeader, parseTotalCount } from './paging.js'
import { filePath, parseBaseUrl, query, segment, withoutQuery } from './paths.js'
import { contentsTarget, notFoundError, rawFileTarget, repoTarget, searchTarget, treeTarget } from './targets.js'
import { createTransport, readCapped } from './transport.js'
import type { CallOptions, GiteaClient, Page, PageRequest, RawFile } from './types.js'
import {
  expectContents, expectFirstCommitSha, expectRepository, expectRepositoryList, expectSearchResults, expectTree, expectUser, expectVersion,
  ShapeError
} from './validate.js'

export interface GiteaClientOptions {
  /** Gitea's root URL (GITEA_URL), e.g. `https://git.example.com` or `https://example.com/gitea/`. */
  baseUrl: string
  /** GITEA_TOKEN: sent as `Authorization: token …` to baseUrl and nowhere else. */
  token: string
  /** REQUEST_TIMEOUT_SECONDS in ms: bounds each call, reading the body included. */
  timeoutMs: number
  userAgent?: string
  /** Largest JSON answer read (default 32 MiB; a 10 MiB file's base64 contents fit). */
  maxJsonBytes?: number
  /** Longest `Retry-After` waited for once on 429/503 (default 5000 ms). */
  retryMaxWaitMs?: number
}

const DEFAULT_MAX_JSON_BYTES = 32 * 1024 * 1024

// A header value with a control character or a surrounding space makes
// fetch throw a TypeError that quotes the value: refuse it here, unquoted.
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

export function createGiteaClient (options: GiteaClientOptions): GiteaClient {
  const base = parseBaseUrl(options.baseUrl)
  const token = options.token
  if (typeof token !== 'string' || token === '') throw new Error('GITEA_TOKEN is empty')
  if (!HEADER_SAFE.test(token) || /\s/.test(token)) {
    throw new Error('GITEA_TOKEN contains spaces or characters that cannot be sent in an HTTP header')
  }
  const userAgent = options.userAgent ?? 'aegis-gitea-mcp'
  if (!HEADER_SAFE.test(userAgent)) throw new Error('The Gitea client user agent contains characters that cannot be sent in an HTTP header')
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('The Gitea request timeout must be a positive number of milliseconds')
  // AbortSignal.timeout takes whole milliseconds that fit in 32 bits.
  const timeoutMs = Math.min(Math.ceil(options.timeoutMs), 2 ** 31 - 1)
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES

  const transport = createTransport({
    base,
    token,
    timeoutMs,
    userAgent,
    retryMaxWaitMs: options.retryMaxWaitMs ?? 5000
  })

  // The single place messages leave the client: whatever happened, the token
  // is blanked (e.g. if Gitea or a proxy echoed it in an error body).
  function redact (text: string): string {
    return text.split(token).join('[redacted]')
  }

  async function guard<T> (call: CallOptions | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (error instanceof GiteaError) {
        const message = redact(error.message)
        if (message === error.message) throw error
        throw new GiteaError(error.code, message, error.status)
      }
      // A caller's abort reason goes back to the caller unchanged.
      if (call?.signal?.aborted === true && error === call.signal.reason) throw error
      throw new GiteaError('gitea_error', redact(`Unexpected failure talking to Gitea at ${base.host}: ${String(error)}`))
    }
  }

  /** Reads and parses a JSON answer (capped), then checks its shape with `expect`. */
  async function getJson<T> (pathAndQuery: string, context: RequestContext, expect: (value: unknown) => T, call?: CallOptions): Promise<{ value: T, headers: Headers }> {
    return await transport.get(pathAndQuery, context, async (response) => {
      const request = `GET /api/v1${withoutQuery(pathAndQuery)}`
      const { bytes, truncated } = await readCapped(response.body, maxJsonBytes)
      if (truncated) {
        throw new GiteaError('gitea_error', `Gitea at ${base.host} sent more than ${maxJsonBytes} bytes for ${request}: ask for a smaller page or file.`, response.status)
      }
      let body: unknown
      try {
        body = JSON.parse(bytes.toString('utf8'))
      } catch {
        const type = response.headers.get('content-type')?.replace(/;.*$/s, '') ?? 'no content type'
        throw new GiteaError('gitea_error',
          `Gitea at ${base.host} answered ${request} with something that is not JSON (${type}): check GITEA_URL points at Gitea itself, not a login page or proxy.`,
          response.status)
      }
      try {
        return { value: expect(body), headers: response.headers }
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error
        throw new GiteaError('gitea_error',
          `Gitea at ${base.host} answered ${request} in an unexpected shape (${error.message}): check GITEA_URL points at Gitea 1.24 or newer.`,
          response.status)
      }
    }, call?.signal)
  }

  async function getPage<T> (path: string, extra: Record<string, string | undefined>, request: PageRequest, context: RequestContext,
    expect: (value: unknown) => T[], call?: CallOptions): Promise<Page<T>> {
    const { page, limit } = normalizePageRequest(request)
    const { value: items, headers } = await getJson(`${path}${query({ ...extra, page, limit })}`, context, expect, call)
    const linkHeader = headers.get('link')
    const links = parseLinkHeader(linkHeader)
    const total = parseTotalCount(headers.get('x-total-count'))
    const hasMore = computeHasMore({ links, total, page, limit, itemCount: items.length, linkHeaderPresent: linkHeader !== null })
    return { items, page, limit, total, hasMore }
  }

  function repoPath (owner: string, repo: string): string {
    return `/repos/${segment(owner, 'owner')}/${segment(repo, 'repository name')}`
  }

  const REPO_SCOPE = 'read:repository'

  return {
    host: base.host,

    async getVersion (call) {
      return await guard(call, async () => (await getJson('/version', { target: 'the Gitea version' }, expectVersion, call)).value)
    },

    async getCurrentUser (call) {
      return await guard(call, async () => (await getJson('/user', { target: 'the token\'s user', scope: 'read:user' }, (v) => expectUser(v), call)).value)
    },

    async listMyRepos (request, call) {
      return await guard(call, async () => await getPage('/user/repos', {}, request,
        { target: 'the token\'s repositories', scope: 'read:user and read:repository' }, expectRepositoryList, call))
    },

    async searchRepos (text, request, call) {
      return await guard(call, async () => await getPage('/repos/search', { q: text }, request,
        { target: searchTarget(text), scope: REPO_SCOPE }, expectSearchResults, call))
    },

    async getRepo (owner, repo, call) {
      return await guard(call, async () => (await getJson(repoPath(owner, repo),
        { target: repoTarget(owner, repo), scope: REPO_SCOPE }, (v) => expectRepository(v), call)).value)
    },

    async getContents (owner, repo, path, ref, call) {
      return await guard(call, async () => {
        const encoded = filePath(path)
        const where = encoded === '' ? '/contents' : `/contents/${encoded}`
        const url = `${repoPath(owner, repo)}${where}${query({ ref: ref === '' ? undefined : ref })}`
        return (await getJson(url, { target: contentsTarget(owner, repo, path, ref), scope: REPO_SCOPE }, expectContents, call)).value
      })
    },

    async getTree (owner, repo, sha, request = {}, call) {
      return await guard(call, async () => {
        const positive = (n: number | undefined): string | undefined => Number.isFinite(n) ? String(Math.max(1, Math.floor(n as number))) : undefined
        const params = {
          recursive: request.recursive === true ? 'true' : undefined,
          page: positive(request.page),
          per_page: positive(request.perPage)
        }
        const context = { target: treeTarget(owner, repo, sha), scope: REPO_SCOPE }
        let treeish = segment(sha, 'tree sha or ref')
        if (sha.includes('/')) {
          // A ref like `feature/x` would travel as `feature%2Fx`, which Gitea
          // decodes but proxies in front of it often refuse or mangle: resolve
          // it to its commit through a query parameter instead.
          const resolveUrl = `${repoPath(owner, repo)}/commits${query({ sha, limit: 1, stat: 'false', verification: 'false', files: 'false' })}`
          const commit = (await getJson(resolveUrl, context, expectFirstCommitSha, call)).value
          if (commit === undefined) throw notFoundError(context.target)
          treeish = segment(commit, 'commit sha')
        }
        const url = `${repoPath(owner, repo)}/git/trees/${treeish}${query(params)}`
        return (await getJson(url, context, expectTree, call)).value
      })
    },

    async getRawFile (owner, repo, path, ref, maxBytes, call): Promise<RawFile> {
      return await guard(call, async () => {
        if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new GiteaError('bad_request', 'maxBytes must be a non-negative integer', 400)
        const encoded = filePath(path)
        if (encoded === '') throw new GiteaError('bad_request', 'A file path is required to read a raw file', 400)
        const url = `${repoPath(owner, repo)}/raw/${encoded}${query({ ref: ref === '' ? undefined : ref })}`
        const context = { target: rawFileTarget(owner, repo, path, ref), scope: REPO_SCOPE }
        return await transport.get(url, context, async (response) => await readCapped(response.body, maxBytes), call?.signal, '*/*')
      })
    }
  } satisfies GiteaClient
}

