import { Type, type Static } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { GiteaClient, GiteaIssue, GiteaRepository } from '../gitea/types.js'
import { fitList } from './budget.js'
import { callOptions, fileWebUrl, mapLimit, repoWebUrl, str } from './common.js'
import { formatFileId, formatIssueId, formatPullRequestId, formatRepositoryId, formatWikiPageId } from './ids.js'
import { escapeInvisible } from './sanitize.js'
import { validatePath } from './schemas.js'
import { safeStringCut } from './text.js'
import { readRecursiveTree, type TreeEntry } from './tree.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

// How search works, and its documented caps:
// - Repositories: Gitea's repository search (`/repos/search`: names, and
//   descriptions) plus a local match of every query word against "owner/name"
//   and the description of the repositories listed for the token.
// - Files: the path of every file in the default branch's recursive tree of
//   at most SEARCH_MAX_REPOSITORIES repositories (those whose name matched
//   first, then the most recently updated of the first SEARCH_LIST_PAGES pages
//   of the token's repositories), up to TREE_MAX_ENTRIES paths per repository.
//   A path matches when it contains every word of the query, ignoring case.
// - Issues and pull requests: Gitea's issue search (`/repos/issues/search`,
//   which covers every repository the token can read: titles, descriptions
//   and comments), open and closed, those whose title holds every query word
//   first; at most SEARCH_MAX_ISSUES. A token without read:issue just gets none.
// - Wiki pages: the titles of the first SEARCH_WIKI_PAGES pages of the wikis
//   of the same repositories whose files are scanned (a repository without a
//   wiki just has none). A title matches when it holds every word.
// - At most SEARCH_MAX_RESULTS results: repositories first, then issues and
//   pull requests, then wiki pages, then files.
// - Trees are cached per repository + branch + last update (which changes on
//   every push) in a small LRU (TREE_CACHE_SIZE entries, TREE_CACHE_TTL_MS),
//   one cache per Gitea client, so repeated searches cost one listing call.
// Only what the Gitea client returns is ever shown, so nothing the token
// cannot read (or REPO_ALLOWLIST hides) can appear.

export const SEARCH_MAX_RESULTS = 20
export const SEARCH_MAX_REPOSITORIES = 10
export const SEARCH_MAX_ISSUES = 10
/** Wiki pages (titles) looked at per repository: one page of Gitea's list. */
export const SEARCH_WIKI_PAGES = 50
/** Pages of `listMyRepos` (50 each) looked at to pick recently updated repositories. */
export const SEARCH_LIST_PAGES = 2
const SEARCH_LIST_LIMIT = 50
export const TREE_CACHE_SIZE = 32
export const TREE_CACHE_TTL_MS = 60_000
const TREE_CONCURRENCY = 4

const input = Type.Object({
  query: Type.String({
    minLength: 1,
    maxLength: 256,
    description: 'Words to find, e.g. "platform" or "rate limit"'
  })
}, { additionalProperties: false })

const output = Type.Object({
  results: Type.Array(Type.Object({
    id: Type.String({ description: 'Pass to `fetch` to read the document: "owner/repo" (repository), "owner/repo@ref:path" (file), "owner/repo#N" (issue), "owner/repo!N" (pull request), "owner/repo/wiki/Title" (wiki page)' }),
    title: Type.String(),
    url: Type.String({ description: 'Web page in Gitea' })
  }))
})

type Output = Static<typeof output>
type Result = Output['results'][number]

interface CachedTree<T> {
  entries: T
  expires: number
}

/** A tiny LRU with expiry: Map keeps insertion order, re-inserting on hit moves to the end. */
export class TreeCache<T = TreeEntry[]> {
  private readonly map = new Map<string, CachedTree<T>>()
  constructor (private readonly size = TREE_CACHE_SIZE, private readonly ttlMs = TREE_CACHE_TTL_MS, private readonly now: () => number = Date.now) {}

  get (key: string): T | undefined {
    const hit = this.map.get(key)
    if (hit === undefined) return undefined
    this.map.delete(key)
    if (hit.expires <= this.now()) return undefined
    this.map.set(key, hit)
    return hit.entries
  }

  set (key: string, entries: T): void {
    this.map.delete(key)
    this.map.set(key, { entries, expires: this.now() + this.ttlMs })
    while (this.map.size > this.size) {
      const oldest = this.map.keys().next().value
      if (oldest === undefined) break
      this.map.delete(oldest)
    }
  }

  get count (): number {
    return this.map.size
  }
}

const caches = new WeakMap<GiteaClient, TreeCache>()

export function treeCacheFor (gitea: GiteaClient): TreeCache {
  let cache = caches.get(gitea)
  if (cache === undefined) {
    cache = new TreeCache()
    caches.set(gitea, cache)
  }
  return cache
}

export function queryTerms (query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter((term) => term !== '')
}

function matchesAll (haystack: string, terms: string[]): boolean {
  const lower = haystack.toLowerCase()
  return terms.every((term) => lower.includes(term))
}

