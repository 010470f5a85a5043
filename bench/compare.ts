/**
 * A change's effect on one `tools/call get_file_contents`, measured the way a
 * shared, noisy machine allows: this tree's app and another tree's (BASE, a
 * checkout of an earlier commit) in one process, each with its own fake Gitea
 * child, one connection each, rounds alternated so noise hits both alike.
 * Prints each round's p50 and CPU per call for both, and the medians of the
 * differences (negative: this tree is faster). The CPU figure is this
 * process's, server and client together, so it moves with the noise more
 * than the latency does.
 *
 *   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   BASE=/tmp/base npm run compare:tool-call
 *   BASE=/tmp/base ROUNDS=8 CALLS=1500 npm run compare:tool-call
 *   git worktree remove --force /tmp/base
 */
import { Agent, request } from 'node:http'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateKey } from '../lib/api-keys.js'
import { README_CALL } from './bare-proxy.js'
import { listenApp, median, type Listening } from './common.js'
import { startChildGitea, type ChildGitea } from './fake-gitea-child.js'

const ROUNDS = Number(process.env.ROUNDS ?? 8)
const CALLS = Number(process.env.CALLS ?? 1500)
const WARMUP = Number(process.env.WARMUP ?? 2000)
if (process.env.BASE === undefined) {
  process.stderr.write('Set BASE to the tree to compare with (a git worktree of an earlier commit, with node_modules): see bench/compare.ts.\n')
  process.exit(2)
}
const base = await import(pathToFileURL(join(resolve(process.env.BASE), 'bench', 'common.ts')).href) as { listenApp: typeof listenApp }

interface Side { name: string, gitea: ChildGitea, app: Listening, key: string, agent: Agent }

async function start (name: string, listen: typeof listenApp): Promise<Side> {
  const gitea = await startChildGitea()
  const key = generateKey()
  const app = await listen({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: key })
  return { name, gitea, app, key, agent: new Agent({ keepAlive: true, maxSockets: 1 }) }
}

/** One call; its time in ms. */
function call (side: Side): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${side.key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
    const req = request(`${side.app.url}/mcp`, { method: 'POST', headers, agent: side.agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${String(res.statusCode)} from the ${side.name} app`))
      res.resume()
      res.on('end', () => { resolve(performance.now() - started) })
    })
    req.on('error', reject)
    req.end(README_CALL)
  })
}

/** p50 in ms and this process's CPU per call in µs, over CALLS calls. */
async function round (side: Side): Promise<{ p50: number, cpu: number }> {
  const times: number[] = []
  const before = process.cpuUsage()
  for (let i = 0; i < CALLS; i++) times.push(await call(side))
  const used = process.cpuUsage(before)
  return { p50: median(times), cpu: (used.user + used.system) / CALLS }
}

const sides = [await start('base', base.listenApp), await start('this', listenApp)] as const
try {
  for (const side of sides) for (let i = 0; i < WARMUP; i++) await call(side)
  const faster: number[] = []
  const cheaper: number[] = []
  for (let r = 1; r <= ROUNDS; r++) {
    const [before, after] = [await round(sides[0]), await round(sides[1])]
    faster.push((after.p50 - before.p50) * 1000)
    cheaper.push(after.cpu - before.cpu)
    process.stdout.write(`round ${r}: p50 base ${before.p50.toFixed(3)} ms, this ${after.p50.toFixed(3)} ms (${(faster.at(-1) ?? 0).toFixed(0)} µs); ` +
      `CPU per call base ${before.cpu.toFixed(0)} µs, this ${after.cpu.toFixed(0)} µs\n`)
  }
  const ahead = faster.filter((difference) => difference < 0).length
  process.stdout.write(`\nthis tree against BASE, medians of ${ROUNDS} rounds of ${CALLS} calls: p50 ${median(faster).toFixed(0)} µs, ` +
    `CPU per call ${median(cheaper).toFixed(0)} µs; faster in ${ahead} of ${ROUNDS} rounds\n`)
} finally {
  for (const side of sides) {
    await side.app.close()
    await side.gitea.close()
  }
}
