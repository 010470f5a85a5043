import { Type } from 'typebox'
import { callOptions, inRepository } from './common.js'
import { listPage, listTool } from './list.js'
import { LimitArg, listOutput, Owner, PageArg, pageArgs, Repo } from './schemas.js'
import { PullRequestSummary, StateArg, summarizePullRequest } from './tracker.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  state: Type.Optional(StateArg),
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

const output = listOutput({ state: Type.String() }, 'pull_requests', PullRequestSummary, 'pull requests')

export const listPullRequests = listTool<typeof input, typeof output>({
  name: 'list_pull_requests',
  toolset: 'pulls',
  title: 'List pull requests',
  description: 'Lists the pull requests of a repository, newest first: number, title, state, merged and draft flags, author, base and head branches, labels, comment count, dates, URL. ' +
    'Paged: while `has_more`, call again with `next`.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { page, limit } = pageArgs(args)
    const state = args.state ?? 'open'
    const listing = await inRepository(ctx.gitea.listPullRequests(args.owner, args.repo, { state, page, limit }, callOptions(ctx)))
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'pull request' }, summarizePullRequest,
      (pullRequests) => ({ owner: args.owner, repo: args.repo, state, pull_requests: pullRequests }))
  }
})