/** 0: file name holds the whole query; 1: the path does; 2: the path holds every word; -1: no match. */
export function pathScore (path: string, query: string, terms: string[]): number {
  const lower = path.toLowerCase()
  const whole = query.trim().toLowerCase()
  const name = lower.slice(lower.lastIndexOf('/') + 1)
  if (whole !== '' && name.includes(whole)) return 0
  if (whole !== '' && lower.includes(whole)) return 1
  if (terms.length > 0 && terms.every((term) => lower.includes(term))) return 2
  return -1
}

/** Git allows names (a backslash, a control character) that `fetch` refuses: leave those out. */
function fetchablePath (path: string): boolean {
  try {
    validatePath(path)
    return true
  } catch {
    return false
  }
}

function repoTitle (repo: GiteaRepository): string {
  const description = str(repo.description).replace(/\s+/g, ' ').trim()
  if (description === '') return repo.full_name
  const short = description.length > 100 ? `${description.slice(0, safeStringCut(description, 99))}…` : description
  return `${repo.full_name}: ${short}`
}

async function listCandidates (ctx: ToolContext): Promise<GiteaRepository[]> {
  const repos: GiteaRepository[] = []
  for (let page = 1; page <= SEARCH_LIST_PAGES; page++) {
    const listing = await ctx.gitea.listMyRepos({ page, limit: SEARCH_LIST_LIMIT }, callOptions(ctx))
    repos.push(...listing.items)
    if (!listing.hasMore || listing.items.length === 0) break
  }
  return repos
}

