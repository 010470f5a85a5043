import { Type, type Static } from 'typebox'
import type { GiteaMilestone } from '../gitea/types.js'
import { callOptions, inRepository } from './common.js'
import { listPage, listTool } from './list.js'
import type { Escapes } from './sanitize.js'
import { LimitArg, listOutput, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import { StateArg } from './tracker.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  state: Type.Optional(StateArg),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const Milestone = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  state: Type.Enum(['open', 'closed']),
  description: Type.String(),
  due_on: Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601; null when it has no due date' }),
  open_issues: Type.Integer(),
  closed_issues: Type.Integer(),
  closed_at: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.String({ description: 'ISO 8601' })
})

type MilestoneT = Static<typeof Milestone>

const output = listOutput({ state: Type.String() }, 'milestones', Milestone)

function milestone (item: GiteaMilestone, clean: Escapes): MilestoneT {
  return {
    id: Math.trunc(item.id),
    title: clean.text(item.title),
    state: item.state,
    description: clean.text(item.description),
    due_on: item.due_on,
    open_issues: Math.trunc(item.open_issues),
    closed_issues: Math.trunc(item.closed_issues),
    closed_at: item.closed_at,
    updated_at: item.updated_at
  }
}

export const listMilestones = listTool<typeof input, typeof output>({
  name: 'list_milestones',
  toolset: 'milestones',
  title: 'List milestones',
  description: 'Lists the milestones of a repository, soonest due first: title, state, due date, open and closed issue counts. ' +
    'Paged: while `has_more`, call again with `next`.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const state = args.state ?? 'open'
    const listing = await inRepository(ctx.gitea.listMilestones(owner, repo, { state, page, limit }, callOptions(ctx)))
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'milestone' }, milestone,
      (milestones) => ({ owner, repo, state, milestones }))
  }
})
