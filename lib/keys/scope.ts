// A key's scope: the repositories and toolsets one key is narrowed to (the
// keys file's `repos` and `toolsets`, aegis-keys' --repos and --toolsets).
// The server applies it on top of REPO_ALLOWLIST and MCP_TOOLSETS: always
// the intersection, never a widening. Repository patterns are read by the
// same parser as REPO_ALLOWLIST, toolset names by the one of MCP_TOOLSETS.
import { readRepoAllowlist, type RepoAllowlist } from '../repo-patterns.js'
import { isToolsetName, readToolsets, TOOLSET_NAMES, type ToolsetName } from '../tools/toolsets.js'

/** What a key is narrowed to, resolved; a field that is null narrows nothing. */
export interface KeyScope {
  /** Only these repositories (intersected with REPO_ALLOWLIST); null: every one the server allows. */
  repos: RepoAllowlist | null
  /** Only these toolsets (with `core`, intersected with MCP_TOOLSETS); null: the server's. */
  toolsets: readonly ToolsetName[] | null
}

/** The scope as written: patterns and names, as a keys file line and a metadata file hold them. */
export interface ScopeText {
  /** `owner/repo` and `owner/*` patterns; null: no narrowing. */
  repos: readonly string[] | null
  /** Toolset names (lowercase) or `all`; null: no narrowing. */
  toolsets: readonly string[] | null
}

export const NO_SCOPE: ScopeText = { repos: null, toolsets: null }

/** Sees no repository: what a caller whose key is no longer known gets (fail closed). */
export const NO_REPOSITORIES: RepoAllowlist = Object.freeze({ patterns: [], allowsAll: false, allows: () => false })

/** The scope of a key that authenticated but is no longer in the keyring: nothing but the always-on tools, on no repository. */
export const DENIED_SCOPE: KeyScope = Object.freeze({ repos: NO_REPOSITORIES, toolsets: [] })

const PATTERN_PROBLEM = 'is not owner/repo or owner/* (Gitea names: letters, digits, "-", "_", ".")'

/**
 * Checks a `repos` value: a non-empty list of REPO_ALLOWLIST patterns. The
 * problems name the field and the entry's position, never its text (it could
 * be a key pasted in the wrong place).
 */
export function readRepoScope (value: unknown, field = '"repos"'): { patterns: string[] | null, problems: string[] } {
  const list = listOf(value, field)
  if (list.problem !== undefined) return { patterns: null, problems: [list.problem] }
  const problems: string[] = []
  const patterns: string[] = []
  list.items.forEach((item, index) => {
    const where = `${field} entry ${index + 1}`
    if (typeof item !== 'string') {
      problems.push(`${where} must be a string`)
      return
    }
    // One pattern an entry: a comma would make it several.
    const read = item.includes(',') ? null : readRepoAllowlist(item)
    const pattern = read !== null && read.problems.length === 0 && read.allowlist.patterns.length === 1 ? read.allowlist.patterns[0] : undefined
    if (pattern === undefined) problems.push(`${where} ${PATTERN_PROBLEM}`)
    else patterns.push(pattern)
  })
  return problems.length > 0 ? { patterns: null, problems } : { patterns, problems }
}

/** Checks a `toolsets` value: a non-empty list of toolset names (any case) or `all`. */
export function readToolsetScope (value: unknown, field = '"toolsets"'): { names: string[] | null, problems: string[] } {
  const list = listOf(value, field)
  if (list.problem !== undefined) return { names: null, problems: [list.problem] }
  const problems: string[] = []
  const names: string[] = []
  list.items.forEach((item, index) => {
    const name = typeof item === 'string' ? item.trim().toLowerCase() : null
    if (name !== null && (name === 'all' || isToolsetName(name))) names.push(name)
    else problems.push(`${field} entry ${index + 1} is not a toolset (known: ${TOOLSET_NAMES.join(', ')}, or all)`)
  })
  return problems.length > 0 ? { names: null, problems } : { names, problems }
}

