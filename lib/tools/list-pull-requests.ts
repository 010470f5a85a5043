import { Type, type Static } from 'typebox'
import type { GiteaPullRequest } from '../gitea/types.js'
import { fitPage, pagingFields } from './budget.js'
import { callOptions, inRepository } from './common.js'
import { escapeEach, type Escapes } from './sanitize.js'
import { LimitArg, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import { escapedNote, labelNames, login, NoteField, StateArg } from './tracker.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  state: Type.Optional(StateArg),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

export const PullRequestSummary = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  state: Type.Enum(['open', 'closed']),
  merged: Type.Boolean(),
  draft: Type.Boolean({ description: 'Work in progress (title starting with "WIP:" or "[WIP]")' }),
  author: Type.String({ description: 'Login of who opened it' }),
  base: Type.String({ description: 'Branch it merges into' }),
  head: Type.String({ description: 'Branch it brings in' }),
  labels: Type.Array(Type.String()),
  comments: Type.Integer({ description: 'Number of comments' }),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  closed_at: Type.Union([Type.String(), Type.Null()]),
  merged_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String({ description: 'Web page in Gitea' })
})

export type PullRequestSummaryT = Static<typeof PullRequestSummary>

export function summarizePullRequest (pr: GiteaPullRequest, clean: Escapes): PullRequestSummaryT {
  return {
    number: pr.number,
    title: clean.text(pr.title),
    state: pr.state,
    merged: pr.merged,
    draft: pr.draft,
    author: login(pr.user),
    base: pr.base.label || pr.base.ref,
    head: pr.head.label || pr.head.ref,
    labels: labelNames(pr.labels, clean),
    comments: Math.trunc(pr.comments),
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.closed_at,
    merged_at: pr.merged_at,
    url: pr.html_url
  }
}

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  state: Type.String(),
  pull_requests: Type.Array(PullRequestSummary),
  ...pagingFields('pull requests'),
  note: NoteField
})

type Output = Static<typeof output>

export const listPullRequests: ToolDefinition<typeof input, typeof output> = {
  name: 'list_pull_requests',
  title: 'List pull requests',
  description: 'Lists the pull requests of a repository, newest first, one page at a time: number, title, state, merged and draft flags, ' +
    'author, base and head branches, labels, comment count, dates and web URL. `state` is "open" by default, or "closed" (merged or not) or "all". ' +
    'When `has_more` is true, call again with the `next` arguments. Details and changed files: get_pull_request; the diff: get_pull_request_diff.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.',
  async run (args, ctx) {
    const { page, limit } = pageArgs(args)
    const state = args.state ?? 'open'
    const listing = await inRepository(ctx.gitea.listPullRequests(args.owner, args.repo, { state, page, limit }, callOptions(ctx)))
    const pulls = escapeEach(listing.items, summarizePullRequest)
    return fitPage(pulls, { page, limit, hasMore: listing.hasMore }, (shown, paging): Output => {
      const result: Output = { owner: args.owner, repo: args.repo, state, pull_requests: shown.map((p) => p.value), ...paging, total: listing.total }
      const note = escapedNote(shown)
      if (note !== undefined) result.note = note
      return result
    }, ctx.limits.maxResponseBytes, 'pull request')
  }
}
