// The type check of `npm test`: tsc over the sources, tests, demo and benchmarks (test/tsconfig.json).
// It runs as one of the suite's test files rather than before the suite: tsc uses one core, and
// beside the other test processes the second core is not left idle meanwhile. The tests
// themselves load TypeScript without checking types (test/loader), so this is the check.
// test/tsconfig.json makes it incremental, its build info under node_modules/.cache: the first
// check takes ~10 s on one core, later ones ~4 s, or more as files changed.
// A larger young generation: tsc builds ~700 MB of short-lived objects, and with V8's default it
// spent ~10% more CPU collecting them (user time 16.0-16.4 s against 16.7-19.0 s, alternating).

import t from 'tap'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { binEnv } from '../helpers/transpiled-bin.js'

t.setTimeout(240_000)

const ROOT = resolve(import.meta.dirname, '../..')
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc')

t.test('tsc finds no type errors in the sources, tests, demo and benchmarks', async (t) => {
  const child = spawn(process.execPath, ['--max-semi-space-size=64', TSC, '-p', 'test/tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: ROOT, env: binEnv() })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  t.equal(output, '', 'no diagnostics (each line: file(line,col): error TSxxxx: message)')
  t.equal(code, 0, 'tsc exits 0')
})
