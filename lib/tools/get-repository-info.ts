import { Type, type Static } from 'typebox'
import type { GiteaRepository } from '../gitea/types.js'
import { bool, getRepository, num, repoWebUrl, str } from './common.js'
import { Owner, Repo } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo
}, { additionalProperties: false })

const output = Type.Object({
  full_name: Type.String(),
  owner: Type.String(),
  name: Type.String(),
  description: Type.String(),
  default_branch: Type.String({ description: 'Branch the tools read when `ref` is omitted' }),
  visibility: Type.Union([Type.Literal('private'), Type.Literal('public')]),
  fork: Type.Boolean(),
  archived: Type.Boolean(),
  empty: Type.Boolean({ description: 'The repository has no commits yet' }),
  mirror: Type.Boolean(),
  size_kib: Type.Number({ description: 'Repository size in KiB, as Gitea reports it' }),
  language: Type.String({ description: 'Main language as Gitea detected it; "" when unknown' }),
  stars: Type.Integer(),
  forks: Type.Integer(),
  open_issues: Type.Integer(),
  created_at: Type.String({ description: 'ISO 8601' }),
  updated_at: Type.String({ description: 'ISO 8601' }),
  url: Type.String({ description: 'Web page of the repository in Gitea' }),
  clone_url: Type.String(),
  topics: Type.Array(Type.String())
})

export function repositoryInfo (repo: GiteaRepository): Static<typeof output> {
  return {
    full_name: str(repo.full_name),
    owner: str(repo.owner?.login),
    name: str(repo.name),
    description: str(repo.description),
    default_branch: str(repo.default_branch),
    visibility: repo.private ? 'private' : 'public',
    fork: bool(repo.fork),
    archived: bool(repo.archived),
    empty: bool(repo.empty),
    mirror: bool(repo.mirror),
    size_kib: num(repo.size),
    language: str(repo.language),
    stars: Math.trunc(num(repo.stars_count)),
    forks: Math.trunc(num(repo.forks_count)),
    open_issues: Math.trunc(num(repo.open_issues_count)),
    created_at: str(repo.created_at),
    updated_at: str(repo.updated_at),
    url: repoWebUrl(repo),
    clone_url: str(repo.clone_url),
    topics: Array.isArray(repo.topics) ? repo.topics.filter((t): t is string => typeof t === 'string') : []
  }
}

export const getRepositoryInfo: ToolDefinition<typeof input, typeof output> = {
  name: 'get_repository_info',
  toolset: 'repos',
  title: 'Get repository info',
  description: 'One repository: description, default branch, visibility, fork/archived/empty/mirror flags, size, language, stars, forks, open issues, dates, topics, web and clone URLs. ' +
    'Learn its default branch here before browsing it.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'The repository description is too long to show; its web page has it.',
  async run (args, ctx) {
    return repositoryInfo(await getRepository(ctx, args.owner, args.repo))
  }
}
