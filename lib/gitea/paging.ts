// Gitea's paging headers (neither is in the spec): `X-Total-Count` on every
// list, and `Link` with entries ordered next, last, first, prev, joined by ","
// with no space, absent when there is a single page.

/** Gitea's defaults (`GET /settings/api`): limit <= 0 means 30, more than 50 means 50. */
export const DEFAULT_PAGE_LIMIT = 30
export const MAX_PAGE_LIMIT = 50

/** rel → URL for each entry of a `Link` header; an unparsable header yields an empty map. */
export function parseLinkHeader (value: string | null | undefined): Map<string, string> {
  const links = new Map<string, string>()
  if (value == null) return links
  // Each entry is `<url>; param; param`. URLs are inside <>, so commas inside
  // them are not separators: scan entry by entry rather than split(',').
  const entry = /<([^>]*)>((?:\s*;\s*[^;,]*)*)/g
  for (const match of value.matchAll(entry)) {
    // Both groups always take part in a match (possibly empty).
    const url = String(match[1])
    const params = String(match[2])
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(params)
    const names = rel?.[1] ?? rel?.[2]
    if (names === undefined) continue
    // rel may hold several space-separated relation types.
    for (const name of names.trim().toLowerCase().split(/\s+/)) {
      if (name !== '' && !links.has(name)) links.set(name, url)
    }
  }
  return links
}

/** `X-Total-Count` as a non-negative integer, or null when absent or not a number. */
export function parseTotalCount (value: string | null | undefined): number | null {
  if (value == null) return null
  const trimmed = value.trim()
  if (!/^\d{1,15}$/.test(trimmed)) return null
  return Number(trimmed)
}

/** The page and limit Gitea will use for a request (it clamps them the same way). */
export function normalizePageRequest (request: { page?: number, limit?: number } = {}): { page: number, limit: number } {
  const page = Number.isFinite(request.page) ? Math.max(1, Math.floor(request.page as number)) : 1
  let limit = Number.isFinite(request.limit) ? Math.floor(request.limit as number) : 0
  if (limit <= 0) limit = DEFAULT_PAGE_LIMIT
  if (limit > MAX_PAGE_LIMIT) limit = MAX_PAGE_LIMIT
  return { page, limit }
}

/**
 * Whether another page follows. `Link` decides when present (Gitea sends it
 * whenever there is more than one page); otherwise the total does; with
 * neither header, a full page may have a successor.
 */
export function computeHasMore (options: {
  links: Map<string, string>
  total: number | null
  page: number
  limit: number
  itemCount: number
  linkHeaderPresent: boolean
}): boolean {
  if (options.links.has('next')) return true
  if (options.linkHeaderPresent && options.links.size > 0) return false
  if (options.total !== null) return (options.page - 1) * options.limit + options.itemCount < options.total
  return options.itemCount >= options.limit
}
