// Pieces the issue, pull request, release and label tools share: their
// argument schemas, the escaping of text people wrote (titles, bodies,
// comments, release notes, label names) and their summaries.
import { Type, type Static, type TInteger, type TProperties } from 'typebox'
import type { GiteaIssue, GiteaLabel, GiteaPullRequest, GiteaUser } from '../gitea/types.js'
import { jsonBytes, largestFitting } from './budget.js'
import { str } from './common.js'
import type { Escapes } from './sanitize.js'
import { Owner, Repo } from './schemas.js'
import { safeStringCut, snapToLine } from './text.js'

export const IndexArg = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Issue or pull request number (12 of #12)'
})

/** A position (from 1) in a long part of one issue or pull request: its comments, its changed files. */
export function PositionArg (description: string): TInteger {
  return Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, description })
}

/** The arguments of a tool about one issue or pull request: owner, repo, index and the tool's own `extra`. */
export function itemInput<E extends TProperties> (extra: E) {
  return Type.Object({ owner: Owner, repo: Repo, index: IndexArg, ...extra }, { additionalProperties: false })
}

export const StateArg = Type.Enum(['open', 'closed', 'all'], {
  default: 'open'
})

export function login (user: GiteaUser | null | undefined): string {
  return str(user?.login)
}

export function labelNames (labels: readonly GiteaLabel[], clean: Escapes): string[] {
  return labels.map((label) => clean.text(str(label.name)))
}

/**
 * `text` cut so its JSON takes at most `maxBytes`, at a line end when there
 * is one, with `marker` appended when cut. Returns the text and whether it was cut.
 */
export function cutText (text: string, maxBytes: number, marker: string): { text: string, cut: boolean } {
  if (jsonBytes(text) <= maxBytes) return { text, cut: false }
  const room = Math.max(0, maxBytes - jsonBytes(marker))
  const found = largestFitting(text.length, (n) => text.slice(0, safeStringCut(text, n)), room)
  const n = found === null ? 0 : found.result.length
  const end = snapToLine(text, n) > n / 2 ? snapToLine(text, n) : n
  return { text: text.slice(0, end) + marker, cut: true }
}

type NoFields = Record<never, never>

/**
 * The summary fields issues and pull requests share, with a pull request's
 * own fields in their places (`afterState`, `afterAuthor`, `afterClosed`), so
 * both keep the field order clients know.
 */
function summaryFields<S extends TProperties = NoFields, A extends TProperties = NoFields, C extends TProperties = NoFields> (slots: { afterState?: S, afterAuthor?: A, afterClosed?: C }) {
  return {
    number: Type.Integer(),
    title: Type.String(),
    state: Type.Enum(['open', 'closed']),
    ...slots.afterState as S,
    author: Type.String({ description: 'Login of who opened it' }),
    ...slots.afterAuthor as A,
    labels: Type.Array(Type.String()),
    comments: Type.Integer({ description: 'Number of comments' }),
    created_at: Type.String({ description: 'ISO 8601' }),
    updated_at: Type.String({ description: 'ISO 8601' }),
    closed_at: Type.Union([Type.String(), Type.Null()]),
    ...slots.afterClosed as C,
    url: Type.String({ description: 'Web page in Gitea' })
  }
}

/** The first fields of the output about one issue or pull request. */
export const ItemHead = {
  owner: Type.String(),
  repo: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  state: Type.Enum(['open', 'closed'])
}

/** The description (`body`) of an issue or pull request, cut to `maxBytes` with a pointer to its page. */
export function cutDescription (body: string, maxBytes: number, url: string): { text: string, cut: boolean } {
  return cutText(body, maxBytes, `\n\n[Description cut here to fit the response size limit; read it whole at ${url === '' ? 'its web page' : url}.]`)
}

export const IssueSummary = Type.Object(summaryFields({}))

export const PullRequestSummary = Type.Object(summaryFields({
  afterState: {
    merged: Type.Boolean(),
    draft: Type.Boolean({ description: 'Work in progress (title starting with "WIP:" or "[WIP]")' })
  },
  afterAuthor: {
    base: Type.String({ description: 'Branch it merges into' }),
    head: Type.String({ description: 'Branch it brings in' })
  },
  afterClosed: {
    merged_at: Type.Union([Type.String(), Type.Null()])
  }
}))

export type IssueSummaryT = Static<typeof IssueSummary>
export type PullRequestSummaryT = Static<typeof PullRequestSummary>

/** The shared summary of an issue or pull request, with `slots` in their places as in summaryFields. */
function summarize<S extends object, A extends object, C extends object> (item: GiteaIssue | GiteaPullRequest, clean: Escapes,
  slots: { afterState: S, afterAuthor: A, afterClosed: C }) {
  return {
    number: item.number,
    title: clean.text(item.title),
    state: item.state,
    ...slots.afterState,
    author: login(item.user),
    ...slots.afterAuthor,
    labels: labelNames(item.labels, clean),
    comments: Math.trunc(item.comments),
    created_at: item.created_at,
    updated_at: item.updated_at,
    closed_at: item.closed_at,
    ...slots.afterClosed,
    url: item.html_url
  }
}

export function summarizeIssue (issue: GiteaIssue, clean: Escapes): IssueSummaryT {
  return summarize(issue, clean, { afterState: {}, afterAuthor: {}, afterClosed: {} })
}

export function summarizePullRequest (pr: GiteaPullRequest, clean: Escapes): PullRequestSummaryT {
  return summarize(pr, clean, {
    afterState: { merged: pr.merged, draft: pr.draft },
    afterAuthor: { base: pr.base.label || pr.base.ref, head: pr.head.label || pr.head.ref },
    afterClosed: { merged_at: pr.merged_at }
  })
}
