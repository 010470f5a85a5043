import { Type } from 'typebox'
import { ToolError } from './errors.js'
// The response budget (MAX_RESPONSE_BYTES).
//
// A tool result is sent twice: as the JSON text block and as
// structuredContent. Both are the same JSON, so "fits" means: the UTF-8 bytes
// of JSON.stringify(result) are at most maxResponseBytes. Tools shrink their
// own output (lists drop items from the end, text is cut at a character
// boundary, preferably at a line end) and say so with `truncated: true` and a
// `next` hint naming the argument that asks for the rest. The registry turns
// anything still too large into a `too_large` error.

/** UTF-8 bytes of the JSON of a value. */
export function jsonBytes (value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
}

export function fits (value: unknown, maxBytes: number): boolean {
  return jsonBytes(value) <= maxBytes
}

/** A result's JSON and its UTF-8 bytes, as measured. */
export interface Measured {
  json: string
  bytes: number
}

function measure (value: unknown): Measured {
  const json = JSON.stringify(value) ?? ''
  return { json, bytes: Buffer.byteLength(json, 'utf8') }
}

const measuredResults = new WeakMap<object, Measured>()

/**
 * Marks `result` as serialising to `measured.json`, so the registry sends
 * that JSON instead of serialising the result again. Only for a result that
 * is returned as it is, never changed after it was measured.
 */
export function asMeasured<R extends object> (result: R, measured: Measured): R {
  measuredResults.set(result, measured)
  return result
}

/** The JSON `asMeasured` recorded for this very object, if any. */
export function measuredJson (result: object): Measured | undefined {
  return measuredResults.get(result)
}

/**
 * The largest n in [0, max] for which build(n) fits, given that the size of
 * build(n) grows with n. Returns null when not even build(0) fits.
 *
 * Each probe builds and serialises a result, so the search guesses from the
 * sizes it has measured (the size grows about in proportion to n) rather
 * than halving blindly: a few probes instead of log2(max). A guess that
 * narrows the range by less than half is followed by a halving step, so it
 * never takes more than about twice the probes of a binary search, and it
 * finds the same n.
 */
export function largestFitting<R> (max: number, build: (n: number) => R, maxBytes: number): { n: number, result: R, measured: Measured } | null {
  const full = build(max)
  const fullMeasured = measure(full)
  const fullBytes = fullMeasured.bytes
  if (fullBytes <= maxBytes) return { n: max, result: full, measured: fullMeasured }
  // Every n <= lo fits (lo -1: none known yet); every n >= hi does not.
  let lo = -1
  let loBytes = 0
  let hi = max
  let hiBytes = fullBytes
  let best: { n: number, result: R, measured: Measured } | null = null
  let halve = false
  while (hi - lo > 1) {
    const span = hi - lo
    let mid: number
    if (halve) {
      mid = lo + Math.floor(span / 2)
    } else {
      // Where the size would reach maxBytes if it grew linearly between the two known points (from 0 bytes at n = -1 when nothing fits yet).
      const guess = lo + Math.floor((maxBytes - loBytes) / (hiBytes - loBytes) * span)
      mid = Math.min(hi - 1, Math.max(lo + 1, guess))
    }
    const result = build(mid)
    const measured = measure(result)
    const bytes = measured.bytes
    if (bytes <= maxBytes) {
      best = { n: mid, result, measured }
      lo = mid
      loBytes = bytes
    } else {
      hi = mid
      hiBytes = bytes
    }
    halve = !halve && (hi - lo) * 2 > span
  }
  return best
}

/**
 * Keeps as many items from the start of the list as fit. `build` gets the
 * items to show and whether some were dropped.
 */
export function fitList<T, R> (items: readonly T[], build: (shown: T[], truncated: boolean) => R, maxBytes: number): { result: R, shown: number } | null {
  const found = largestFitting(items.length, (n) => build(items.slice(0, n), n < items.length), maxBytes)
  return found === null ? null : { result: found.result, shown: found.n }
}

/**
 * Paging hint after a page was cut to `shown` of its items: a page size that
 * lines up with where this page started, and the page of that size that holds
 * the first item not shown (so nothing is skipped or repeated). The number of
 * items to keep (`keep`) may be smaller than `shown` so that it lines up.
 */
export function pageHintAfterCut (page: number, limit: number, shown: number): { keep: number, next: { page: number, limit: number } } {
  const offset = (page - 1) * limit
  let keep = Math.max(1, shown)
  while (keep > 1 && offset % keep !== 0) keep--
  return { keep, next: { page: offset / keep + 2, limit: keep } }
}

/** The paging fields fitPage gives a list result (the tool adds `total` when Gitea gave one). */
export interface PageFields {
  page: number
  limit: number
  has_more: boolean
  truncated: boolean
  next?: { page: number, limit: number }
}

/**
 * A page of `items` as `build` presents it, with as many items as fit
 * `maxBytes`. When some had to go, the page keeps a count that lines up with
 * a page boundary and `next` asks for exactly what follows (a smaller
 * `limit`), so nothing is skipped or repeated. `what` names one item for the
 * too_large error.
 */
export function fitPage<T, R> (items: readonly T[], request: { page: number, limit: number, hasMore: boolean },
  build: (shown: T[], paging: PageFields) => R, maxBytes: number, what: string): R {
  const { page, limit, hasMore } = request
  const paging = (shown: number, cut: boolean): PageFields => {
    const fields: PageFields = { page, limit, has_more: hasMore || cut, truncated: cut }
    if (cut) fields.next = pageHintAfterCut(page, limit, shown).next
    else if (hasMore) fields.next = { page: page + 1, limit }
    return fields
  }
  const fitted = fitList(items, (shown, cut) => build(shown, paging(shown.length, cut)), maxBytes)
  if (fitted === null || (fitted.shown === 0 && items.length > 0)) {
    throw new ToolError('too_large', `Not even one ${what} fits the response size limit (MAX_RESPONSE_BYTES = ${maxBytes}).`)
  }
  if (fitted.shown === items.length) return fitted.result
  const { keep } = pageHintAfterCut(page, limit, fitted.shown)
  return build(items.slice(0, keep), paging(keep, true))
}

/**
 * The paging fields of a list result, worded for what is listed (`noun`,
 * plural: "branches"), so every list tool pages, cuts and hints alike.
 */
export function pagingFields (noun: string) {
  return {
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Union([Type.Integer(), Type.Null()], { description: `How many ${noun} there are in all; null when Gitea did not say` }),
    has_more: Type.Boolean({ description: `More ${noun} follow: ask for the page in \`next\`` }),
    truncated: Type.Boolean({ description: 'This page was cut to fit the response size limit; `next` continues right after the last one shown' }),
    next: Type.Optional(Type.Object({ page: Type.Integer(), limit: Type.Integer() }, { description: `Arguments (with the same filters) that ask for the next ${noun}` }))
  }
}
