// Line diffs for the fake: Myers' O(ND) edit script, as git computes it, with
// deletions before insertions in each change. No imports, so both the diff
// text (git-diff.ts) and Gitea's per-commit line stats (revision.ts) use it.

/** Above this many lines on one side (after trimming common ends), a change is one replace. */
const MAX_DIFF_LINES = 20_000

/** 0 keep, 1 delete, 2 insert. */
export type Op = 0 | 1 | 2

/** Beyond this many differing lines, the changed middle is shown as one replace. */
const MAX_EDIT_DISTANCE = 4000

function replaceAll (head: number, tail: number, deleted: number, inserted: number): Op[] {
  return [...new Array<Op>(head).fill(0), ...new Array<Op>(deleted).fill(1), ...new Array<Op>(inserted).fill(2), ...new Array<Op>(tail).fill(0)]
}

/** Myers' O(ND) edit script turning a into b (after trimming their common ends). */
export function editScript (a: readonly string[], b: readonly string[]): Op[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const x = a.slice(head, a.length - tail)
  const y = b.slice(head, b.length - tail)
  const middle: Op[] = []
  if (x.length > MAX_DIFF_LINES || y.length > MAX_DIFF_LINES) {
    return replaceAll(head, tail, x.length, y.length)
  } else {
    const n = x.length
    const m = y.length
    const max = n + m
    const offset = max + 1
    const v = new Int32Array(2 * max + 3)
    // trace[d]: the frontier before round d, for k in [-d-1, d+1] (index k + d + 1).
    const trace: Int32Array[] = []
    let done = false
    for (let d = 0; d <= max && !done; d++) {
      if (d > MAX_EDIT_DISTANCE) return replaceAll(head, tail, x.length, y.length)
      trace.push(v.slice(offset - d - 1, offset + d + 2))
      for (let k = -d; k <= d; k += 2) {
        let i = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? v[offset + k + 1] as number
          : (v[offset + k - 1] as number) + 1
        let j = i - k
        while (i < n && j < m && x[i] === y[j]) { i++; j++ }
        v[offset + k] = i
        if (i >= n && j >= m) { done = true; break }
      }
    }
    // Walk back through the saved frontiers.
    let i = n
    let j = m
    for (let d = trace.length - 1; d >= 0; d--) {
      const frontier = trace[d] as Int32Array
      const at = (k: number): number => frontier[k + d + 1] as number
      const k = i - j
      const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
      const prevK = down ? k + 1 : k - 1
      const prevI = at(prevK)
      const prevJ = prevI - prevK
      while (i > prevI && j > prevJ) { middle.push(0); i--; j-- }
      if (d > 0) {
        if (down) { middle.push(2); j-- } else { middle.push(1); i-- }
      }
      i = prevI
      j = prevJ
    }
    middle.reverse()
    // git prints a change as its deletions, then its insertions.
    for (let s = 0; s < middle.length;) {
      if (middle[s] === 0) { s++; continue }
      let e = s
      while (e < middle.length && middle[e] !== 0) e++
      const dels = middle.slice(s, e).filter((op) => op === 1).length
      middle.fill(1, s, s + dels)
      middle.fill(2, s + dels, e)
      s = e
    }
  }
  return [...new Array<Op>(head).fill(0), ...middle, ...new Array<Op>(tail).fill(0)]
}

/** Lines added and deleted between a and b. */
export function countChanges (a: readonly string[], b: readonly string[]): { additions: number, deletions: number } {
  let additions = 0
  let deletions = 0
  for (const op of editScript(a, b)) {
    if (op === 1) deletions++
    else if (op === 2) additions++
  }
  return { additions, deletions }
}