function listOf (value: unknown, field: string): { items: unknown[], problem?: string } {
  if (!Array.isArray(value)) return { items: [], problem: `${field} must be a list of strings` }
  if (value.length === 0) return { items: [], problem: `${field} must name at least one (leave it out for no narrowing)` }
  if (value.length > 100) return { items: [], problem: `${field} must name at most 100` }
  return { items: value }
}

/** The scope a server applies, from the checked text. */
export function resolveScope (text: ScopeText): KeyScope {
  return {
    repos: text.repos === null ? null : readRepoAllowlist(text.repos.join(',')).allowlist,
    toolsets: text.toolsets === null ? null : readToolsets(text.toolsets.join(',')).toolsets
  }
}

/** Reads a comma-separated option (`--repos acme/web,acme/*`) into a list; empty entries are dropped. */
export function splitScopeOption (value: string): string[] {
  return value.split(',').map(entry => entry.trim()).filter(entry => entry !== '')
}

/** One line for people: `repos acme/web, acme/*; toolsets issues`, or '' when the key is not narrowed. */
export function describeScope (text: ScopeText): string {
  const parts: string[] = []
  if (text.repos !== null) parts.push(`repos ${text.repos.join(', ')}`)
  if (text.toolsets !== null) parts.push(`toolsets ${text.toolsets.join(', ')}`)
  return parts.join('; ')
}

/** Two scopes as written name the same thing (order and case aside). */
export function sameScope (a: ScopeText, b: ScopeText): boolean {
  const norm = (list: readonly string[] | null): string | null => list === null ? null : [...new Set(list.map(item => item.toLowerCase()))].sort().join(',')
  return norm(a.repos) === norm(b.repos) && norm(a.toolsets) === norm(b.toolsets)
}

/**
 * REPO_ALLOWLIST narrowed by a key's repositories: a repository must pass
 * both. Its patterns are the pairwise intersections (the allowlisted client
 * lists the token's repositories from them), so `acme/*` and `acme/web`
 * give `acme/web`, and two disjoint lists give none (which allows nothing).
 */
export function narrowAllowlist (server: RepoAllowlist, key: RepoAllowlist | null | undefined): RepoAllowlist {
  if (key === null || key === undefined || key.allowsAll) return server
  if (server.allowsAll) return key
  const patterns = new Map<string, string>()
  for (const a of server.patterns) {
    for (const b of key.patterns) {
      const both = intersectPatterns(a, b)
      if (both !== null) patterns.set(both.toLowerCase(), both)
    }
  }
  return Object.freeze({
    patterns: [...patterns.values()],
    allowsAll: false,
    allows: (owner: string, repo: string) => server.allows(owner, repo) && key.allows(owner, repo)
  })
}

function intersectPatterns (a: string, b: string): string | null {
  const [ownerA = '', repoA = ''] = a.split('/')
  const [ownerB = '', repoB = ''] = b.split('/')
  if (ownerA.toLowerCase() !== ownerB.toLowerCase()) return null
  if (repoA === '*') return b
  if (repoB === '*') return a
  return repoA.toLowerCase() === repoB.toLowerCase() ? a : null
}

/** What the keyring knows of a key, as far as its scope goes. */
export interface ScopedKeys {
  find: (keyId: string) => { scope?: KeyScope } | undefined
}

/**
 * The scope of the key a request authenticated with, looked up in the keys
 * in force now (so a reload applies at once, to the key and to OAuth tokens
 * granted with it). undefined: not narrowed (no key: auth is off). A key id
 * the keyring no longer has sees nothing (fail closed).
 */
export function scopeOfKey (keys: ScopedKeys, keyId: string | null): KeyScope | undefined {
  if (keyId === null) return undefined
  const entry = keys.find(keyId)
  if (entry === undefined) return DENIED_SCOPE
  return entry.scope
}
