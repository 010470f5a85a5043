// What the wiki tools share: how a page's last change is shown, and the
// advice for a repository without a wiki.
import { Type } from 'typebox'
import type { GiteaWikiCommit } from '../gitea/types.js'
import { withAdvice } from './common.js'
import type { Escapes } from './sanitize.js'

export const NO_WIKI_ADVICE = 'The repository may have no wiki (or it is turned off): check the name with list_repositories, and the page with list_wiki_pages.'

/**
 * A wiki call whose not_found (no wiki yet) or 403 (Gitea's answer when the
 * wiki unit is turned off) says the wiki may not exist.
 */
export async function inWiki<T> (call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    throw withAdvice(error, NO_WIKI_ADVICE, ['not_found', 'gitea_forbidden'])
  }
}

export const LastChange = {
  updated_at: Type.String({ description: 'ISO 8601 date of the last change; "" when Gitea did not say' }),
  updated_by: Type.String({ description: 'Author name of the last change' }),
  message: Type.String({ description: 'Commit message of the last change' })
}

export function lastChange (commit: GiteaWikiCommit | null, clean: Escapes): { updated_at: string, updated_by: string, message: string } {
  return {
    updated_at: commit?.author?.date ?? '',
    updated_by: clean.text(commit?.author?.name ?? ''),
    message: clean.text(commit?.message ?? '')
  }
}
