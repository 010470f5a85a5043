import t from 'tap'
import { createFailureLimiter, createMemoryFailureStore } from '../../lib/failure-limiter.js'

function clockAt (start: number): { now: () => number, advance: (ms: number) => void } {
  let time = start
  return { now: () => time, advance: ms => { time += ms } }
}

t.test('locks an IP at the limit until the window that began with its first failure ends', async t => {
  const clock = clockAt(1_000_000)
  const limiter = createFailureLimiter({ maxFailures: 3, windowSeconds: 60, clock: clock.now })
  t.same(await limiter.status('1.2.3.4'), { locked: false, failures: 0, retryAfterSeconds: 0 })

  t.same(await limiter.recordFailure('1.2.3.4'), { failures: 1, lockedNow: false })
  clock.advance(10_000)
  t.same(await limiter.recordFailure('1.2.3.4'), { failures: 2, lockedNow: false })
  t.equal((await limiter.status('1.2.3.4')).locked, false, 'below the limit still passes')
  t.same(await limiter.recordFailure('1.2.3.4'), { failures: 3, lockedNow: true }, 'the failure that reaches the limit says so once')

  const locked = await limiter.status('1.2.3.4')
  t.equal(locked.locked, true)
  t.equal(locked.retryAfterSeconds, 50, 'whole seconds left in the window')
  t.equal((await limiter.status('5.6.7.8')).locked, false, 'other IPs are not affected')

  t.same(await limiter.recordFailure('1.2.3.4'), { failures: 4, lockedNow: false }, 'later failures do not announce a new lockout')
  clock.advance(49_500)
  t.equal((await limiter.status('1.2.3.4')).retryAfterSeconds, 1, 'at least 1 second while locked')
  clock.advance(500)
  t.same(await limiter.status('1.2.3.4'), { locked: false, failures: 0, retryAfterSeconds: 0 }, 'unlocked when the window ends')
})

t.test('failures spread over more than one window never lock', async t => {
  const clock = clockAt(0)
  const limiter = createFailureLimiter({ maxFailures: 2, windowSeconds: 10, clock: clock.now })
  await limiter.recordFailure('ip')
  clock.advance(10_000)
  t.same(await limiter.recordFailure('ip'), { failures: 1, lockedNow: false }, 'a new window starts from one')
  t.equal((await limiter.status('ip')).locked, false)
})

t.test('the memory store forgets the oldest window when full', async t => {
  const store = createMemoryFailureStore(2)
  await store.increment('a', 1000, 0)
  await store.increment('b', 1000, 1)
  await store.increment('c', 1000, 2)
  t.equal(await store.get('a', 3), null, 'oldest dropped')
  t.equal((await store.get('b', 3))?.failures, 1)
  t.equal((await store.get('c', 3))?.failures, 1)
})
