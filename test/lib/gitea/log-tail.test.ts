import t from 'tap'
import { tailLog } from '../../../lib/gitea/log-tail.js'

/** A stream of `text` in chunks of `size` bytes (so lines and characters are split across chunks). */
function streamOf (text: string | Buffer, size: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text)
  let at = 0
  return new ReadableStream({
    pull (controller) {
      if (at >= bytes.length) { controller.close(); return }
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)))
      at += size
    }
  })
}

/** A stream of `count` generated lines, made as it is read (never whole in memory). */
function generated (count: number, line: (n: number) => string): ReadableStream<Uint8Array> {
  let n = 0
  return new ReadableStream({
    pull (controller) {
      if (n >= count) { controller.close(); return }
      let chunk = ''
      while (n < count && chunk.length < 16 * 1024) chunk += line(n++) + '\n'
      controller.enqueue(new TextEncoder().encode(chunk))
    }
  })
}

t.test('the last lines, in order, with counts; CRLF and a last line without an end', async (t) => {
  const tail = await tailLog(streamOf('one\r\ntwo\nthree\nfour', 3), 2, 100)
  t.same(tail.lines, ['three', 'four'])
  t.equal(tail.totalLines, 4)
  t.equal(tail.totalBytes, 19)
  t.same((await tailLog(streamOf('a\nb\n', 1), 10, 100)).lines, ['a', 'b'], 'fewer lines than asked')
  t.same((await tailLog(streamOf('', 1), 10, 100)), { lines: [], totalLines: 0, totalBytes: 0, cutLines: 0, peakHeldChars: 0 })
  t.same((await tailLog(null, 10, 100)).lines, [])
})

t.test('UTF-8 split across chunks decodes whole', async (t) => {
  const tail = await tailLog(streamOf('größe → 10 €\nnext ✓\n', 1), 5, 100)
  t.same(tail.lines, ['größe → 10 €', 'next ✓'])
})

t.test('a long log is tailed in bounded memory: only the ring and one line are ever held', async (t) => {
  const count = 300_000
  const tail = await tailLog(generated(count, (n) => `2024-06-05T10:00:00.0000000Z line ${n} of the build output, padded a little`), 100, 2000)
  t.equal(tail.totalLines, count)
  t.ok(tail.totalBytes > 20_000_000, `read ${tail.totalBytes} bytes`)
  t.equal(tail.lines.length, 100)
  t.match(tail.lines[0], / line 299900 of/)
  t.match(tail.lines[99], / line 299999 of/)
  t.ok(tail.peakHeldChars <= 101 * 80, `held at most ${tail.peakHeldChars} characters at once`)
})

t.test('an endless line is cut at maxLineChars while it is read, and counted', async (t) => {
  const huge = generated(1, () => 'x'.repeat(5_000_000))
  const tail = await tailLog(huge, 3, 1000)
  t.equal(tail.lines.length, 1)
  t.equal(tail.lines[0]?.length, 1000)
  t.equal(tail.cutLines, 1)
  t.ok(tail.peakHeldChars <= 1000, `held ${tail.peakHeldChars}`)
  await t.rejects(tailLog(null, 0, 10), RangeError)
})
