import { Type, type Static } from 'typebox'
import { jsonBytes } from './budget.js'
import { callOptions } from './common.js'
import { ToolError } from './errors.js'
import { EscapeReport, Escapes, escapeFields } from './sanitize.js'
import { Owner, Repo } from './schemas.js'
import { cutText } from './tracker.js'
import { READ_ONLY, type ToolDefinition } from './types.js'
import { inWiki, LastChange, lastChange } from './wiki.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  title: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description: 'Page title as list_wiki_pages gives it, e.g. "Deploy Guide"' })
}, { additionalProperties: false })

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  title: Type.String(),
  ...LastChange,
  commit_count: Type.Integer({ description: 'How many changes the page has had' }),
  url: Type.String({ description: 'Web page of the wiki page' }),
  text: Type.String({ description: 'The page\'s Markdown source, decoded' }),
  text_truncated: Type.Boolean({ description: 'The text was cut to fit the response size limit; its end says where to read it whole' }),
  ...EscapeReport
})

type Output = Static<typeof output>

export const getWikiPage: ToolDefinition<typeof input, typeof output> = {
  name: 'get_wiki_page',
  toolset: 'wiki',
  title: 'Get a wiki page',
  description: 'Reads one wiki page by its title (as list_wiki_pages gives it): the Markdown text, last change and URL.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Read the page on its web page.',
  async run (args, ctx) {
    const { owner, repo } = args
    const max = ctx.limits.maxResponseBytes
    const page = await inWiki(ctx.gitea.getWikiPage(owner, repo, args.title, callOptions(ctx)))
    const clean = new Escapes()
    const head = {
      owner,
      repo,
      title: clean.text(page.title),
      ...lastChange(page.last_commit, clean),
      commit_count: Math.trunc(page.commit_count),
      url: page.html_url
    }
    const source = clean.text(Buffer.from(page.content_base64, 'base64').toString('utf8'))
    const build = (text: string, cut: boolean): Output => ({ ...head, text, text_truncated: cut, ...escapeFields(clean.count) })
    // Room for the text: the budget less everything else, with slack for the note.
    const room = max - jsonBytes(build('', false)) - 400
    if (room < 200) throw new ToolError('too_large', `The wiki page ${JSON.stringify(page.title)} does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}).`)
    const text = cutText(source, room, `\n\n[Page cut here to fit the response size limit; read it whole at ${page.html_url === '' ? 'its web page' : page.html_url}.]`)
    return build(text.text, text.cut)
  }
}
