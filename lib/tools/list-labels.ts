import { Type, type Static } from 'typebox'
import type { GiteaLabel } from '../gitea/types.js'
import { listTool, repoList } from './list.js'
import type { Escapes } from './sanitize.js'
import { listOutput, RepoListInput } from './schemas.js'

const input = RepoListInput

const Label = Type.Object({
  name: Type.String({ description: 'Pass it in list_issues\' `labels` to filter by it' }),
  color: Type.String({ description: 'Six hex digits, e.g. "ee0701"' }),
  description: Type.String(),
  exclusive: Type.Boolean({ description: 'A scoped label ("scope/name"): an issue carries at most one of its scope' }),
  archived: Type.Boolean({ description: 'Archived: kept on old issues, no longer offered for new ones' })
})

type LabelT = Static<typeof Label>

const output = listOutput({}, 'labels', Label)

function label (item: GiteaLabel, clean: Escapes): LabelT {
  return { name: clean.text(item.name), color: item.color, description: clean.text(item.description), exclusive: item.exclusive, archived: item.is_archived }
}

export const listLabels = listTool<typeof input, typeof output>({
  name: 'list_labels',
  toolset: 'issues',
  title: 'List labels',
  description: 'Lists the labels of a repository: name, color, description, exclusive (scoped) and archived flags. ' +
    'Paged: while `has_more`, call again with `next`. Filter list_issues by their names.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    return await repoList(ctx, args, 'labels', 'label', ctx.gitea.listLabels.bind(ctx.gitea), label)
  }
})
