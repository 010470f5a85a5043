// Gitea's paging: utils.GetListOptions + convert.ToCorrectPageSize for page and
// limit, and context.SetLinkHeader / SetTotalCountHeader (genAPILinks with
// modules/paginator) for the X-Total-Count and Link headers.

import { type QueryValues, encodeQuery, formInt } from './go-format.js'

export const DEFAULT_PAGING_NUM = 30
export const MAX_RESPONSE_ITEMS = 50
export const DEFAULT_GIT_TREES_PER_PAGE = 1000
export const DEFAULT_MAX_BLOB_SIZE = 10 * 1024 * 1024
export const DEFAULT_MAX_RESPONSE_SIZE = 100 * 1024 * 1024
/** [git] COMMITS_RANGE_SIZE: the commits list's own cap on limit. */
export const COMMITS_RANGE_SIZE = 50

export interface ListOptions {
  /** The page as the client sent it (0 when absent or invalid); Link headers are computed from this. */
  rawPage: number
  /** The page used to slice results: at least 1. */
  page: number
  pageSize: number
}

export function listOptions (query: QueryValues): ListOptions {
  const rawPage = formInt(query, 'page')
  const limit = formInt(query, 'limit')
  const pageSize = limit <= 0 ? DEFAULT_PAGING_NUM : Math.min(limit, MAX_RESPONSE_ITEMS)
  return { rawPage, page: Math.max(1, rawPage), pageSize }
}

/** The slice of `items` for a page (empty past the end, even for absurd page numbers). */
export function pageOf<T> (items: readonly T[], page: number, pageSize: number): T[] {
  const start = (page - 1) * pageSize
  if (!Number.isSafeInteger(start) || start >= items.length) return []
  return items.slice(start, start + pageSize)
}

/**
 * The Link header value, or undefined when Gitea sends none (a single page).
 * Order: next, last, first, prev; joined by "," with no space; the query is
 * re-encoded with its keys sorted, as Go's url.Values.Encode does.
 */
export function linkHeader (appUrl: string, rawPath: string, query: QueryValues, total: number,
  pageSize: number, rawPage: number): string | undefined {
  const paging = Math.max(1, pageSize)
  const totalPages = total === 0 ? 1 : Math.ceil(total / paging)
  const current = Math.min(Math.max(1, rawPage), totalPages)
  const hasNext = total > current * paging
  const isLast = total === 0 ? true : total > (current - 1) * paging && !hasNext
  const link = (page: number, rel: string): string => {
    const values: QueryValues = new Map(query)
    values.set('page', [String(page)])
    return `<${appUrl}${rawPath.slice(1)}?${encodeQuery(values)}>; rel="${rel}"`
  }
  const links: string[] = []
  if (hasNext) links.push(link(current + 1, 'next'))
  if (!isLast) links.push(link(totalPages, 'last'))
  if (current !== 1) links.push(link(1, 'first'))
  if (current > 1) links.push(link(current - 1, 'prev'))
  return links.length > 0 ? links.join(',') : undefined
}
