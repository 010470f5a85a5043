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
  toolset: 'repos',
  title: 'List branches',
  description: 'Lists the branches of a repository, most recently updated first: name, default and protected flags, and the commit it points at (SHA, title, author, date, URL). ' +
    'Paged: while `has_more`, call again with `next`. A branch name works as `ref`, `sha`, `base` or `head` in the other tools.',
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
