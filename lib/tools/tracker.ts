// Pieces the issue, pull request, release and label tools share: their
// argument schemas, the escaping of text people wrote (titles, bodies,
// comments, release notes, label names) and the page fitting of their lists.
import { Type, type Static } from 'typebox'
import type { GiteaIssue, GiteaLabel, GiteaUser } from '../gitea/types.js'
import { fitList, jsonBytes, largestFitting, pageHintAfterCut } from './budget.js'
import { str } from './common.js'
import { ToolError } from './errors.js'
import { escapeInvisible, sanitizeNote } from './sanitize.js'
import { safeStringCut, snapToLine } from './text.js'

export const IndexArg = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Number of the issue or pull request in its repository (the 12 of #12), from 1.'
})

export const StateArg = Type.Enum(['open', 'closed', 'all'], {
  default: 'open',
  description: 'Which to list: "open" (default), "closed" or "all".'
})

export const NoteField = Type.Optional(Type.String({
  description: 'Present when something needs saying: invisible Unicode shown as escapes, or text cut to fit'
}))

export interface Paging {
  page: number
  limit: number
  total: number | null
  has_more: boolean
  truncated: boolean
  next?: { page: number, limit: number }
}

/**
 * Escapes invisible Unicode in text from Gitea and counts what it escaped,
 * so a result can say so once (`note`).
 */
export class Sanitizer {
  escaped = 0

  text (value: string): string {
    const result = escapeInvisible(value)
    this.escaped += result.escaped
    return result.text
  }

  /** The sanitize note, or undefined when nothing was escaped. */
  note (): string | undefined {
    return sanitizeNote(this.escaped)
  }
}

/** A value built from text that may have been escaped, with how many characters were. */
export interface Cleaned<T> {
  value: T
  escaped: number
}

/** `fn` applied to each item with its own Sanitizer, so a page can count only what it shows. */
export function cleanEach<I, T> (items: readonly I[], fn: (item: I, clean: Sanitizer) => T): Array<Cleaned<T>> {
  return items.map((item) => {
    const clean = new Sanitizer()
    const value = fn(item, clean)
    return { value, escaped: clean.escaped }
  })
}

/** The sanitize note for what is shown (plus `extra` escaped elsewhere in the result). */
export function escapedNote (shown: ReadonlyArray<Cleaned<unknown>>, extra = 0): string | undefined {
  return sanitizeNote(shown.reduce((sum, item) => sum + item.escaped, extra))
}

/** Notes joined into one `note`, or undefined when there are none. */
export function joinNotes (...notes: Array<string | undefined>): string | undefined {
  const present = notes.filter((n): n is string => n !== undefined && n !== '')
  return present.length === 0 ? undefined : present.join(' ')
}

export function login (user: GiteaUser | null | undefined): string {
  return str(user?.login)
}

export function labelNames (labels: readonly GiteaLabel[], clean: Sanitizer): string[] {
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

/**
 * A page of `items` as `build` presents it, with as many items as fit
 * `maxBytes`. When some had to go, the page keeps a count that lines up with
 * a page boundary and `next` asks for exactly what follows (a smaller
 * `limit`), so nothing is skipped or repeated.
 */
export function fitPage<T, R> (items: readonly T[], paging: { page: number, limit: number, total: number | null, hasMore: boolean },
  build: (shown: T[], paging: Paging) => R, maxBytes: number, what: string): R {
  const { page, limit } = paging
  const make = (shown: T[], cut: boolean): R => {
    const result: Paging = { page, limit, total: paging.total, has_more: paging.hasMore || cut, truncated: cut }
    if (cut) result.next = pageHintAfterCut(page, limit, shown.length).next
    else if (paging.hasMore) result.next = { page: page + 1, limit }
    return build(shown, result)
  }
  const fitted = fitList(items, make, maxBytes)
  if (fitted === null || (fitted.shown === 0 && items.length > 0)) {
    throw new ToolError('too_large', `Not even one ${what} fits the response size limit (MAX_RESPONSE_BYTES = ${maxBytes}).`)
  }
  if (fitted.shown === items.length) return fitted.result
  const { keep } = pageHintAfterCut(page, limit, fitted.shown)
  return make(items.slice(0, keep), true)
}

export const IssueSummary = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  state: Type.Enum(['open', 'closed']),
  author: Type.String({ description: 'Login of who opened it' }),
  labels: Type.Array(Type.String()),
  comments: Type.Integer({ description: 'Number of comments' }),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  closed_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'Web page in Gitea' })
})

export type IssueSummaryT = Static<typeof IssueSummary>

export function summarizeIssue (issue: GiteaIssue, clean: Sanitizer): IssueSummaryT {
  return {
    number: issue.number,
    title: clean.text(issue.title),
    state: issue.state,
    author: login(issue.user),
    labels: labelNames(issue.labels, clean),
    comments: Math.trunc(issue.comments),
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    url: issue.html_url
  }
}
