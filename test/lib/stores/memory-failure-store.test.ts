import t from 'tap'
import { createMemoryFailureStore } from '../../../lib/stores/memory-failure-store.js'
import { memoryStore } from '../../helpers/failure-stores.js'
import { failureStoreCases } from './failure-store-cases.js'

function clockAt (start: number): { now: () => number, advance: (ms: number) => void } {
  let time = start
  return { now: () => time, advance: ms => { time += ms } }
}

// The cases every store passes (test/lib/stores/redis-failure-store.test.ts runs them against Redis).
failureStoreCases(t, memoryStore)

t.test('when counters are full the oldest counter goes, never a lock', async t => {
  const clock = clockAt(0)
  const store = createMemoryFailureStore({ clock: clock.now, maxCounters: 2 })
  await store.increment('locked', 1000, 1)
  await store.increment('a', 1000, 2)
  clock.advance(1)
  await store.increment('b', 1000, 2)
  clock.advance(1)
  await store.increment('c', 1000, 2)
  t.equal(await store.read('a'), null, 'oldest counter dropped')
  t.equal((await store.read('b'))?.count, 1)
  t.equal((await store.read('c'))?.count, 1)
  t.same(await store.read('locked'), { count: 1, ttlMs: 998 }, 'the lock is untouched')
  t.same(await store.increment('locked', 1000, 1), { count: 2, ttlMs: 998 }, 'and keeps counting')
})

t.test('when locks alone fill the store, new clients are not counted until a lock ends', async t => {
  const clock = clockAt(0)
  const full: number[] = []
  const store = createMemoryFailureStore({ clock: clock.now, maxCounters: 10, maxLocks: 2, onFull: locks => full.push(locks) })
  await store.increment('a', 1000, 2)
  await store.increment('one', 1000, 1)
  clock.advance(10)
  await store.increment('two', 5000, 1)
  t.equal(await store.increment('new', 1000, 2), null, 'a new client is not counted')
  t.equal(await store.increment('newer', 1000, 2), null)
  t.same(full, [2], 'the operator is told once')
  t.same(await store.increment('a', 1000, 2), { count: 2, ttlMs: 990 }, 'a client already counting still reaches its lock')
  t.equal((await store.read('a'))?.count, 2)
  t.equal((await store.read('one'))?.count, 1, 'no lock was dropped')
  t.equal((await store.read('two'))?.count, 1)

  // Locks are held in the order they locked: one, two, a; 'a' (window from t=0) ends before 'two'.
  clock.advance(1000)
  t.same(await store.increment('new', 1000, 2), { count: 1, ttlMs: 1000 }, 'counted again once a lock has ended, even one behind a live lock')
  t.equal(await store.read('a'), null)
  t.equal((await store.read('two'))?.count, 1, 'a live lock stays')
  clock.advance(1000)
  await store.increment('x', 1000, 1)
  t.equal(await store.increment('z', 1000, 2), null, 'full again')
  t.same(full, [2, 2], 'a new episode is told again')
})
