import { Type, type Static } from 'typebox'
import type { GiteaWikiPageMeta } from '../gitea/types.js'
import { callOptions } from './common.js'
import { listPage, listTool } from './list.js'
import type { Escapes } from './sanitize.js'
import { listOutput, pageArgs, RepoListInput } from './schemas.js'
import { inWiki, LastChange, lastChange } from './wiki.js'

const input = RepoListInput

const WikiPage = Type.Object({
  title: Type.String({ description: 'Pass it as `title` to get_wiki_page' }),
  ...LastChange,
  url: Type.String({ description: 'Web page of the wiki page' })
})

type WikiPageT = Static<typeof WikiPage>

const output = listOutput({}, 'pages', WikiPage, 'wiki pages')

function wikiPage (item: GiteaWikiPageMeta, clean: Escapes): WikiPageT {
  return { title: clean.text(item.title), ...lastChange(item.last_commit, clean), url: item.html_url }
}

export const listWikiPages = listTool<typeof input, typeof output>({
  name: 'list_wiki_pages',
  toolset: 'wiki',
  title: 'List wiki pages',
  description: 'Lists the pages of a repository\'s wiki by name: title, last change, URL. ' +
    'Paged: while `has_more`, call again with `next`. Read one with get_wiki_page.',
  inputSchema: input,
  outputSchema: output,
  async run (args, ctx) {
    const { owner, repo } = args
    const { page, limit } = pageArgs(args)
    const listing = await inWiki(ctx.gitea.listWikiPages(owner, repo, { page, limit }, callOptions(ctx)))
    return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what: 'wiki page' }, wikiPage,
      (pages) => ({ owner, repo, pages }))
  }
})
