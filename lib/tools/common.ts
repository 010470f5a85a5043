// Small pieces several tools share: call options, Gitea web URLs, and
// rewording Gitea errors so that the message says which tool to use next.
import { GiteaError } from '../gitea/errors.js'
import type { CallOptions, GiteaRepository } from '../gitea/types.js'
import type { ToolContext } from './types.js'

export function callOptions (ctx: ToolContext): CallOptions {
  return ctx.signal === undefined ? {} : { signal: ctx.signal }
}

/** Adds advice to a GiteaError of the given codes; other errors pass unchanged. */
export function withAdvice (error: unknown, advice: string, codes: readonly string[] = ['not_found']): unknown {
  if (error instanceof GiteaError && codes.includes(error.code)) {
    const base = error.message.replace(/\.?\s*$/, '')
    return new GiteaError(error.code, `${base}. ${advice}`, error.status)
  }
  return error
}

export const REPO_NOT_FOUND_ADVICE = 'Check the owner and name with list_repositories or search (names are as Gitea shows them in "owner/repo").'

/** A call about one repository, whose not_found says how to find the right name. */
export async function inRepository<T> (call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    throw withAdvice(error, REPO_NOT_FOUND_ADVICE)
  }
}

/** getRepo with advice on not_found; `maxAgeMs`: a recent answer may do (CallOptions). */
export async function getRepository (ctx: ToolContext, owner: string, repo: string, maxAgeMs?: number): Promise<GiteaRepository> {
  const call = callOptions(ctx)
  return await inRepository(ctx.gitea.getRepo(owner, repo, maxAgeMs === undefined ? call : { ...call, maxAgeMs }))
}

function encodeSegments (value: string): string {
  return value.split('/').map((part) => encodeURIComponent(part)).join('/')
}

/** `<repo html_url>`, falling back to `<gitea>/owner/repo` when Gitea left it out. */
export function repoWebUrl (repo: GiteaRepository): string {
  if (typeof repo.html_url === 'string' && repo.html_url !== '') return repo.html_url.replace(/\/+$/, '')
  return ''
}

/**
 * Gitea's web page of a file or directory at a branch:
 * `<repo html_url>/src/branch/<branch>/<path>`, every segment encoded.
 * (Gitea also resolves tags and commits under /src/branch/ by redirect; use
 * `kind` 'tag' or 'commit' when known.)
 */
export function fileWebUrl (repoHtmlUrl: string, ref: string, path: string, kind: 'branch' | 'tag' | 'commit' = 'branch'): string {
  if (repoHtmlUrl === '') return ''
  const tail = path === '' ? '' : `/${encodeSegments(path)}`
  return `${repoHtmlUrl.replace(/\/+$/, '')}/src/${kind}/${encodeSegments(ref)}${tail}`
}

/** Guesses whether a ref is a full commit SHA. */
export function looksLikeSha (ref: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(ref)
}

export function refKind (ref: string): 'branch' | 'commit' {
  return looksLikeSha(ref) ? 'commit' : 'branch'
}

/** Runs `work` over items with at most `concurrency` running at once, keeping order. */
export async function mapLimit<T, R> (items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  async function worker (): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => await worker()))
  return results
}

export function str (value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function num (value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

export function bool (value: unknown): boolean {
  return value === true
}
