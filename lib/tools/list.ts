// The skeleton every list tool shares: its descriptor's fixed parts and how a
// page of Gitea's listing becomes the result (items escaped and cut to fit,
// paging, total, escape report).
import type { TObject } from 'typebox'
import type { CallOptions, Page, PageRequest } from '../gitea/types.js'
import { fitPage, type PageFields } from './budget.js'
import { callOptions, inRepository } from './common.js'
import { escapeEach, type Escapes, escapeFields, unwrap } from './sanitize.js'
import { pageArgs } from './schemas.js'
import { READ_ONLY, type ToolContext, type ToolDefinition } from './types.js'

/** A list tool: read-only, and a page too large even when cut asks for a smaller `limit`. */
export function listTool<I extends TObject, O extends TObject> (tool: Omit<ToolDefinition<I, O>, 'annotations' | 'tooLargeAdvice'>): ToolDefinition<I, O> {
  return { ...tool, annotations: READ_ONLY, tooLargeAdvice: 'Ask for fewer at a time with a smaller `limit`.' }
}

export interface ListPageOptions {
  page: number
  limit: number
  /** MAX_RESPONSE_BYTES. */
  maxBytes: number
  /** One item, for the too_large error: "branch". */
  what: string
  /** Sentences for `note`, before the escape report's. */
  notes?: ReadonlyArray<string | undefined>
}

export type ListPageFields = PageFields & { total: number | null, escaped_characters?: number, note?: string }

/**
 * One page of Gitea's `listing` as a list tool's result: each item mapped by
 * `map` (which escapes its text), as many as fit, in `present`'s fields
 * followed by the paging fields, `total` and the escape report.
 */
export function listPage<I, T, R extends object> (listing: Page<I>, options: ListPageOptions,
  map: (item: I, escapes: Escapes) => T, present: (values: T[]) => R): R & ListPageFields {
  const { page, limit, maxBytes, what, notes } = options
  return fitPage(escapeEach(listing.items, map), { page, limit, hasMore: listing.hasMore }, (shown, paging) => {
    const { values, escaped } = unwrap(shown)
    return { ...present(values), ...paging, total: listing.total, ...escapeFields(escaped, notes) }
  }, maxBytes, what)
}

/**
 * A list of one repository's things that takes no filter (labels, releases):
 * the page Gitea's `list` gives, as `listPage` presents it under `key`.
 */
export async function repoList<I, T, K extends string> (ctx: ToolContext, args: { owner: string, repo: string, page?: number, limit?: number },
  key: K, what: string, list: (owner: string, repo: string, page: PageRequest, call: CallOptions) => Promise<Page<I>>,
  map: (item: I, escapes: Escapes) => T): Promise<{ owner: string, repo: string } & { [P in K]: T[] } & ListPageFields> {
  const { owner, repo } = args
  const { page, limit } = pageArgs(args)
  const listing = await inRepository(list(owner, repo, { page, limit }, callOptions(ctx)))
  return listPage(listing, { page, limit, maxBytes: ctx.limits.maxResponseBytes, what }, map,
    (values) => ({ owner, repo, ...{ [key]: values } as { [P in K]: T[] } }))
}
