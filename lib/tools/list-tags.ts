import { Type } from 'typebox'
import type { GiteaTag } from '../gitea/types.js'
import { readRefs } from './commits.js'
import { fileWebUrl, repoWebUrl } from './common.js'
import { listPage, listTool } from './list.js'
import { listOutput, RepoListInput } from './schemas.js'
import { safeStringCut } from './text.js'

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

const output = listOutput({}, 'tags', Tag)

function shortMessage (message: string): string {
  const trimmed = message.trim()
  return trimmed.length > TAG_MESSAGE_MAX ? `${trimmed.slice(0, safeStringCut(trimmed, TAG_MESSAGE_MAX - 1))}…` : trimmed
}

export const listTags = listTool<typeof input, typeof output>({
  name: 'list_tags',
  toolset: 'repos',
  title: 'List tags',
  description: 'Lists the tags of a repository, newest first: name, commit, annotated or not, message, date, URL. ' +
    'Paged: while `has_more`, call again with `next`. Use a tag as `ref` to read that release, or as `base`/`head` of compare_refs.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { repository, listing, page, limit, notes } = await readRefs(ctx, args, 'tags', ctx.gitea.listTags.bind(ctx.gitea))
    const repoUrl = repoWebUrl(repository)
    // Gitea answers every tag when `page` is absent; with it, at most `limit`. Never show more than asked.
    const shown = { ...listing, items: listing.items.slice(0, limit) }
    return listPage(shown, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'tag', notes }, (tag: GiteaTag, escapes) => ({
      name: escapes.text(tag.name),
      commit_sha: tag.commit.sha,
      annotated: tag.id !== tag.commit.sha,
      tag_sha: tag.id !== tag.commit.sha ? tag.id : null,
      message: escapes.text(shortMessage(tag.message)),
      date: tag.commit.created,
      url: fileWebUrl(repoUrl, tag.name, '', 'tag')
    }), (tags) => ({ owner: args.owner, repo: args.repo, tags }))
  }
})
