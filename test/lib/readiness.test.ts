import t from 'tap'
import { GiteaError } from '../../lib/gitea/errors.js'
import { createReadinessCheck } from '../../lib/readiness.js'

t.test('caches the probe for the ttl and shares one probe among concurrent callers', async t => {
  let now = 0
  let calls = 0
  let fail = false
  const check = createReadinessCheck(async () => {
    calls++
    if (fail) throw new GiteaError('gitea_unauthorized', 'Gitea rejected GITEA_TOKEN (401)', 401)
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

t.test('the reason is public: only a GiteaError\'s message; every failure goes to onFailure', async t => {
  const seen: unknown[] = []
  const odd = new Error('connect to http://10.0.0.5:3000 failed')
  const check = createReadinessCheck(async () => { throw odd }, 0, Date.now, (error) => { seen.push(error) })
  const result = await check.check()
  t.equal(result.ready, false)
  t.notMatch(result.reason, /10\.0\.0\.5/, 'an unexpected error\'s words stay private')
  t.match(result.reason, /server log/)
  t.same(seen, [odd], 'handed over for the log')
})
