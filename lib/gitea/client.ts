import { GiteaError } from './errors.js'
import type { RequestContext } from './http-errors.js'
import { computeHasMore, normalizePageRequest, parseLinkHeader, parseTotalCount } from './paging.js'
import { filePath, parseBaseUrl, query, segment, withoutQuery } from './paths.js'
import { contentsTarget, notFoundError, ownerTarget, rawFileTarget, repoTarget, searchTarget, treeTarget } from './targets.js'
import { createTransport, readCapped, type GiteaResponse, type TransportOptions } from './transport.js'
import type { CallOptions, GiteaClient, GiteaCommit, GiteaContent, GiteaRepository, Page, PageRequest, RawFile } from './types.js'
import { branchesTarget, commitsTarget, commitTarget, compareTarget, filesTarget, tagsTarget } from './targets.js'
import { issueSearchTarget, issuesTarget, issueTarget, labelsTarget, pullsTarget, pullTarget, releasesTarget } from './targets.js'
import { actionJobTarget, actionRunsTarget, actionRunTarget } from './targets.js'
import { expectActionJob, expectActionJobs, expectActionRun, expectActionRuns } from './validate.js'
import { tailLog } from './log-tail.js'
import { olderThan } from './version.js'
import { milestonesTarget, statusTarget, wikiPageTarget, wikiTarget } from './targets.js'
import {
  expectBranches, expectChangedFiles, expectComments, expectCommit, expectCommitList, expectCompare, expectContents, expectContentsBatch, expectContentsExt,
  expectFirstCommitSha, expectIssue, expectIssueList, expectLabels, expectPullRequest, expectPullRequestList, expectReleases, expectRepository,
  expectRepositoryList, expectSearchResults, expectTags, expectTree, expectUser, expectVersion, ShapeError
} from './validate.js'
import { expectCombinedStatus, expectMilestones, expectPullReviewComments, expectPullReviews, expectWikiPage, expectWikiPages } from './validate.js'

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
  /** Told of every finished request: its duration and outcome (metrics, alerts). */
  observe?: TransportOptions['observe']
}

const DEFAULT_MAX_JSON_BYTES = 32 * 1024 * 1024

/** Repositories a client remembers for `maxAgeMs` (the least recently answered goes first). */
export const REPOSITORY_CACHE_ENTRIES = 256

/** Repositories given from a client's memory rather than from Gitea just now. */
const remembered = new WeakSet<GiteaRepository>()

