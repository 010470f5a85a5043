import { Type, type Static } from 'typebox'
import type { GiteaBranch } from '../gitea/types.js'
import { fitPage, pagingFields } from './budget.js'
import { EscapedCharacters, escapeFields, messageTitle, Note, withRepository } from './commits.js'
import { callOptions, getRepository } from './common.js'
import { escapeEach, unwrap } from './sanitize.js'
import { pageArgs, RepoListInput } from './schemas.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = RepoListInput

const Branch = Type.Object({
  name: Type.String({ description: 'Pass it as `ref` (or `sha`, `base`, `head`) to the other tools' }),
  default: Type.Boolean({ description: 'The repository\'s default branch' }),
  protected: Type.Boolean(),
  commit: Type.Object({
    sha: Type.String({ description: 'The commit the branch points at' }),
    title: Type.String({ description: 'First line of its message' }),
    author: Type.String(),
    date: Type.String({ description: 'Author date (RFC 3339)' }),
    url: Type.String()
  })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  default_branch: Type.String(),
  branches: Type.Array(Branch),
  ...pagingFields('branches'),
  escaped_characters: EscapedCharacters,
  note: Note
})

type Output = Static<typeof output>

export const listBranches: ToolDefinition<typeof input, typeof output> = {
  name: 'list_branches',
  title: 'List branches',
  description: 'Lists the branches of a repository, most recently updated first, one page at a time. Each branch shows the commit it points at ' +
    '(SHA, first line of the message, author, date, URL), whether it is protected and whether it is the default branch. ' +
    'Use a branch name as `ref` for get_file_tree, get_file_contents or search_code, as `sha` for list_commits, or as `base`/`head` for compare_refs. ' +
    'When `has_more` is true, call again with the `next` arguments.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.',
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const [repository, listing] = await withRepository(getRepository(ctx, owner, repo), ctx.gitea.listBranches(owner, repo, { page, limit }, callOptions(ctx)), 'Check the owner and repository name.')
    const branches = escapeEach(listing.items, (branch: GiteaBranch, escapes) => ({
      name: escapes.text(branch.name),
      default: branch.name === repository.default_branch,
      protected: branch.protected,
      commit: {
        sha: branch.commit.id,
        title: escapes.text(messageTitle(branch.commit.message)),
        author: escapes.text(branch.commit.author?.name ?? ''),
        date: branch.commit.timestamp,
        url: branch.commit.url
      }
    }))
    const notes = repository.empty === true ? ['The repository is empty: it has no commits and no branches yet.'] : []
    return fitPage(branches, { page, limit, hasMore: listing.hasMore }, (shown, paging): Output => {
      const { values, escaped } = unwrap(shown)
      return { owner, repo, default_branch: repository.default_branch, branches: values, ...paging, total: listing.total, ...escapeFields(escaped, notes) }
    }, ctx.limits.maxResponseBytes, 'branch')
  }
}
