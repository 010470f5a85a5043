// Load for the HTTP benchmarks that compare a server with plain node:http:
// autocannon in a child process of its own, never on the server's thread.
//
// Why not autocannon in this process: on the server's own thread the client
// takes a share of the very event loop it measures, about the same CPU per
// answer c for every server, so answers a second compare (c + node:http's
// cost) with (c + the server's cost), which pulls every ratio towards 1. With
// a 24 KB list c is some 35 µs, about node:http's own cost: a true ratio of
// 0.28 reads as 0.44, the figure bench:tools-list printed so. A worker thread
// (`workers: 1`, as bench:tool-call does) avoids that, but then this process's
// CPU time counts the client too. In a child process the client has its own
// core, and this process's CPU time is the servers' alone.
//
// Answers a second still flatter a slow server: on two cores one client cannot
// keep node:http busy (its thread idles most of the time), so node:http's
// figure is the client's limit, not node:http's. CPU time per answer is what
// the server spends on one answer whatever the client manages, and other work
// on a shared machine disturbs it less: node:http's CPU per answer over the
// server's is the honest ratio, answers a second the one a user sees here.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

export interface LoadTarget {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
}

export interface LoadResult {
  /** Answers a second. */
  rps: number
  /** This process's CPU time (user + system) per answer, in ms: the server's cost of one answer. */
  cpuMs: number
  requests: number
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon')
const CHILD = `
const autocannon = require(${JSON.stringify(AUTOCANNON)})
autocannon(JSON.parse(process.argv[1])).then(r => {
  process.stdout.write(JSON.stringify({ total: r.requests.total, average: r.requests.average, ok: r['2xx'], errors: r.errors }))
}, error => { console.error(error); process.exit(1) })`

interface ChildResult { total: number, average: number, ok: number, errors: number }

async function runChild (options: Record<string, unknown>): Promise<ChildResult> {
  const child = spawn(process.execPath, ['-e', CHILD, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject).once('close', resolve) })
  if (code !== 0) throw new Error(`autocannon exited with ${String(code)}`)
  return JSON.parse(output) as ChildResult
}

/**
 * `connections` connections for `seconds`, after a short warm-up (so the JIT
 * has seen the server's code); fails unless every answer is a 2xx.
 */
export async function load (target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  const options = { url: target.url, method: target.method, headers: target.headers, body: target.body, connections }
  await runChild({ ...options, amount: 2_000 })
  const cpu = process.cpuUsage()
  const result = await runChild({ ...options, duration: seconds })
  const used = process.cpuUsage(cpu)
  if (result.errors > 0 || result.ok !== result.total) throw new Error(`${result.total - result.ok} answers other than 2xx, ${result.errors} errors from ${target.url}`)
  return { rps: result.average, cpuMs: (used.user + used.system) / 1000 / result.total, requests: result.total }
}
