import t from 'tap'
import { readCapped } from '../../../lib/gitea/transport.js'

function stream (chunks: string[]): { body: ReadableStream<Uint8Array>, pulled: () => number, cancelled: () => boolean } {
  let index = 0
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    pull (controller) {
      const chunk = chunks[index++]
      if (chunk === undefined) controller.close()
      else controller.enqueue(Buffer.from(chunk))
    },
    cancel () { cancelled = true }
  }, { highWaterMark: 0 })
  return { body, pulled: () => index, cancelled: () => cancelled }
}

t.test('readCapped reads a short body whole', async (t) => {
  const source = stream(['ab', 'cd'])
  t.same(await readCapped(source.body, 4), { bytes: Buffer.from('abcd'), truncated: false })
  t.equal(source.cancelled(), false)
})

t.test('readCapped stops one chunk past the cap and cancels the rest', async (t) => {
  const source = stream(['ab', 'cd', 'ef', 'gh', 'ij'])
  t.same(await readCapped(source.body, 3), { bytes: Buffer.from('abc'), truncated: true })
  t.equal(source.cancelled(), true)
  t.equal(source.pulled(), 2, 'chunks after the cap are never pulled')
})

t.test('readCapped with no body', async (t) => {
  t.same(await readCapped(null, 10), { bytes: Buffer.alloc(0), truncated: false })
})

t.test('readCapped passes a stream error on', async (t) => {
  const body = new ReadableStream<Uint8Array>({ pull (controller) { controller.error(new Error('boom')) } })
  await t.rejects(readCapped(body, 10), /boom/)
})
