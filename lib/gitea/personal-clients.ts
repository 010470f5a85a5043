import type { GiteaPerson } from '../oauth/gitea-accounts.js'
import { CodeSearchCache } from '../tools/code-search-cache.js'
import { GiteaError } from './errors.js'
import { mapMethods } from './methods.js'
import type { GiteaClient } from './types.js'

/** People whose client and search_code cache are kept; the least recently used one goes first. */
export const PERSONAL_CLIENTS_MAX = 16
/** A person's search_code cache is smaller than the shared one: there may be PERSONAL_CLIENTS_MAX of them. */
export const PERSONAL_CODE_CACHE_ENTRIES = 4
export const PERSONAL_CODE_CACHE_BYTES = 16 * 1024 * 1024

export interface PersonalGitea {
  client: GiteaClient
  /** This person's own: an index built with their token holds what they may read, and no one else's calls see it. */
  codeCache: CodeSearchCache
}

/**
 * The Gitea client and search_code cache of each person who signed in with
 * Gitea. A client is rebuilt when the person's token changes (a refresh); the
 * cache stays, since it is still the same person's view.
 */
export class PersonalClients {
  readonly #people = new Map<string, PersonalGitea & { token: string }>()

  constructor (
    private readonly build: (token: string) => GiteaClient,
    /** Told how each search was answered (metrics), as the shared cache's is. */
    private readonly onLookup?: ConstructorParameters<typeof CodeSearchCache>[2],
    private readonly max = PERSONAL_CLIENTS_MAX
  ) {}

  of (person: GiteaPerson): PersonalGitea {
    const token = person.token()
    const known = this.#people.get(person.accountId)
    this.#people.delete(person.accountId)
    const entry = known !== undefined && known.token === token
      ? known
      : { token, client: speaksToPerson(this.build(token)), codeCache: known?.codeCache ?? new CodeSearchCache(PERSONAL_CODE_CACHE_ENTRIES, PERSONAL_CODE_CACHE_BYTES, this.onLookup) }
    this.#people.set(person.accountId, entry)
    if (this.#people.size > this.max) {
      const oldest = this.#people.keys().next().value
      if (oldest !== undefined) this.#people.delete(oldest)
    }
    return { client: entry.client, codeCache: entry.codeCache }
  }
}

const PERSON_UNAUTHORIZED = 'Gitea rejected your Gitea sign-in (401): the application may have been revoked in Gitea. Connect again and sign in with Gitea.'

/** A 401 here is the person's token, not GITEA_TOKEN: say so in words they can act on. */
function speaksToPerson (client: GiteaClient): GiteaClient {
  return mapMethods(client, (_name, method) => async (...args: unknown[]) => {
    try {
      return await method(...args)
    } catch (error) {
      if (error instanceof GiteaError && error.code === 'gitea_unauthorized') throw new GiteaError(error.code, PERSON_UNAUTHORIZED, error.status, error.detail)
      throw error
    }
  })
}
