/**
 * `npm run bench`: every bench, one after another, each printing its figures
 * as ratios against a baseline measured in the same run. A bench is a
 * `bench:<name>` script in package.json whose bench/<file>.ts exists (so a
 * bench added later, like bench:tools-list, runs once both are there).
 * Run them alone on the machine: they measure CPU and memory.
 *
 *   npm run bench
 *   ONLY=file-memory,tool-call npm run bench
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
const only = process.env.ONLY?.split(',').map((name) => name.trim()).filter((name) => name !== '')
const benches = Object.entries(scripts)
  .filter(([name]) => name.startsWith('bench:'))
  .map(([name, command]) => ({ name, file: /bench\/[\w-]+\.ts/.exec(command)?.[0] }))
  .filter(({ name, file }) => file !== undefined && existsSync(file) && (only === undefined || only.includes(name.slice('bench:'.length))))

let failed = 0
for (const { name } of benches) {
  process.stdout.write(`\n== npm run ${name}\n`)
  const run = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' })
  if (run.status !== 0) {
    failed++
    process.stdout.write(`${name} failed (${String(run.status ?? run.signal)})\n`)
  }
}
process.stdout.write(`\n${benches.length - failed} of ${benches.length} benches ran: ${benches.map((b) => b.name.slice('bench:'.length)).join(', ')}\n`)
process.exitCode = failed > 0 ? 1 : 0
