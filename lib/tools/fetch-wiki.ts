// `fetch` of a wiki page ("owner/repo/wiki/Title"): its Markdown text under a
// short header (last change), cut at a line end when it does not fit.
import { jsonBytes } from './budget.js'
import { callOptions } from './common.js'
import { ToolError } from './errors.js'
import { Escapes, escapeFields } from './sanitize.js'
import { cutText } from './tracker.js'
import type { ToolContext } from './types.js'
import { inWiki, lastChange } from './wiki.js'

export interface WikiDocument {
  id: string
  title: string
  text: string
  url: string
  metadata: {
    kind: 'wiki_page'
    owner: string
    repo: string
    updated_at: string
    truncated: boolean
    escaped_characters?: number
    note?: string
  }
}

export async function fetchWikiPage (ctx: ToolContext, id: string, owner: string, repo: string, title: string): Promise<WikiDocument> {
  const max = ctx.limits.maxResponseBytes
  const page = await inWiki(ctx.gitea.getWikiPage(owner, repo, title, callOptions(ctx)))
  const clean = new Escapes()
  const shownTitle = clean.text(page.title)
  const change = lastChange(page.last_commit, clean)
  const head = `# ${shownTitle}\n\n- Wiki page of ${owner}/${repo}` +
    (change.updated_at === '' ? '' : `, last changed ${change.updated_at} by ${change.updated_by || 'unknown'} ("${change.message.trim()}")`) + '\n\n'
  const body = clean.text(Buffer.from(page.content_base64, 'base64').toString('utf8'))
  const make = (text: string, truncated: boolean): WikiDocument => ({
    id,
    title: `Wiki page ${shownTitle} (${owner}/${repo})`,
    text,
    url: page.html_url,
    metadata: { kind: 'wiki_page', owner, repo, updated_at: change.updated_at, truncated, ...escapeFields(clean.count) }
  })
  const room = max - jsonBytes(make(head, false)) - 400
  if (room < 100) throw new ToolError('too_large', `The document does not fit the response size limit (MAX_RESPONSE_BYTES = ${max}).`)
  const text = cutText(body, room, `\n\n[Cut here to fit the response size limit; read the page whole at ${page.html_url === '' ? 'its web page' : page.html_url}.]`)
  return make(head + text.text, text.cut)
}
