import { Type } from 'typebox'
import type { GiteaBranch } from '../gitea/types.js'
import { messageTitle, readRefs } from './commits.js'
import { listPage, listTool } from './list.js'
import { listOutput, RepoListInput } from './schemas.js'

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

const output = listOutput({ default_branch: Type.String() }, 'branches', Branch)

export const listBranches = listTool<typeof input, typeof output>({
  name: 'list_branches',
  title: 'List branches',
  description: 'Lists the branches of a repository, most recently updated first, one page at a time. Each branch shows the commit it points at ' +
    '(SHA, first line of the message, author, date, URL), whether it is protected and whether it is the default branch. ' +
    'Use a branch name as `ref` for get_file_tree, get_file_contents or search_code, as `sha` for list_commits, or as `base`/`head` for compare_refs. ' +
    'When `has_more` is true, call again with the `next` arguments.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { repository, listing, page, limit, notes } = await readRefs(ctx, args, 'branches', ctx.gitea.listBranches.bind(ctx.gitea))
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'branch', notes }, (branch: GiteaBranch, escapes) => ({
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
    }), (branches) => ({ owner: args.owner, repo: args.repo, default_branch: repository.default_branch, branches }))
  }
})
