import t from 'tap'
import { createFailureLimiter, type FailureCount, type FailureStore } from '../../lib/failure-limiter.js'
import { createMemoryFailureStore } from '../../lib/stores/memory-failure-store.js'
import { FAILURE_STORES } from '../helpers/failure-stores.js'

function clockAt (start: number): { now: () => number, advance: (ms: number) => void } {
  let time = start
  return { now: () => time, advance: ms => { time += ms } }
}

// The limiter's rules, against each store: a lockout must mean the same with REDIS_URL set.
for (const [name, makeStore] of FAILURE_STORES) {
  t.test(`with the ${name} store`, async t => {
    t.test('locks an IP at the limit until the window that began with its first failure ends', async t => {
      const { store, advance } = await makeStore(t)
      const limiter = createFailureLimiter({ maxFailures: 3, windowSeconds: 60, store })
      t.same(await limiter.status('1.2.3.4'), { locked: false, failures: 0, retryAfterSeconds: 0 })

      t.same(await limiter.recordFailure('1.2.3.4'), { failures: 1, lockedNow: false })
      await advance(10_000)
      t.same(await limiter.recordFailure('1.2.3.4'), { failures: 2, lockedNow: false })
      t.same(await limiter.status('1.2.3.4'), { locked: false, failures: 2, retryAfterSeconds: 0 }, 'below the limit still passes')
      t.same(await limiter.recordFailure('1.2.3.4'), { failures: 3, lockedNow: true }, 'the failure that reaches the limit says so once')

      const locked = await limiter.status('1.2.3.4')
      t.equal(locked.locked, true)
      t.equal(locked.retryAfterSeconds, 50, 'whole seconds left in the window')
      t.equal((await limiter.status('5.6.7.8')).locked, false, 'other IPs are not affected')

      t.same(await limiter.recordFailure('1.2.3.4'), { failures: 4, lockedNow: false }, 'later failures do not announce a new lockout')
      await advance(49_500)
      t.equal((await limiter.status('1.2.3.4')).retryAfterSeconds, 1, 'at least 1 second while locked')
      await advance(500)
      t.same(await limiter.status('1.2.3.4'), { locked: false, failures: 0, retryAfterSeconds: 0 }, 'unlocked when the window ends')
    })

    t.test('failures spread over more than one window never lock', async t => {
      const { store, advance } = await makeStore(t)
      const limiter = createFailureLimiter({ maxFailures: 2, windowSeconds: 10, store })
      await limiter.recordFailure('9.9.9.9')
      await advance(10_000)
      t.same(await limiter.recordFailure('9.9.9.9'), { failures: 1, lockedNow: false }, 'a new window starts from one')
      t.equal((await limiter.status('9.9.9.9')).locked, false)
    })

    t.test('one client, one count: spellings of an address and an IPv6 /64 count together', async t => {
      const { store } = await makeStore(t)
      const limiter = createFailureLimiter({ maxFailures: 3, windowSeconds: 60, store })
      await limiter.recordFailure('9.9.9.9')
      await limiter.recordFailure('::ffff:9.9.9.9')
      t.same(await limiter.recordFailure('::FFFF:909:909'), { failures: 3, lockedNow: true })
      await limiter.recordFailure('2001:db8::1')
      await limiter.recordFailure('2001:DB8::1')
      t.same(await limiter.recordFailure('2001:db8::abcd'), { failures: 3, lockedNow: true })
      t.equal((await limiter.status('2001:db8:0:1::1')).locked, false, 'the next /64 is another client')
    })
  })
}

t.test('a locked IP stays locked through failures from 10,000+ other addresses', async t => {
  const clock = clockAt(0)
  const limiter = createFailureLimiter({ maxFailures: 3, windowSeconds: 60, store: createMemoryFailureStore({ clock: clock.now }) })
  for (let i = 0; i < 3; i++) await limiter.recordFailure('9.9.9.9')
  for (let i = 0; i < 10_001; i++) await limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`)
  t.equal((await limiter.status('9.9.9.9')).locked, true, 'still locked')
  t.equal((await limiter.status('10.0.0.0')).failures, 0, 'the oldest plain counter was forgotten instead')
  t.equal((await limiter.status('10.0.39.16')).failures, 1, 'the newest counter is kept')
})

t.test('a store that cannot count a failure reports none', async t => {
  const refusing: FailureStore = {
    async increment (): Promise<FailureCount | null> { return null },
    async read (): Promise<FailureCount | null> { return null }
  }
  const limiter = createFailureLimiter({ maxFailures: 1, windowSeconds: 60, store: refusing })
  t.same(await limiter.recordFailure('9.9.9.9'), { failures: 0, lockedNow: false })
})
