// What the history tools (list_branches, list_tags, list_commits, get_commit,
// get_commit_diff, compare_refs) share: argument schemas and their checks,
// the commit summary.
import { Type, type Static, type TString } from 'typebox'
import { GiteaError } from '../gitea/errors.js'
import type { CallOptions, GiteaCommit, GiteaRepository, Page, PageRequest } from '../gitea/types.js'
import { callOptions, getRepository, withAdvice } from './common.js'
import { ToolError } from './errors.js'
import type { Escapes } from './sanitize.js'
import { MAX_REF_LENGTH, pageArgs, validateRef } from './schemas.js'
import { safeStringCut } from './text.js'
import type { ToolContext } from './types.js'

/** A commit, branch or tag argument (`sha`, `base`, `head`); checked like `ref` by checkRevision. */
export function Revision (description: string): TString {
  return Type.String({ minLength: 1, maxLength: MAX_REF_LENGTH, description })
}

/** A branch, tag or SHA argument: git's ref rules (no spaces, "..", "~", ":", ...), as for `ref`. */
export function checkRevision (value: string, argument: string): string {
  return validateRef(value, argument)
}

export const DateArg = (description: string): TString => Type.String({ minLength: 1, maxLength: 64, description })

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/

/**
 * An RFC 3339 date-time (what Gitea's `since`/`until` accept): checked here
 * so that a bad one is a clear invalid_arguments error, not Gitea's 422.
 * Returns its time in ms.
 */
export function checkDateTime (value: string, argument: string): number {
  const m = RFC3339.exec(value)
  const fail = (): never => {
    const shown = value.length > 64 ? `${value.slice(0, 64)}...` : value
    throw new ToolError('invalid_arguments', `Invalid arguments: \`${argument}\` must be an RFC 3339 date and time such as "2024-05-01T00:00:00Z" or "2024-05-01T09:30:00+02:00" (got ${JSON.stringify(shown)}).`)
  }
  if (m === null) return fail()
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return fail()
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return fail()
  return Date.parse(value)
}

const TITLE_MAX = 300

/** The first line of a commit message, at most 300 characters. */
export function messageTitle (message: string): string {
  const line = message.replace(/^\s+/, '').split('\n')[0]?.replace(/\s+$/, '') ?? ''
  return line.length > TITLE_MAX ? `${line.slice(0, safeStringCut(line, TITLE_MAX - 1))}…` : line
}

export const Person = Type.Object({
  name: Type.String(),
  email: Type.String(),
  date: Type.String({ description: 'RFC 3339' })
})

export const CommitSummary = Type.Object({
  sha: Type.String({ description: 'Full commit SHA: pass it as `sha` to get_commit or get_commit_diff' }),
  title: Type.String({ description: 'First line of the commit message' }),
  author: Person,
  committer: Person,
  parents: Type.Array(Type.String(), { description: 'Parent SHAs (two or more for a merge)' }),
  url: Type.String({ description: 'Web page of the commit in Gitea' })
})

export type CommitSummaryT = Static<typeof CommitSummary>

export function summarizeCommit (commit: GiteaCommit, escapes: Escapes): CommitSummaryT {
  const person = (p: GiteaCommit['commit']['author']): Static<typeof Person> => ({ name: escapes.text(p.name), email: p.email, date: p.date })
  return {
    sha: commit.sha,
    title: escapes.text(messageTitle(commit.commit.message)),
    author: person(commit.commit.author),
    committer: person(commit.commit.committer),
    parents: commit.parents.map((p) => p.sha),
    url: commit.html_url
  }
}

/** A Gitea call whose failure gets `advice` on not_found; a failed repository lookup (clearer) wins. */
export async function withRepository<T> (repository: Promise<GiteaRepository>, call: Promise<T>, advice: string): Promise<[GiteaRepository, T]> {
  const [repo, result] = await Promise.allSettled([repository, call])
  if (repo.status === 'rejected') throw repo.reason
  if (result.status === 'rejected') throw withAdvice(result.reason, advice)
  return [repo.value, result.value]
}

export interface RefPage<T> {
  repository: GiteaRepository
  listing: Page<T>
  page: number
  limit: number
  /** Says so when the repository is empty. */
  notes: string[]
}

/** A page of a repository's branches or tags (`noun`), read by `list`, with the repository itself. */
export async function readRefs<T> (ctx: ToolContext, args: { owner: string, repo: string, page?: number, limit?: number }, noun: 'branches' | 'tags',
  list: (owner: string, repo: string, page: PageRequest, call: CallOptions) => Promise<Page<T>>): Promise<RefPage<T>> {
  const { owner, repo } = args
  const { page, limit } = pageArgs(args)
  const [repository, listing] = await withRepository(getRepository(ctx, owner, repo), list(owner, repo, { page, limit }, callOptions(ctx)), 'Check the owner and repository name.')
  const notes = repository.empty === true ? [`The repository is empty: it has no commits and no ${noun} yet.`] : []
  return { repository, listing, page, limit, notes }
}

export function isGiteaError (error: unknown, code: string): error is GiteaError {
  return error instanceof GiteaError && error.code === code
}
