import t from 'tap'
import { fitList, fitPage, fits, jsonBytes, largestFitting, pageHintAfterCut } from '../../../lib/tools/budget.js'
import { ToolError } from '../../../lib/tools/errors.js'

t.test('jsonBytes counts UTF-8 bytes of the JSON', async (t) => {
  t.equal(jsonBytes({ a: 'x' }), 9)
  t.equal(jsonBytes('文'), 5, 'three bytes plus quotes')
  t.equal(jsonBytes('🙂'), 6)
  t.equal(jsonBytes('\n'), 4, 'escapes count')
  t.ok(fits({ a: 1 }, 7))
  t.notOk(fits({ a: 1 }, 6))
})

t.test('fitList drops items from the end', async (t) => {
  const items = Array.from({ length: 100 }, (_, i) => ({ name: `item-${i}`, text: '文'.repeat(10) }))
  const build = (shown: typeof items, truncated: boolean): object => ({ items: shown, truncated })
  const all = fitList(items, build, 1_000_000)
  t.equal(all?.shown, 100, 'everything fits')
  const max = 2000
  const some = fitList(items, build, max)
  t.ok(some !== null)
  t.ok((some?.shown ?? 0) > 0 && (some?.shown ?? 0) < 100)
  t.ok(jsonBytes(some?.result) <= max, 'the result fits')
  t.ok(jsonBytes(build(items.slice(0, (some?.shown ?? 0) + 1), true)) > max, 'one more would not')
  t.same((some?.result as { truncated: boolean }).truncated, true)
  t.equal(fitList(items, build, 5), null, 'not even the frame fits')
  t.equal(fitList([], build, 100)?.shown, 0)
})

t.test('largestFitting finds the largest n', async (t) => {
  for (const max of [10, 37, 100, 1000]) {
    const found = largestFitting(500, (n) => 'x'.repeat(n), max)
    t.equal(found?.n, Math.min(500, max - 2), `max ${max}`)
  }
})

t.test('pageHintAfterCut continues right after the last item shown', async (t) => {
  t.same(pageHintAfterCut(1, 30, 12), { keep: 12, next: { page: 2, limit: 12 } }, 'page 1: any size lines up')
  const hint = pageHintAfterCut(3, 30, 7) // offset 60: 6 divides 60
  t.same(hint, { keep: 6, next: { page: 12, limit: 6 } })
  // page 12 of size 6 starts at offset 66 = 60 + 6: right after the shown items.
  t.equal((hint.next.page - 1) * hint.next.limit, 60 + hint.keep)
  for (let page = 1; page <= 5; page++) {
    for (const limit of [7, 30, 50]) {
      for (let shown = 1; shown < limit; shown++) {
        const h = pageHintAfterCut(page, limit, shown)
        t.ok(h.keep >= 1 && h.keep <= shown)
        if ((h.next.page - 1) * h.next.limit !== (page - 1) * limit + h.keep) t.fail(`page ${page} limit ${limit} shown ${shown}`)
      }
    }
  }
})

t.test('fitPage: a whole page as it is, a cut page lined up with a page boundary, too_large when nothing fits', async (t) => {
  const items = Array.from({ length: 10 }, (_, i) => `item-${i}-${'x'.repeat(40)}`)
  const build = (shown: string[], paging: object): object => ({ items: shown, ...paging })

  t.same(fitPage(items, { page: 1, limit: 10, hasMore: false }, build, 10_000, 'item'),
    { items, page: 1, limit: 10, has_more: false, truncated: false }, 'all fit, nothing follows: no next')
  t.same(fitPage(items, { page: 2, limit: 10, hasMore: true }, build, 10_000, 'item'),
    { items, page: 2, limit: 10, has_more: true, truncated: false, next: { page: 3, limit: 10 } }, 'all fit, more follow: the next page')

  // Page 3 of 10 starts at offset 20; about 5 items fit, and 5 divides 20.
  const cut = fitPage(items, { page: 3, limit: 10, hasMore: false }, build, 5 * 60 + 120, 'item') as { items: string[], has_more: boolean, truncated: boolean, next: { page: number, limit: number } }
  t.ok(cut.truncated && cut.has_more, 'cut: says so, and more follow even on the last page')
  t.ok(jsonBytes(cut) <= 5 * 60 + 120, 'within the budget')
  t.same(cut.items, items.slice(0, cut.items.length))
  t.equal((cut.next.page - 1) * cut.next.limit, 20 + cut.items.length, '`next` starts right after the last item shown')

  t.same(fitPage([], { page: 1, limit: 10, hasMore: false }, build, 100, 'item'), { items: [], page: 1, limit: 10, has_more: false, truncated: false }, 'an empty page is fine')
  t.throws(() => fitPage(items, { page: 1, limit: 10, hasMore: false }, build, 80, 'item'),
    new ToolError('too_large', 'Not even one item fits the response size limit (MAX_RESPONSE_BYTES = 80).'))
})

/** The largest fitting n the slow way: every n from 0 up. */
function linearLargest (max: number, size: (n: number) => number, maxBytes: number): number | null {
  let found: number | null = null
  for (let n = 0; n <= max && size(n) <= maxBytes; n++) found = n
  return found
}

t.test('largestFitting finds the same n as a search of every n, on sizes that grow in steps', async (t) => {
  let seed = 7
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  for (let round = 0; round < 200; round++) {
    const max = Math.floor(random() * 3000)
    // A frame, then steps of random widths and heights (lines of text, escapes, multi-byte characters).
    const steps: number[] = [Math.floor(random() * 200)]
    for (let n = 1; n <= max; n++) steps.push((steps[n - 1] as number) + (random() < 0.2 ? Math.floor(random() * 40) : random() < 0.5 ? 1 : 0))
    const size = (n: number): number => steps[n] as number
    const maxBytes = Math.floor(random() * ((steps[max] as number) + 50))
    const found = largestFitting(max, (n) => 'x'.repeat(Math.max(0, size(n) - 2)), maxBytes)
    const expected = linearLargest(max, (n) => Math.max(2, size(n)), maxBytes)
    if ((found?.n ?? null) !== expected) t.fail(`round ${round}: max ${max}, maxBytes ${maxBytes}: ${String(found?.n)} instead of ${String(expected)}`)
  }
  t.pass('200 random size curves')
})

t.test('largestFitting needs a few probes for text, not log2 of its length', async (t) => {
  const text = 'a line of text that is not too long\n'.repeat(30_000) // about 1 MiB
  let probes = 0
  const found = largestFitting(text.length, (n) => { probes++; return { text: text.slice(0, n) } }, 100_000)
  t.equal(found?.n, 100_000 - '{"text":"'.length - '"}'.length - (found?.result.text.match(/\n/g)?.length ?? 0))
  t.ok(probes <= 6, `${probes} probes (a binary search takes 21)`)
})