/** Whether getRepo gave `repository` from the client's memory (`maxAgeMs`), not from Gitea for this call. */
export function fromRepositoryCache (repository: GiteaRepository): boolean {
  return remembered.has(repository)
}

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
    retryMaxWaitMs: options.retryMaxWaitMs ?? 5000,
    observe: options.observe
  })

  // The single place messages leave the client: whatever happened, the token
  // is blanked (e.g. if Gitea or a proxy echoed it in an error body).
  function redact (text: string): string {
    return text.split(token).join('[redacted]')
  }

  // A message goes to the caller, who is not told where Gitea is: an address
  // quoted from Gitea's own words is blanked too. (A bare host name without a
  // dot or port, like `gitea`, is left: it would blank ordinary words.)
  const addresses = [base.origin, ...(/[.:]/.test(base.host) ? [base.host] : [])]
  function forCaller (text: string): string {
    return addresses.reduce((out, address) => out.split(address).join('[Gitea]'), redact(text))
  }

  async function guard<T> (call: CallOptions | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (error instanceof GiteaError) {
        const message = forCaller(error.message)
        const detail = error.detail === undefined ? undefined : redact(error.detail)
        if (message === error.message && detail === error.detail) throw error
        throw new GiteaError(error.code, message, error.status, detail)
      }
      // A caller's abort reason goes back to the caller unchanged.
      if (call?.signal?.aborted === true && error === call.signal.reason) throw error
      throw new GiteaError('gitea_error', 'Unexpected failure talking to Gitea: try again, and report it if it keeps happening.',
        undefined, redact(`Unexpected failure talking to Gitea at ${base.host}: ${String(error)}`))
    }
  }

  /** Reads and parses a JSON answer (capped), then checks its shape with `expect`. */
  async function getJson<T> (pathAndQuery: string, context: RequestContext, expect: (value: unknown) => T, call?: CallOptions): Promise<{ value: T, headers: GiteaResponse['headers'] }> {
    return await transport.get(pathAndQuery, context, async (response) => {
      const request = `GET /api/v1${withoutQuery(pathAndQuery)}`
      const { bytes, truncated } = await readCapped(response.body, maxJsonBytes)
      if (truncated) {
        throw new GiteaError('gitea_error', `Gitea sent more than ${maxJsonBytes} bytes for ${request}: ask for a smaller page or file.`, response.status,
          `Gitea at ${base.host} sent more than ${maxJsonBytes} bytes for ${request}`)
      }
      let body: unknown
      try {
        body = JSON.parse(bytes.toString('utf8'))
      } catch {
        const type = response.headers.get('content-type')?.replace(/;.*$/s, '') ?? 'no content type'
        throw new GiteaError('gitea_error',
          `Gitea answered ${request} with something that is not JSON (${type}): check GITEA_URL points at Gitea itself, not a login page or proxy.`,
          response.status, `Gitea at ${base.host} answered ${request} with ${type}, not JSON`)
      }
      try {
        return { value: expect(body), headers: response.headers }
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error
        throw new GiteaError('gitea_error',
          `Gitea answered ${request} in an unexpected shape (${error.message}): check GITEA_URL points at Gitea 1.24 or newer.`,
          response.status, `Gitea at ${base.host} answered ${request} in an unexpected shape`)
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

  /** Streams an answer (a raw file, a diff) up to `maxBytes`; `url` is built once `maxBytes` passed its check. */
  async function getCapped (url: () => string | Promise<string>, context: RequestContext, maxBytes: number, accept: string, call?: CallOptions): Promise<RawFile> {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new GiteaError('bad_request', 'maxBytes must be a non-negative integer', 400)
    return await transport.get(await url(), context, async (response) =>
      await readCapped(response.body, maxBytes, contentLength(response.headers)), call?.signal, accept)
  }

  function repoPath (owner: string, repo: string): string {
    return `/repos/${segment(owner, 'owner')}/${segment(repo, 'repository name')}`
  }

  const REPO_SCOPE = 'read:repository'

  // This client's (so this Gitea identity's) recent repository answers, for
  // getRepo with `maxAgeMs`. A caller's REPO_ALLOWLIST and key scopes are
  // checked in front of the client, before it is asked.
  const repositories = new Map<string, { at: number, repository: GiteaRepository }>()
  function rememberRepository (key: string, repository: GiteaRepository): void {
    repositories.delete(key)
    const copy = { ...repository }
    remembered.add(copy)
    repositories.set(key, { at: performance.now(), repository: copy })
    if (repositories.size > REPOSITORY_CACHE_ENTRIES) repositories.delete(repositories.keys().next().value as string)
  }

  /** Whether Gitea has `contents-ext` (1.25+): unknown until one call tells. */
  let contentsExt: boolean | undefined
  /** Whether Gitea has the `file-contents` batch read (1.24+): unknown until a call (and, on a 404, the version) tells. */
  let fileContentsBatch: boolean | undefined
  /** Whether Gitea filters commits by `since`/`until` (1.25+; 1.24 ignores them): unknown until the version tells. */
  let commitDates: boolean | undefined

  /** The version Gitea reports, or undefined when it cannot be had (not remembered: Gitea may be upgraded meanwhile). */
  async function reportedVersion (call?: CallOptions): Promise<string | undefined> {
    try {
      return (await getJson('/version', { target: 'the Gitea version' }, expectVersion, call)).value
    } catch {
      return undefined
    }
  }

  /** A Gitea without `file-contents`: each file from the plain contents endpoint, a few at a time; what cannot be read is null, as in a batch. */
  async function filesOneByOne (owner: string, repo: string, paths: readonly string[], ref: string, call?: CallOptions): Promise<Array<GiteaContent | null>> {
    const results: Array<GiteaContent | null> = new Array<GiteaContent | null>(paths.length).fill(null)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const index = next++
        const path = paths[index] as string
        const url = `${repoPath(owner, repo)}/contents/${filePath(path)}${query({ ref: ref === '' ? undefined : ref })}`
        try {
          const value = (await getJson(url, { target: contentsTarget(owner, repo, path, ref), scope: REPO_SCOPE }, expectContents, call)).value
          results[index] = Array.isArray(value) ? null : value
        } catch (error) {
          if (!(error instanceof GiteaError) || error.code !== 'not_found') throw error
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(ONE_BY_ONE_CONCURRENCY, paths.length) }, worker))
    return results
  }

  /**
   * A commit-ish as one path segment. A name with "/" (feature/x) would travel
   * as `feature%2Fx`, which proxies in front of Gitea often refuse or mangle:
   * it is resolved to its commit through a query parameter first.
   */
  async function commitSegment (owner: string, repo: string, sha: string, context: RequestContext, call?: CallOptions): Promise<string> {
    if (!sha.includes('/')) return segment(sha, 'commit sha or ref')
    const url = `${repoPath(owner, repo)}/commits${query({ sha, limit: 1, stat: 'false', verification: 'false', files: 'false' })}`
    const commit = (await getJson(url, context, expectFirstCommitSha, call)).value
    if (commit === undefined) throw notFoundError(context.target)
    return segment(commit, 'commit sha')
  }

  /** A branch, tag or SHA in the compare path: its "/" kept, every part encoded, no "..". */
  function refPath (ref: string, what: string): string {
    if (typeof ref !== 'string' || ref === '' || ref.includes('..')) {
      throw new GiteaError('bad_request', `Invalid ${what}: ${JSON.stringify(String(ref)).slice(0, 200)}`, 400)
    }
    return filePath(ref)
  }

  function flag (value: boolean | undefined): string {
    return value === true ? 'true' : 'false'
  }

  return {
    host: base.host,

    async getVersion (call) {
      return await guard(call, async () => (await getJson('/version', { target: 'the Gitea version' }, expectVersion, call)).value)
    },

    async getCurrentUser (call) {
      return await guard(call, async () => (await getJson('/user', { target: 'the token\'s user', scope: 'read:user' }, expectUser, call)).value)
    },

    async listMyRepos (request, call) {
      return await guard(call, async () => await getPage('/user/repos', {}, request,
        { target: 'the token\'s repositories', scope: 'read:user and read:repository' }, expectRepositoryList, call))
    },

    async listOwnerRepos (owner, request, call) {
      return await guard(call, async () => await getPage(`/users/${segment(owner, 'owner')}/repos`, {}, request,
        { target: ownerTarget(owner), scope: 'read:user and read:repository' }, expectRepositoryList, call))
    },

    async searchRepos (text, request, call) {
      return await guard(call, async () => await getPage('/repos/search', { q: text }, request,
        { target: searchTarget(text), scope: REPO_SCOPE }, expectSearchResults, call))
    },

    async getRepo (owner, repo, call) {
      // Gitea's owner and repository names are case-insensitive.
      const key = `${String(owner).toLowerCase()}/${String(repo).toLowerCase()}`
      const maxAgeMs = call?.maxAgeMs
      if (maxAgeMs !== undefined) {
        const known = repositories.get(key)
        if (known !== undefined && performance.now() - known.at <= maxAgeMs) return known.repository
      }
      const repository = await guard(call, async () => (await getJson(repoPath(owner, repo),
        { target: repoTarget(owner, repo), scope: REPO_SCOPE }, expectRepository, call)).value)
      rememberRepository(key, repository)
      return repository
    },

    async getContents (owner, repo, path, ref, call) {
      return await guard(call, async () => {
        const encoded = filePath(path)
        const where = encoded === '' ? '/contents' : `/contents/${encoded}`
        const url = `${repoPath(owner, repo)}${where}${query({ ref: ref === '' ? undefined : ref })}`
        return (await getJson(url, { target: contentsTarget(owner, repo, path, ref), scope: REPO_SCOPE }, expectContents, call)).value
      })
    },

    async getContentsMeta (owner, repo, path, ref, call) {
      return await guard(call, async () => {
        const encoded = filePath(path)
        const refQuery = ref === '' ? undefined : ref
        const context = { target: contentsTarget(owner, repo, path, ref), scope: REPO_SCOPE }
        if (contentsExt !== false) {
          const url = `${repoPath(owner, repo)}/contents-ext/${encoded === '' ? '.' : encoded}${query({ ref: refQuery, includes: 'lfs_metadata' })}`
          try {
            const value = (await getJson(url, context, expectContentsExt, call)).value
            contentsExt = true
            return value
          } catch (error) {
            // Gitea before 1.25 has no contents-ext: its 404 looks like a missing path's.
            if (contentsExt === true || !(error instanceof GiteaError) || error.code !== 'not_found') throw error
          }
        }
        const where = encoded === '' ? '/contents' : `/contents/${encoded}`
        const value = (await getJson(`${repoPath(owner, repo)}${where}${query({ ref: refQuery })}`, context, expectContents, call)).value
        // An empty repository's root ([]) proves nothing: contents-ext may 404 there too.
        if (!Array.isArray(value) || value.length > 0) contentsExt = false
        return value
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
      return await guard(call, async () => await getCapped(() => {
        const encoded = filePath(path)
        if (encoded === '') throw new GiteaError('bad_request', 'A file path is required to read a raw file', 400)
        return `${repoPath(owner, repo)}/raw/${encoded}${query({ ref: ref === '' ? undefined : ref })}`
      }, { target: rawFileTarget(owner, repo, path, ref), scope: REPO_SCOPE }, maxBytes, '*/*', call))
    },

    async getMediaFile (owner, repo, path, ref, maxBytes, call): Promise<RawFile> {
      return await guard(call, async () => await getCapped(() => {
        const encoded = filePath(path)
        if (encoded === '') throw new GiteaError('bad_request', 'A file path is required to read a raw file', 400)
        return `${repoPath(owner, repo)}/media/${encoded}${query({ ref: ref === '' ? undefined : ref })}`
      }, { target: rawFileTarget(owner, repo, path, ref), scope: REPO_SCOPE }, maxBytes, '*/*', call))
    },

    async listBranches (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/branches`, {}, request,
        { target: branchesTarget(owner, repo), scope: REPO_SCOPE }, expectBranches, call))
    },

    async listTags (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/tags`, {}, request,
        { target: tagsTarget(owner, repo), scope: REPO_SCOPE }, expectTags, call))
    },

    async listCommits (owner, repo, request, call) {
      return await guard(call, async () => {
        const path = `${repoPath(owner, repo)}/commits`
        const params = {
          sha: request.sha === '' ? undefined : request.sha,
          path: request.path === '' ? undefined : request.path,
          since: request.since,
          until: request.until,
          stat: flag(request.stat),
          verification: 'false',
          files: flag(request.files)
        }
        const context = { target: commitsTarget(owner, repo, request.sha, request.path), scope: REPO_SCOPE }
        if ((params.since !== undefined || params.until !== undefined) && commitDates !== true) {
          // Gitea 1.24 ignores since/until and would list every commit as if it matched: refuse instead.
          const version = await reportedVersion(call)
          if (version !== undefined) commitDates = !olderThan(version, COMMIT_DATES_SINCE)
          if (commitDates === false) {
            throw new GiteaError('bad_request', `This Gitea (${version?.slice(0, 40) ?? 'older than 1.25'}) cannot list commits by date: \`since\` and \`until\` need Gitea ${COMMIT_DATES_SINCE} or newer. Leave them out and read the dates of the commits listed.`, 400)
          }
        }
        if (params.path === undefined) return await getPage(path, params, request, context, expectCommitList, call)
        // With `path`, Gitea pages by [git] COMMITS_RANGE_SIZE (50) whatever
        // `limit` says: read the one or two pages of 50 that hold the page asked for.
        const { page, limit } = normalizePageRequest(request)
        const offset = (page - 1) * limit
        const first = Math.floor(offset / GITEA_PATH_PAGE) + 1
        const last = Math.floor((offset + limit - 1) / GITEA_PATH_PAGE) + 1
        const items: GiteaCommit[] = []
        let total: number | null = null
        let lastFull = false
        for (let giteaPage = first; giteaPage <= last; giteaPage++) {
          const got = await getPage(path, params, { page: giteaPage, limit: GITEA_PATH_PAGE }, context, expectCommitList, call)
          items.push(...got.items)
          total = got.total ?? total
          lastFull = got.items.length >= GITEA_PATH_PAGE
          if (!lastFull) break
        }
        const shown = items.slice(offset - (first - 1) * GITEA_PATH_PAGE).slice(0, limit)
        const hasMore = total !== null ? offset + shown.length < total : lastFull
        return { items: shown, page, limit, total, hasMore }
      })
    },

    async getCommit (owner, repo, sha, details = {}, call) {
      return await guard(call, async () => {
        const context = { target: commitTarget(owner, repo, sha), scope: REPO_SCOPE }
        const url = `${repoPath(owner, repo)}/git/commits/${await commitSegment(owner, repo, sha, context, call)}` +
          query({ stat: flag(details.stat), verification: 'false', files: flag(details.files) })
        return (await getJson(url, context, expectCommit, call)).value
      })
    },

    async getCommitDiff (owner, repo, sha, maxBytes, call): Promise<RawFile> {
      return await guard(call, async () => {
        const context = { target: commitTarget(owner, repo, sha), scope: REPO_SCOPE }
        return await getCapped(async () => `${repoPath(owner, repo)}/git/commits/${await commitSegment(owner, repo, sha, context, call)}.diff`,
          context, maxBytes, 'text/plain', call)
      })
    },

    async compareCommits (owner, repo, base, head, call) {
      return await guard(call, async () => {
        const url = `${repoPath(owner, repo)}/compare/${refPath(base, 'base')}...${refPath(head, 'head')}${query({ verification: 'false', files: 'true' })}`
        return (await getJson(url, { target: compareTarget(owner, repo, base, head), scope: REPO_SCOPE }, expectCompare, call)).value
      })
    },

    async getFileContentsBatch (owner, repo, paths, ref, call) {
      return await guard(call, async () => {
        if (paths.length === 0) return []
        if (fileContentsBatch !== false) {
          const url = `${repoPath(owner, repo)}/file-contents${query({ ref, body: JSON.stringify({ files: paths }) })}`
          try {
            const value = (await getJson(url, { target: filesTarget(owner, repo, ref), scope: REPO_SCOPE }, expectContentsBatch, call)).value
            fileContentsBatch = true
            return value
          } catch (error) {
            // Gitea before 1.24 has no file-contents: its 404 looks like a missing repository's or ref's; the version tells them apart.
            if (fileContentsBatch === true || !(error instanceof GiteaError) || error.code !== 'not_found') throw error
            const version = await reportedVersion(call)
            if (version === undefined || !olderThan(version, FILE_CONTENTS_SINCE)) throw error
            fileContentsBatch = false
          }
        }
        return await filesOneByOne(owner, repo, paths, ref, call)
      })
    },

    async listIssues (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/issues`, {
        state: request.state,
        type: request.type,
        labels: request.labels === undefined || request.labels.length === 0 ? undefined : request.labels.join(','),
        q: request.query === undefined || request.query === '' ? undefined : request.query,
        since: request.since,
        before: request.before
      }, request, { target: issuesTarget(owner, repo), scope: ISSUE_SCOPE }, expectIssueList, call))
    },

    async searchIssues (request, call) {
      return await guard(call, async () => await getPage('/repos/issues/search', { q: request.query, state: request.state, type: request.type }, request,
        { target: issueSearchTarget(request.query), scope: ISSUE_SCOPE }, expectIssueList, call))
    },

    async getIssue (owner, repo, index, call) {
      return await guard(call, async () => (await getJson(`${repoPath(owner, repo)}/issues/${indexSegment(index)}`,
        { target: issueTarget(owner, repo, index), scope: ISSUE_SCOPE }, expectIssue, call)).value)
    },

    async listIssueComments (owner, repo, index, call) {
      return await guard(call, async () => (await getJson(`${repoPath(owner, repo)}/issues/${indexSegment(index)}/comments`,
        { target: issueTarget(owner, repo, index), scope: ISSUE_SCOPE }, expectComments, call)).value)
    },

    async listPullRequests (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/pulls`, { state: request.state }, request,
        { target: pullsTarget(owner, repo), scope: REPO_SCOPE }, expectPullRequestList, call))
    },

    async getPullRequest (owner, repo, index, call) {
      return await guard(call, async () => (await getJson(`${repoPath(owner, repo)}/pulls/${indexSegment(index)}`,
        { target: pullTarget(owner, repo, index), scope: REPO_SCOPE }, expectPullRequest, call)).value)
    },

    async listPullRequestFiles (owner, repo, index, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/pulls/${indexSegment(index)}/files`, {}, request,
        { target: pullTarget(owner, repo, index), scope: REPO_SCOPE }, expectChangedFiles, call))
    },

    async getPullRequestDiff (owner, repo, index, maxBytes, call): Promise<RawFile> {
      return await guard(call, async () => await getCapped(() => `${repoPath(owner, repo)}/pulls/${indexSegment(index)}.diff`,
        { target: pullTarget(owner, repo, index), scope: REPO_SCOPE }, maxBytes, 'text/plain', call))
    },

    async listReleases (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/releases`, {}, request,
        { target: releasesTarget(owner, repo), scope: REPO_SCOPE }, expectReleases, call))
    },

    async listLabels (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/labels`, {}, request,
        { target: labelsTarget(owner, repo), scope: ISSUE_SCOPE }, expectLabels, call))
    },

    // Actions

    async listActionRuns (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/actions/runs`,
        { branch: request.branch, head_sha: request.headSha, status: request.status }, request,
        { target: actionRunsTarget(owner, repo), scope: REPO_SCOPE }, expectActionRuns, call))
    },

    async getActionRun (owner, repo, runId, call) {
      return await guard(call, async () => (await getJson(`${repoPath(owner, repo)}/actions/runs/${idSegment(runId, 'run id')}`,
        { target: actionRunTarget(owner, repo, runId), scope: REPO_SCOPE }, expectActionRun, call)).value)
    },

    async listActionRunJobs (owner, repo, runId, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/actions/runs/${idSegment(runId, 'run id')}/jobs`, {}, request,
        { target: actionRunTarget(owner, repo, runId), scope: REPO_SCOPE }, expectActionJobs, call))
    },

    async getActionJob (owner, repo, jobId, call) {
      return await guard(call, async () => (await getJson(`${repoPath(owner, repo)}/actions/jobs/${idSegment(jobId, 'job id')}`,
        { target: actionJobTarget(owner, repo, jobId), scope: REPO_SCOPE }, expectActionJob, call)).value)
    },

    async getActionJobLog (owner, repo, jobId, tailLines, maxLineChars, call) {
      return await guard(call, async () => await transport.get(`${repoPath(owner, repo)}/actions/jobs/${idSegment(jobId, 'job id')}/logs`,
        { target: actionJobTarget(owner, repo, jobId), scope: REPO_SCOPE },
        async (response) => await tailLog(response.body, tailLines, maxLineChars), call?.signal, 'text/plain'))
    },

    // --- Read parity (issue 14) ---

    async listWikiPages (owner, repo, request, call) {
      return await guard(call, async () => {
        const path = `${repoPath(owner, repo)}/wiki/pages`
        const context = { target: wikiTarget(owner, repo), scope: REPO_SCOPE }
        const { page, limit } = normalizePageRequest(request)
        if (limit !== 1) return await getPage(path, {}, { page, limit }, context, expectWikiPages, call)
        // Gitea reads limit=1 as its default (30): read pages of two and keep the one asked for.
        const pair = await getPage(path, {}, { page: Math.ceil(page / 2), limit: 2 }, context, expectWikiPages, call)
        const at = (page - 1) % 2
        const items = pair.items.slice(at, at + 1)
        const hasMore = pair.total !== null ? page < pair.total : pair.hasMore || (at === 0 && pair.items.length === 2)
        return { items, page, limit, total: pair.total, hasMore }
      })
    },

    async getWikiPage (owner, repo, name, call) {
      return await guard(call, async () => {
        // Gitea's page links (sub_url) have "-" where the title has a space.
        const pageName = segment(name.trim().replace(/ /g, '-'), 'wiki page name')
        return (await getJson(`${repoPath(owner, repo)}/wiki/page/${pageName}`,
          { target: wikiPageTarget(owner, repo, name), scope: REPO_SCOPE }, expectWikiPage, call)).value
      })
    },

    async listMilestones (owner, repo, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/milestones`, { state: request.state }, request,
        { target: milestonesTarget(owner, repo), scope: ISSUE_SCOPE }, expectMilestones, call))
    },

    async listPullReviews (owner, repo, index, request, call) {
      return await guard(call, async () => await getPage(`${repoPath(owner, repo)}/pulls/${indexSegment(index)}/reviews`, {}, request,
        { target: pullTarget(owner, repo, index), scope: REPO_SCOPE }, expectPullReviews, call))
    },

    async listPullReviewComments (owner, repo, index, reviewId, call) {
      return await guard(call, async () => {
        if (!Number.isSafeInteger(reviewId) || reviewId < 1) throw new GiteaError('bad_request', `Invalid review id ${JSON.stringify(reviewId)}`, 400)
        return (await getJson(`${repoPath(owner, repo)}/pulls/${indexSegment(index)}/reviews/${reviewId}/comments`,
          { target: pullTarget(owner, repo, index), scope: REPO_SCOPE }, expectPullReviewComments, call)).value
      })
    },

    async getCombinedStatus (owner, repo, ref, request, call) {
      return await guard(call, async () => {
        const context = { target: statusTarget(owner, repo, ref), scope: REPO_SCOPE }
        const { page, limit } = normalizePageRequest(request)
        const url = `${repoPath(owner, repo)}/commits/${await commitSegment(owner, repo, ref, context, call)}/status${query({ page, limit })}`
        const { value, headers } = await getJson(url, context, expectCombinedStatus, call)
        const linkHeader = headers.get('link')
        const total = parseTotalCount(headers.get('x-total-count')) ?? (value.statuses.length === 0 ? 0 : null)
        const hasMore = computeHasMore({ links: parseLinkHeader(linkHeader), total, page, limit, itemCount: value.statuses.length, linkHeaderPresent: linkHeader !== null })
        return { state: value.state, sha: value.sha, statuses: { items: value.statuses, page, limit, total, hasMore } }
      })
    }
  } satisfies GiteaClient
}

