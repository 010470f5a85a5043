import { Type, type Static } from 'typebox'
import type { GiteaLabel } from '../gitea/types.js'
import { fitPage, pagingFields } from './budget.js'
import { callOptions, inRepository } from './common.js'
import { escapeEach, type Escapes } from './sanitize.js'
import { pageArgs, RepoListInput } from './schemas.js'
import { escapedNote, NoteField } from './tracker.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = RepoListInput

const Label = Type.Object({
  name: Type.String({ description: 'Pass it in list_issues\' `labels` to filter by it' }),
  color: Type.String({ description: 'Six hex digits, e.g. "ee0701"' }),
  description: Type.String(),
  exclusive: Type.Boolean({ description: 'A scoped label ("scope/name"): an issue carries at most one of its scope' }),
  archived: Type.Boolean({ description: 'Archived: kept on old issues, no longer offered for new ones' })
})

type LabelT = Static<typeof Label>

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  labels: Type.Array(Label),
  ...pagingFields('labels'),
  note: NoteField
})

type Output = Static<typeof output>

function label (item: GiteaLabel, clean: Escapes): LabelT {
  return { name: clean.text(item.name), color: item.color, description: clean.text(item.description), exclusive: item.exclusive, archived: item.is_archived }
}

export const listLabels: ToolDefinition<typeof input, typeof output> = {
  name: 'list_labels',
  title: 'List labels',
  description: 'Lists the labels of a repository, by name, one page at a time: name, color, description, and whether the label is exclusive ' +
    '(scoped) or archived. Use the names to filter list_issues by `labels`. When `has_more` is true, call again with the `next` arguments.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.',
  async run (args, ctx) {
    const { page, limit } = pageArgs(args)
    const listing = await inRepository(ctx.gitea.listLabels(args.owner, args.repo, { page, limit }, callOptions(ctx)))
    const labels = escapeEach(listing.items, label)
    return fitPage(labels, { page, limit, hasMore: listing.hasMore }, (shown, paging): Output => {
      const result: Output = { owner: args.owner, repo: args.repo, labels: shown.map((l) => l.value), ...paging, total: listing.total }
      const note = escapedNote(shown)
      if (note !== undefined) result.note = note
      return result
    }, ctx.limits.maxResponseBytes, 'label')
  }
}
