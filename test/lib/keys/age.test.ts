import t from 'tap'
import { checkAges, keyStatus, type AgeInput } from '../../../lib/keys/age.js'
import { addDays } from '../../../lib/keys/dates.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const THRESHOLDS = { now: NOW, warnDays: 14, criticalDays: 7 }

function key (keyId: string, expiresInDays: number | null, createdDaysAgo: number | null = 60): AgeInput {
  return {
    keyId,
    description: `key ${keyId}`,
    createdAt: createdDaysAgo === null ? null : addDays(NOW, -createdDaysAgo),
    expiresAt: expiresInDays === null ? null : addDays(NOW, expiresInDays)
  }
}

t.test('30, 10, 5 and -1 days: exit codes 0, 1, 2, 3', async t => {
  const expected: Array<[number, string, number]> = [[30, 'ok', 0], [10, 'warning', 1], [5, 'critical', 2], [-1, 'expired', 3]]
  for (const [days, status, exitCode] of expected) {
    const report = checkAges([key('aaaaaaaaaaaa', days)], THRESHOLDS)
    t.equal(report.status, status, `${days} days`)
    t.equal(report.exitCode, exitCode)
    t.equal(report.keys[0]?.daysLeft, days)
    t.equal(report.keys[0]?.ageDays, 60)
  }
})

t.test('the worst key wins; soonest expiry first; unknown creation and no expiry are fine', async t => {
  const report = checkAges([key('cccccccccccc', null, null), key('aaaaaaaaaaaa', 10), key('bbbbbbbbbbbb', 3), key('dddddddddddd', 100)], THRESHOLDS)
  t.equal(report.exitCode, 2)
  t.equal(report.status, 'critical')
  t.same(report.keys.map(k => [k.keyId, k.status]), [['bbbbbbbbbbbb', 'critical'], ['aaaaaaaaaaaa', 'warning'], ['dddddddddddd', 'ok'], ['cccccccccccc', 'ok']])
  t.same({ age: report.keys[3]?.ageDays, left: report.keys[3]?.daysLeft }, { age: null, left: null })
  t.same(checkAges([], THRESHOLDS), { status: 'ok', exitCode: 0, keys: [] })
})

t.test('boundaries: exactly at a threshold counts as within it; at expiry it is expired', async t => {
  t.equal(keyStatus(addDays(NOW, 14), THRESHOLDS), 'warning')
  t.equal(keyStatus(new Date(addDays(NOW, 14).getTime() + 1), THRESHOLDS), 'ok')
  t.equal(keyStatus(addDays(NOW, 7), THRESHOLDS), 'critical')
  t.equal(keyStatus(NOW, THRESHOLDS), 'expired')
  t.equal(keyStatus(new Date(NOW.getTime() + 1), { ...THRESHOLDS, warnDays: 0, criticalDays: 0 }), 'ok')
  t.equal(keyStatus(null, THRESHOLDS), 'ok')
})
