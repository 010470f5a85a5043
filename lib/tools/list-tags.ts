import { Type, type Static } from 'typebox'
import type { GiteaTag } from '../gitea/types.js'
import { fitPage, pagingFields } from './budget.js'
import { EscapedCharacters, escapeFields, Note, withRepository } from './commits.js'
import { callOptions, fileWebUrl, getRepository, repoWebUrl } from './common.js'
import { escapeEach, unwrap } from './sanitize.js'
import { pageArgs, RepoListInput } from './schemas.js'
import { safeStringCut } from './text.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

/** Longest tag message shown (a release's notes can be long; fetch the tag's commit for more). */
export const TAG_MESSAGE_MAX = 1000

const input = RepoListInput

const Tag = Type.Object({
  name: Type.String({ description: 'Pass it as `ref` (or `sha`, `base`, `head`) to the other tools' }),
  commit_sha: Type.String({ description: 'The commit the tag points at' }),
  annotated: Type.Boolean({ description: 'An annotated tag (with its own message, tagger and date); false for a lightweight tag' }),
  tag_sha: Type.Union([Type.String(), Type.Null()], { description: 'SHA of the annotated tag object; null for a lightweight tag' }),
  message: Type.String({ description: `The tag's message (the commit's for a lightweight tag), at most ${TAG_MESSAGE_MAX} characters` }),
  date: Type.String({ description: 'Tagger date of an annotated tag, commit date of a lightweight one (RFC 3339)' }),
  url: Type.String({ description: 'Web page of the tagged tree in Gitea' })
})

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  tags: Type.Array(Tag),
  ...pagingFields('tags'),
  escaped_characters: EscapedCharacters,
  note: Note
})

type Output = Static<typeof output>

function shortMessage (message: string): string {
  const trimmed = message.trim()
  return trimmed.length > TAG_MESSAGE_MAX ? `${trimmed.slice(0, safeStringCut(trimmed, TAG_MESSAGE_MAX - 1))}…` : trimmed
}

export const listTags: ToolDefinition<typeof input, typeof output> = {
  name: 'list_tags',
  title: 'List tags',
  description: 'Lists the tags of a repository (usually its releases, e.g. "v1.2.0"), newest first, one page at a time. ' +
    'Each tag shows the commit it points at, whether it is annotated, its message and date, and its web URL. ' +
    'Use a tag name as `ref` for get_file_tree or get_file_contents, or as `base`/`head` for compare_refs to see what changed between two releases. ' +
    'When `has_more` is true, call again with the `next` arguments.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.',
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const [repository, listing] = await withRepository(getRepository(ctx, owner, repo), ctx.gitea.listTags(owner, repo, { page, limit }, callOptions(ctx)), 'Check the owner and repository name.')
    const repoUrl = repoWebUrl(repository)
    // Gitea answers every tag when `page` is absent; with it, at most `limit`. Never show more than asked.
    const tags = escapeEach(listing.items.slice(0, limit), (tag: GiteaTag, escapes) => ({
      name: escapes.text(tag.name),
      commit_sha: tag.commit.sha,
      annotated: tag.id !== tag.commit.sha,
      tag_sha: tag.id !== tag.commit.sha ? tag.id : null,
      message: escapes.text(shortMessage(tag.message)),
      date: tag.commit.created,
      url: fileWebUrl(repoUrl, tag.name, '', 'tag')
    }))
    const notes = repository.empty === true ? ['The repository is empty: it has no commits and no tags yet.'] : []
    return fitPage(tags, { page, limit, hasMore: listing.hasMore }, (shown, paging): Output => {
      const { values, escaped } = unwrap(shown)
      return { owner, repo, tags: values, ...paging, total: listing.total, ...escapeFields(escaped, notes) }
    }, ctx.limits.maxResponseBytes, 'tag')
  }
}
