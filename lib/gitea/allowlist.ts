import { contentsTarget, notFoundError, rawFileTarget, repoTarget, treeTarget } from './targets.js'
import type { GiteaClient, GiteaRepository, Page } from './types.js'

// REPO_ALLOWLIST: the repositories the tools may see. Every tool reaches
// Gitea through withRepoAllowlist, so a repository outside the list behaves
// exactly like one that does not exist (same error, same message).

export interface RepoAllowlist {
  /** The patterns as given (trimmed), e.g. `acme/platform`, `acme/*`. */
  readonly patterns: readonly string[]
  /** True when REPO_ALLOWLIST is empty: everything the token can read is allowed. */
  readonly allowsAll: boolean
  /** Whether `owner/repo` is allowed (case-insensitive, like Gitea names). */
  allows: (owner: string, repo: string) => boolean
}

// Gitea user, org and repository names: letters, digits, `-`, `_`, `.`.
const NAME = /^[A-Za-z0-9_.-]+$/

function checkName (name: string, entry: string, what: string): void {
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new Error(`REPO_ALLOWLIST entry ${JSON.stringify(entry)}: ${what} ${JSON.stringify(name)} is not a valid Gitea name (letters, digits, "-", "_", ".")`)
  }
}

/** Parses REPO_ALLOWLIST; throws an Error naming the first malformed entry. */
export function parseRepoAllowlist (value: string): RepoAllowlist {
  const patterns: string[] = []
  const exact = new Set<string>()
  const owners = new Set<string>()
  for (const raw of value.split(',')) {
    const entry = raw.trim()
    if (entry === '') continue
    const parts = entry.split('/')
    if (parts.length !== 2) {
      throw new Error(`REPO_ALLOWLIST entry ${JSON.stringify(entry)} is not owner/repo or owner/*`)
    }
    const [owner = '', repo = ''] = parts.map((part) => part.trim())
    checkName(owner, entry, 'owner')
    if (repo === '*') {
      owners.add(owner.toLowerCase())
    } else {
      checkName(repo, entry, 'repository')
      exact.add(`${owner}/${repo}`.toLowerCase())
    }
    patterns.push(`${owner}/${repo}`)
  }
  const allowsAll = patterns.length === 0
  return {
    patterns,
    allowsAll,
    allows (owner: string, repo: string): boolean {
      if (allowsAll) return true
      const o = owner.toLowerCase()
      return owners.has(o) || exact.has(`${o}/${repo.toLowerCase()}`)
    }
  }
}

function repoAllowed (allowlist: RepoAllowlist, repository: GiteaRepository): boolean {
  // The client checked both fields are strings.
  return allowlist.allows(repository.owner.login, repository.name)
}

/**
 * The client restricted to REPO_ALLOWLIST. Per-repository calls outside it
 * throw the not_found error a missing repository gives (after `onDenied`, for
 * auditing); lists are filtered, and their `total` dropped since it would
 * count hidden repositories. An empty allowlist returns `client` itself.
 */
export function withRepoAllowlist (client: GiteaClient, allowlist: RepoAllowlist, onDenied?: (owner: string, repo: string) => void): GiteaClient {
  if (allowlist.allowsAll) return client

  function check (owner: string, repo: string, target: string): void {
    if (allowlist.allows(String(owner), String(repo))) return
    onDenied?.(owner, repo)
    throw notFoundError(target)
  }

  function filter (page: Page<GiteaRepository>): Page<GiteaRepository> {
    return { ...page, items: page.items.filter((repository) => repoAllowed(allowlist, repository)), total: null }
  }

  return {
    host: client.host,
    getVersion: async (call) => await client.getVersion(call),
    getCurrentUser: async (call) => await client.getCurrentUser(call),
    listMyRepos: async (page, call) => filter(await client.listMyRepos(page, call)),
    searchRepos: async (text, page, call) => filter(await client.searchRepos(text, page, call)),
    async getRepo (owner, repo, call) {
      check(owner, repo, repoTarget(owner, repo))
      return await client.getRepo(owner, repo, call)
    },
    async getContents (owner, repo, path, ref, call) {
      check(owner, repo, contentsTarget(owner, repo, path, ref))
      return await client.getContents(owner, repo, path, ref, call)
    },
    async getTree (owner, repo, sha, request, call) {
      check(owner, repo, treeTarget(owner, repo, sha))
      return await client.getTree(owner, repo, sha, request, call)
    },
    async getRawFile (owner, repo, path, ref, maxBytes, call) {
      check(owner, repo, rawFileTarget(owner, repo, path, ref))
      return await client.getRawFile(owner, repo, path, ref, maxBytes, call)
    }
  }
}
