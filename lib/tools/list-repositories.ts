import { Type, type Static } from 'typebox'
import type { GiteaRepository } from '../gitea/types.js'
import { fitPage, pagingFields } from './budget.js'
import { bool, callOptions, repoWebUrl, str } from './common.js'
import { LimitArg, PageArg, pageArgs } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  page: Type.Optional(PageArg),
  limit: Type.Optional(LimitArg)
}, { additionalProperties: false })

export const RepositorySummary = Type.Object({
  full_name: Type.String({ description: '"owner/name": pass owner and name as `owner` and `repo` to the other tools' }),
  owner: Type.String(),
  name: Type.String(),
  description: Type.String(),
  private: Type.Boolean(),
  default_branch: Type.String(),
  language: Type.String({ description: 'Main language as Gitea detected it; "" when unknown' }),
  updated_at: Type.String({ description: 'Last update (ISO 8601)' }),
  url: Type.String({ description: 'Web page of the repository in Gitea' })
})

const output = Type.Object({
  repositories: Type.Array(RepositorySummary),
  ...pagingFields('repositories'),
})

export type RepositorySummaryT = Static<typeof RepositorySummary>

export function summarizeRepository (repo: GiteaRepository): RepositorySummaryT {
  return {
    full_name: str(repo.full_name),
    owner: str(repo.owner?.login),
    name: str(repo.name),
    description: str(repo.description),
    private: bool(repo.private),
    default_branch: str(repo.default_branch),
    language: str(repo.language),
    updated_at: str(repo.updated_at),
    url: repoWebUrl(repo)
  }
}

export const listRepositories: ToolDefinition<typeof input, typeof output> = {
  name: 'list_repositories',
  toolset: 'repos',
  title: 'List repositories',
  description: 'Lists the repositories this server can read, by name: full name, description, visibility, default branch, language, last update, URL. Paged: while `has_more`, call again with `next`. To find one by name, `search` is quicker.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.',
  async run (args, ctx) {
    const { page, limit } = pageArgs(args)
    const listing = await ctx.gitea.listMyRepos({ page, limit }, callOptions(ctx))
    const repositories = listing.items.map(summarizeRepository)
    return fitPage(repositories, { page, limit, hasMore: listing.hasMore }, (shown, paging): Static<typeof output> => (
      { repositories: shown, ...paging, total: listing.total }
    ), ctx.limits.maxResponseBytes, 'repository')
  }
}
