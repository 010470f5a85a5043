import { GiteaError } from './errors.js'

// What a call was about, in words, for 404 messages. The client and the
// allowlist both build their "not found" from these, so a repository hidden by
// REPO_ALLOWLIST is reported exactly like one that does not exist.

function quote (value: string): string {
  // JSON quoting keeps control characters and quotes in caller input visible and harmless.
  const text = JSON.stringify(value)
  return text.length > 202 ? `${text.slice(0, 200)}…"` : text
}

export function repoTarget (owner: string, repo: string): string {
  return `repository ${quote(`${owner}/${repo}`)}`
}

function atRef (ref: string | undefined): string {
  return ref === undefined || ref === '' ? ' (default branch)' : ` at ref ${quote(ref)}`
}

export function contentsTarget (owner: string, repo: string, path: string, ref?: string): string {
  const where = path.replace(/^\/+|\/+$/g, '') === '' ? 'root directory' : `path ${quote(path)}`
  return `${where}${atRef(ref)} in ${repoTarget(owner, repo)}`
}

export function treeTarget (owner: string, repo: string, sha: string): string {
  return `tree ${quote(sha)} in ${repoTarget(owner, repo)}`
}

export function rawFileTarget (owner: string, repo: string, path: string, ref?: string): string {
  return `file ${quote(path)}${atRef(ref)} in ${repoTarget(owner, repo)}`
}

export function searchTarget (text: string): string {
  return `repositories matching ${quote(text)}`
}

export function notFoundError (target: string): GiteaError {
  const text = `${target.charAt(0).toUpperCase()}${target.slice(1)} not found, or the token cannot read it`
  return new GiteaError('not_found', text, 404)
}