/** Issues and pull requests matching the query: titles holding every word first, then Gitea's other matches, newest first. */
async function findIssues (ctx: ToolContext, query: string, terms: string[]): Promise<Result[]> {
  let found: GiteaIssue[]
  try {
    found = (await ctx.gitea.searchIssues({ query, state: 'all', page: 1, limit: SEARCH_MAX_RESULTS }, callOptions(ctx))).items
  } catch (error) {
    // No read:issue scope (403), or a query Gitea refuses (422): no issues, the rest of the search stands.
    if (error instanceof GiteaError && (error.code === 'gitea_forbidden' || error.code === 'bad_request')) return []
    throw error
  }
  const ranked = found
    .filter((issue) => issue.repository !== null)
    .map((issue, order) => ({ issue, order, rank: matchesAll(issue.title, terms) ? 0 : 1 }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
  return ranked.slice(0, SEARCH_MAX_ISSUES).map(({ issue }) => {
    const repo = issue.repository as NonNullable<GiteaIssue['repository']>
    const isPull = issue.pull_request !== null
    const id = isPull ? formatPullRequestId(repo.owner, repo.name, issue.number) : formatIssueId(repo.owner, repo.name, issue.number)
    return { id, title: `${isPull ? 'Pull request' : 'Issue'} ${id}: ${escapeInvisible(issue.title).text}`, url: issue.html_url }
  })
}

interface WikiTitle { title: string, url: string }

const wikiCaches = new WeakMap<GiteaClient, TreeCache<WikiTitle[]>>()

/**
 * The first wiki page titles of `repo`, cached like trees (a wiki edit does
 * not change the repository's `updated_at`, so only the expiry renews them);
 * none when it has no wiki or it cannot be read.
 */
async function wikiTitles (ctx: ToolContext, repo: GiteaRepository): Promise<WikiTitle[]> {
  let cache = wikiCaches.get(ctx.gitea)
  if (cache === undefined) {
    cache = new TreeCache<WikiTitle[]>()
    wikiCaches.set(ctx.gitea, cache)
  }
  const owner = str(repo.owner?.login)
  const key = `${owner}/${repo.name}`.toLowerCase()
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  let titles: WikiTitle[]
  try {
    const pages = (await ctx.gitea.listWikiPages(owner, repo.name, { page: 1, limit: SEARCH_WIKI_PAGES }, callOptions(ctx))).items
    titles = pages.map((page) => ({ title: page.title, url: page.html_url }))
  } catch (error) {
    if (!(error instanceof GiteaError)) throw error
    // No wiki (404) or no access to it: remembered as none. Other failures are tried again next time.
    if (error.code !== 'not_found' && error.code !== 'gitea_forbidden') return []
    titles = []
  }
  cache.set(key, titles)
  return titles
}

/** Wiki pages of `repo` whose title holds every word. */
async function findWikiPages (ctx: ToolContext, repo: GiteaRepository, terms: string[]): Promise<Result[]> {
  const owner = str(repo.owner?.login)
  return (await wikiTitles(ctx, repo)).filter((page) => matchesAll(page.title, terms)).map((page) => ({
    id: formatWikiPageId(owner, repo.name, page.title),
    title: `Wiki page ${escapeInvisible(page.title).text} (${repo.full_name})`,
    url: page.url
  }))
}

async function repoTree (ctx: ToolContext, repo: GiteaRepository): Promise<TreeEntry[]> {
  const owner = str(repo.owner?.login)
  const cache = treeCacheFor(ctx.gitea)
  const key = `${repo.full_name}@${repo.default_branch}#${repo.updated_at}`
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  const tree = await readRecursiveTree(ctx, owner, repo.name, repo.default_branch, '')
  cache.set(key, tree.entries)
  return tree.entries
}

export const search: ToolDefinition<typeof input, typeof output> = {
  name: 'search',
  toolset: 'core',
  listOutputSchema: true,
  title: 'Search repositories, issues and files',
  description: `Searches what this server can read: repository names and descriptions, issue and pull request titles, text and comments (up to ${SEARCH_MAX_ISSUES}), ` +
    `and wiki page titles and file paths (not contents, default branch) of up to ${SEARCH_MAX_REPOSITORIES} repositories. Every word must appear (case ignored): use short words, e.g. "auth" or "docker compose". ` +
    `Returns up to ${SEARCH_MAX_RESULTS} results with an id, title and URL. Ids: "owner/repo", "owner/repo#N" (issue), "owner/repo!N" (pull request), ` +
    '"owner/repo/wiki/Title" (wiki page), "owner/repo@ref:path" (file). Pass an id to `fetch` to read it. For full listings use the list_* tools.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Use a more specific `query`.',
  async run (args, ctx) {
    const query = args.query.trim()
    const terms = queryTerms(query)
    if (terms.length === 0) return { results: [] }
    const call = callOptions(ctx)

    const [found, listed, issues] = await Promise.all([
      ctx.gitea.searchRepos(query, { page: 1, limit: SEARCH_MAX_RESULTS }, call).then((page) => page.items).catch((error: unknown) => {
        // Gitea may refuse an odd query (422): the local match still runs.
        if (error instanceof GiteaError && error.code === 'bad_request') return []
        throw error
      }),
      listCandidates(ctx).catch((error: unknown) => {
        // A token without read:user cannot list its repositories; Gitea's
        // search (read:repository) still gives repositories to scan.
        if (error instanceof GiteaError && error.code === 'gitea_forbidden') return []
        throw error
      }),
      findIssues(ctx, query, terms)
    ])

    // Repositories: Gitea's matches, then local ones, once each.
    const repoMatches: GiteaRepository[] = []
    const seen = new Set<string>()
    const addRepo = (repo: GiteaRepository): void => {
      const key = str(repo.full_name).toLowerCase()
      if (key === '' || seen.has(key)) return
      seen.add(key)
      repoMatches.push(repo)
    }
    for (const repo of found) addRepo(repo)
    for (const repo of listed) {
      if (matchesAll(`${str(repo.full_name)} ${str(repo.description)}`, terms)) addRepo(repo)
    }

    // Files: the matching repositories first, then the most recently updated.
    const byUpdate = [...listed].sort((a, b) => str(b.updated_at).localeCompare(str(a.updated_at)))
    const scan: GiteaRepository[] = []
    const scanned = new Set<string>()
    for (const repo of [...repoMatches, ...byUpdate]) {
      if (scan.length >= SEARCH_MAX_REPOSITORIES) break
      const key = str(repo.full_name).toLowerCase()
      if (scanned.has(key) || repo.empty === true || str(repo.default_branch) === '') continue
      scanned.add(key)
      scan.push(repo)
    }
    const [trees, wikis] = await Promise.all([
      mapLimit(scan, TREE_CONCURRENCY, async (repo) => {
        try {
          return await repoTree(ctx, repo)
        } catch (error) {
          // One unreadable tree (empty, moved, timed out) leaves the others' results.
          if (error instanceof GiteaError) return []
          throw error
        }
      }),
      mapLimit(scan, TREE_CONCURRENCY, async (repo) => await findWikiPages(ctx, repo, terms))
    ])

    const fileMatches: Array<{ score: number, order: number, result: Result }> = []
    trees.forEach((entries, repoIndex) => {
      const repo = scan[repoIndex] as GiteaRepository
      const owner = str(repo.owner?.login)
      const branch = repo.default_branch
      for (const [entryIndex, entry] of entries.entries()) {
        if (entry.type !== 'file') continue
        const score = pathScore(entry.path, query, terms)
        if (score < 0 || !fetchablePath(entry.path)) continue
        fileMatches.push({
          score,
          order: repoIndex * 1_000_000 + entryIndex,
          result: {
            id: formatFileId(owner, repo.name, branch, entry.path),
            title: `${entry.path} (${repo.full_name})`,
            url: fileWebUrl(repoWebUrl(repo), branch, entry.path)
          }
        })
      }
    })
    fileMatches.sort((a, b) => a.score - b.score || a.order - b.order)

    const results: Result[] = repoMatches.map((repo) => ({
      id: formatRepositoryId(str(repo.owner?.login), repo.name),
      title: repoTitle(repo),
      url: repoWebUrl(repo)
    }))
    results.push(...issues)
    results.push(...wikis.flat())
    for (const match of fileMatches) results.push(match.result)
    const capped = results.slice(0, SEARCH_MAX_RESULTS)
    const fitted = fitList(capped, (shown) => ({ results: shown }), ctx.limits.maxResponseBytes)
    return fitted === null ? { results: [] } : fitted.result
  }
}
