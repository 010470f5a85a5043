import t from 'tap'
import { createRefusalSummary } from '../../lib/refusal-summary.js'

t.test('one line per key per period, each with the refusals since the last', async t => {
  let now = 0
  const summary = createRefusalSummary({ periodMs: 60_000, clock: () => now })
  t.equal(summary.note('a'), 1, 'the first refusal is written at once')
  const quiet = []
  for (let i = 0; i < 999; i++) {
    now += 60
    quiet.push(summary.note('a'))
  }
  t.ok(quiet.every(count => count === null), '999 more within the minute stay quiet')
  t.equal(summary.note('b'), 1, 'another key has its own period')
  now = 60_000
  t.equal(summary.note('a'), 1000, 'the next line after the minute counts them all')
  t.equal(summary.note('a'), null)
})

t.test('memory is bounded: past maxKeys the oldest key is forgotten and only writes early', async t => {
  let now = 0
  const summary = createRefusalSummary({ periodMs: 60_000, maxKeys: 2, clock: () => now })
  summary.note('a')
  now += 1
  summary.note('b')
  summary.note('c')
  t.equal(summary.note('b'), null, 'b is remembered')
  t.equal(summary.note('c'), null, 'c is remembered')
  t.equal(summary.note('a'), 1, 'a was forgotten, so it writes a line again')
})
