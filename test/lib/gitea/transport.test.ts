import t from 'tap'
import { createGiteaClient } from '../../../lib/gitea/client.js'
import { readCapped } from '../../../lib/gitea/transport.js'
import { startFakeGitea } from '../../fake-gitea/server.js'

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

t.test('the observer hears every request once: its duration and how it ended, never its URL', async (t) => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const seen: Array<Record<string, unknown>> = []
  const client = createGiteaClient({ baseUrl: gitea.url, token: gitea.token, timeoutMs: 5000, observe: observation => { seen.push({ ...observation }) } })
  await client.getCurrentUser()
  await t.rejects(client.getRepo('acme', 'nothing-here'))
  const aborted = new AbortController()
  aborted.abort(new Error('caller gone'))
  await t.rejects(client.getCurrentUser({ signal: aborted.signal }))
  await gitea.close()
  await t.rejects(client.getCurrentUser())
  t.same(seen.map(s => s.outcome), ['ok', 'not_found', 'aborted', 'gitea_unreachable'])
  for (const observation of seen) {
    t.same(Object.keys(observation).sort(), ['durationMs', 'outcome'])
    t.ok(typeof observation.durationMs === 'number' && observation.durationMs >= 0)
  }
})

t.test('readCapped reads a Node stream (what node:http gives) and stops it at the cap', async (t) => {
  const { Readable } = await import('node:stream')
  let made = 0
  const source = new Readable({ read () { this.push(made++ < 5 ? Buffer.from('ab') : null) }, highWaterMark: 1 })
  t.same(await readCapped(source, 3), { bytes: Buffer.from('aba'), truncated: true })
  t.equal(source.destroyed, true, 'the rest is never read: the stream (and its connection) is closed')
  t.ok(made < 5)
  const whole = Readable.from([Buffer.from('ab'), Buffer.from('cd')])
  t.same(await readCapped(whole, 4), { bytes: Buffer.from('abcd'), truncated: false })
})

t.test('connections to Gitea are kept alive from request to request', async (t) => {
  const gitea = await startFakeGitea()
  t.teardown(async () => { await gitea.close() })
  const { createServer } = await import('node:http')
  // A proxy in front of the fake that counts the connections it is given.
  let connections = 0
  const counting = createServer((req, res) => {
    fetch(`${gitea.url}${req.url ?? '/'}`, { headers: { authorization: req.headers.authorization ?? '' } })
      .then(async (answer) => { res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }); res.end(Buffer.from(await answer.arrayBuffer())) })
      .catch(() => { res.destroy() })
  })
  counting.on('connection', () => { connections++ })
  await new Promise<void>(resolve => counting.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { counting.closeAllConnections(); counting.close() })
  const address = counting.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const client = createGiteaClient({ baseUrl: `http://127.0.0.1:${address.port}`, token: gitea.token, timeoutMs: 5000 })
  for (let i = 0; i < 5; i++) await client.getRepo('acme', 'platform')
  t.equal(connections, 1)
})
