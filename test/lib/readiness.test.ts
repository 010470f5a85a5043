import t from 'tap'
import { createReadinessCheck } from '../../lib/readiness.js'

t.test('caches the probe for the ttl and shares one probe among concurrent callers', async t => {
  let now = 0
  let calls = 0
  let fail = false
  const check = createReadinessCheck(async () => {
    calls++
    if (fail) throw new Error('Gitea rejected GITEA_TOKEN (401)')
  }, 5000, () => now)

  const [a, b] = await Promise.all([check.check(), check.check()])
  t.equal(calls, 1, 'one probe for two concurrent checks')
  t.equal(a.ready, true)
  t.same(a, b)

  fail = true
  now = 4999
  t.equal((await check.check()).ready, true, 'still cached')
  t.equal(calls, 1)
  now = 5000
  const failed = await check.check()
  t.equal(calls, 2)
  t.same({ ready: failed.ready, reason: failed.reason }, { ready: false, reason: 'Gitea rejected GITEA_TOKEN (401)' })
})
