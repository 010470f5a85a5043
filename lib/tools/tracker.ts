// Pieces the issue, pull request, release and label tools share: their
// argument schemas, the escaping of text people wrote (titles, bodies,
// comments, release notes, label names) and their summaries.
import { Type, type Static } from 'typebox'
import type { GiteaIssue, GiteaLabel, GiteaUser } from '../gitea/types.js'
import { jsonBytes, largestFitting } from './budget.js'
import { str } from './common.js'
import { type Escaped, type Escapes, sanitizeNote, unwrap } from './sanitize.js'
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

/** The sanitize note for what is shown (plus `extra` escaped elsewhere in the result). */
export function escapedNote (shown: ReadonlyArray<Escaped<unknown>>, extra = 0): string | undefined {
  return sanitizeNote(unwrap(shown).escaped + extra)
}

/** Notes joined into one `note`, or undefined when there are none. */
export function joinNotes (...notes: Array<string | undefined>): string | undefined {
  const present = notes.filter((n): n is string => n !== undefined && n !== '')
  return present.length === 0 ? undefined : present.join(' ')
}

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

export function summarizeIssue (issue: GiteaIssue, clean: Escapes): IssueSummaryT {
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