/** Content-Length as a number; undefined when absent or unreadable. */
function contentLength (headers: GiteaResponse['headers']): number | undefined {
  const value = headers.get('content-length')
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined
}

/** The release that added `GET .../file-contents`. */
const FILE_CONTENTS_SINCE = '1.24.0'

/** The release that made `GET .../commits` honour `since` and `until`. */
const COMMIT_DATES_SINCE = '1.25.0'

/** Files read at once where Gitea has no batch read. */
const ONE_BY_ONE_CONCURRENCY = 4

/** [git] COMMITS_RANGE_SIZE: Gitea's page size for commits filtered by path. */
const GITEA_PATH_PAGE = 50

/** Scope Gitea checks for issues, comments, labels and the issue search. */
const ISSUE_SCOPE = 'read:issue'

/** An issue or pull request index as a path segment: a whole number from 1. */
function indexSegment (index: number): string {
  if (!Number.isSafeInteger(index) || index < 1) {
    throw new GiteaError('bad_request', `Invalid issue or pull request index ${JSON.stringify(index)}: it must be a whole number from 1`, 400)
  }
  return String(index)
}

/** An Actions run or job id as a path segment: a whole number from 1. */
function idSegment (id: number, what: string): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new GiteaError('bad_request', `Invalid ${what} ${JSON.stringify(id)}: it must be a whole number from 1`, 400)
  return String(id)
}
