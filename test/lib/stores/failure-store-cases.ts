import type { Test } from 'tap'
import type { FailureCount } from '../../../lib/failure-limiter.js'
import type { StoreFactory } from '../../helpers/failure-stores.js'

/** A count, with a time left within `slackMs` below `ttlMs` (and never above it). */
function near (t: Test, actual: FailureCount | null, count: number, ttlMs: number, slackMs: number, what: string): void {
  t.equal(actual?.count, count, `${what}: count`)
  const ttl = actual?.ttlMs ?? Number.NaN
  t.ok(ttl <= ttlMs && ttl >= ttlMs - slackMs, `${what}: ${ttl} ms left, expected ${ttlMs} (slack ${slackMs})`)
}

/** What every FailureStore must do, whatever holds the counts: run against each implementation. */
export function failureStoreCases (t: Test, makeStore: StoreFactory): void {
  t.test('increment opens a window at the first failure and reports the count and time left', async t => {
    const { store, advance, slackMs } = await makeStore(t)
    t.equal(await store.read('a'), null)
    near(t, await store.increment('a', 1000, 5), 1, 1000, slackMs, 'first failure')
    await advance(400)
    near(t, await store.increment('a', 1000, 5), 2, 600, slackMs, 'the window is fixed, not extended')
    near(t, await store.read('a'), 2, 600, slackMs, 'read')
    await advance(600)
    t.equal(await store.read('a'), null, 'gone when the window ends')
    near(t, await store.increment('a', 1000, 5), 1, 1000, slackMs, 'a new window starts from one')
  })

  t.test('a locked key keeps counting in the window it locked in, and clients are apart', async t => {
    const { store, advance, slackMs } = await makeStore(t)
    near(t, await store.increment('locked', 5000, 2), 1, 5000, slackMs, 'first')
    near(t, await store.increment('locked', 5000, 2), 2, 5000, slackMs, 'at the limit')
    await advance(1000)
    near(t, await store.increment('locked', 5000, 2), 3, 4000, slackMs, 'past the limit: counted, window unchanged')
    t.equal(await store.read('other'), null, 'another client has no count')
    near(t, await store.increment('other', 5000, 2), 1, 5000, slackMs, 'and starts its own')
    await advance(4000)
    t.equal(await store.read('locked'), null, 'the lock ends with its window')
    near(t, await store.read('other'), 1, 1000, slackMs, 'the other window runs on')
  })
}
