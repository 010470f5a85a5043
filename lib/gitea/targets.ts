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

export function ownerTarget (owner: string): string {
  return `repositories of owner ${quote(owner)}`
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

export function issuesTarget (owner: string, repo: string): string {
  return `issues of ${repoTarget(owner, repo)}`
}

export function issueTarget (owner: string, repo: string, index: number): string {
  return `issue #${index} in ${repoTarget(owner, repo)}`
}

export function issueSearchTarget (text: string): string {
  return `issues matching ${quote(text)}`
}

export function pullsTarget (owner: string, repo: string): string {
  return `pull requests of ${repoTarget(owner, repo)}`
}

export function pullTarget (owner: string, repo: string, index: number): string {
  return `pull request #${index} in ${repoTarget(owner, repo)}`
}

export function releasesTarget (owner: string, repo: string): string {
  return `releases of ${repoTarget(owner, repo)}`
}

export function labelsTarget (owner: string, repo: string): string {
  return `labels of ${repoTarget(owner, repo)}`
}

export function branchesTarget (owner: string, repo: string): string {
  return `branches of ${repoTarget(owner, repo)}`
}

export function tagsTarget (owner: string, repo: string): string {
  return `tags of ${repoTarget(owner, repo)}`
}

export function commitsTarget (owner: string, repo: string, sha?: string, path?: string): string {
  const from = sha === undefined || sha === '' ? '' : ` from ${quote(sha)}`
  const touching = path === undefined || path === '' ? '' : ` touching ${quote(path)}`
  return `commits${from}${touching} in ${repoTarget(owner, repo)}`
}

export function commitTarget (owner: string, repo: string, sha: string): string {
  return `commit ${quote(sha)} in ${repoTarget(owner, repo)}`
}

export function compareTarget (owner: string, repo: string, base: string, head: string): string {
  return `comparison of ${quote(base)} with ${quote(head)} in ${repoTarget(owner, repo)}`
}

export function filesTarget (owner: string, repo: string, ref: string): string {
  return `files${atRef(ref)} in ${repoTarget(owner, repo)}`
}

export function wikiTarget (owner: string, repo: string): string {
  return `wiki of ${repoTarget(owner, repo)}`
}

export function wikiPageTarget (owner: string, repo: string, name: string): string {
  return `wiki page ${quote(name)} in ${repoTarget(owner, repo)}`
}

export function milestonesTarget (owner: string, repo: string): string {
  return `milestones of ${repoTarget(owner, repo)}`
}

export function statusTarget (owner: string, repo: string, ref: string): string {
  return `commit status of ${quote(ref)} in ${repoTarget(owner, repo)}`
}

export function notFoundError (target: string): GiteaError {
  const text = `${target.charAt(0).toUpperCase()}${target.slice(1)} not found, or the token cannot read it`
  return new GiteaError('not_found', text, 404)
}

// Actions

export function actionRunsTarget (owner: string, repo: string): string {
  return `Actions runs of ${repoTarget(owner, repo)}`
}

export function actionRunTarget (owner: string, repo: string, runId: number): string {
  return `Actions run ${quote(String(runId))} in ${repoTarget(owner, repo)}`
}

export function actionJobTarget (owner: string, repo: string, jobId: number): string {
  return `Actions job ${quote(String(jobId))} in ${repoTarget(owner, repo)}`
}
