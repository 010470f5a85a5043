// Repository patterns (`owner/repo`, `owner/*`) as REPO_ALLOWLIST and a key's
// `repos` have them, and Gitea's name rules. No dependencies: the server's
// configuration and the aegis-keys CLI read patterns with this one parser.

/** REPO_ALLOWLIST: the repositories the tools may see. */
export interface RepoAllowlist {
  /** The patterns as given (trimmed), e.g. `acme/platform`, `acme/*`. */
  readonly patterns: readonly string[]
  /** True when REPO_ALLOWLIST is empty: everything the token can read is allowed. */
  readonly allowsAll: boolean
  /** Whether `owner/repo` is allowed (case-insensitive, like Gitea names). */
  allows: (owner: string, repo: string) => boolean
}

/**
 * Gitea user, organisation and repository names: letters, digits, `-`, `_`,
 * `.`, at most 100 (Gitea's own limit for repository names). The one copy:
 * REPO_ALLOWLIST entries and the tools' `owner`/`repo` arguments use it.
 */
export const GITEA_NAME_PATTERN = '^[A-Za-z0-9_.-]{1,100}$'
export const GITEA_NAME = new RegExp(GITEA_NAME_PATTERN)

export function splitList (value: string): string[] {
  return value.split(',').map(item => item.trim()).filter(item => item !== '')
}

/** Reads comma-separated patterns: the allowlist (empty: allows all) and one problem per malformed entry. */
export function readRepoAllowlist (value: string): { allowlist: RepoAllowlist, problems: string[] } {
  const patterns: string[] = []
  const problems: string[] = []
  const exact = new Set<string>()
  const owners = new Set<string>()
  splitList(value).forEach((entry, index) => {
    const where = `entry ${index + 1} ${JSON.stringify(entry)}`
    const parts = entry.split('/')
    if (parts.length !== 2) {
      problems.push(`${where} is not owner/repo or owner/*`)
      return
    }
    const [owner = '', repo = ''] = parts.map(part => part.trim())
    const bad = [nameProblem(owner, 'owner'), repo === '*' ? null : nameProblem(repo, 'repository')].filter(p => p !== null)
    if (bad.length > 0) {
      for (const problem of bad) problems.push(`${where}: ${problem}`)
      return
    }
    if (repo === '*') owners.add(owner.toLowerCase())
    else exact.add(`${owner}/${repo}`.toLowerCase())
    patterns.push(`${owner}/${repo}`)
  })
  const allowsAll = patterns.length === 0
  const allowlist: RepoAllowlist = {
    patterns,
    allowsAll,
    allows (owner: string, repo: string): boolean {
      if (allowsAll) return true
      const o = owner.toLowerCase()
      return owners.has(o) || exact.has(`${o}/${repo.toLowerCase()}`)
    }
  }
  return { allowlist, problems }
}

function nameProblem (name: string, what: string): string | null {
  if (GITEA_NAME.test(name) && name !== '.' && name !== '..') return null
  return `${what} ${JSON.stringify(name)} is not a valid Gitea name (letters, digits, "-", "_", ".", at most 100)`
}
