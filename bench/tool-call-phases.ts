/**
 * Where the time of one `tools/call get_file_contents` goes, phase by phase,
 * for the app and for the bare node:http proxy that asks Gitea the same two
 * things (bench/bare-proxy.ts, the floor of bench:tool-call): one connection,
 * calls one after another, blocks of the two alternated. The phases come from
 * node:http's own diagnostics channels, so nothing in the app is changed to
 * be timed:
 *
 *   to the server        the bench sends until the server has the request's headers
 *   before Gitea         until the first request to Gitea is written
 *   Gitea                until the last answer's headers from Gitea are in
 *   after Gitea          until the server has written its answer
 *   back to the bench    until the bench has read the answer
 *
 * The fake Gitea runs in a process of its own. Medians in µs.
 *
 *   npm run bench:tool-call-phases
 *   CALLS=2000 npm run bench:tool-call-phases
 */
import { subscribe } from 'node:diagnostics_channel'
import { Agent, request, type ClientRequest } from 'node:http'
import { generateKey } from '../lib/api-keys.js'
import { listenBareProxy, README_CALL } from './bare-proxy.js'
import { listenApp, median } from './common.js'
import { startChildGitea } from './fake-gitea-child.js'

const CALLS = Number(process.env.CALLS ?? 6000)
const BLOCK = 250
const PHASES = ['to the server', 'before Gitea', 'Gitea', 'after Gitea', 'back to the bench'] as const

const gitea = await startChildGitea()
const key = generateKey()
const app = await listenApp({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: key })
const bare = await listenBareProxy(gitea.url, gitea.token)

/** The moments of the call in flight. */
let marks: { serverIn?: number, giteaOut: number[], giteaIn: number[], serverOut?: number } = { giteaOut: [], giteaIn: [] }
const toGitea = (request: ClientRequest): boolean => String(request.getHeader('authorization')).startsWith('token ')
subscribe('http.server.request.start', () => { marks.serverIn = performance.now() })
subscribe('http.server.response.finish', () => { marks.serverOut = performance.now() })
// Published once the request is written (ClientRequest#_finish), and once an answer's headers are in.
subscribe('http.client.request.start', (message) => { if (toGitea((message as { request: ClientRequest }).request)) marks.giteaOut.push(performance.now()) })
subscribe('http.client.response.finish', (message) => { if (toGitea((message as { request: ClientRequest }).request)) marks.giteaIn.push(performance.now()) })

const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

/** One call; its phases in ms, or undefined when one of its moments is missing. */
function call (url: string): Promise<number[] | undefined> {
  marks = { giteaOut: [], giteaIn: [] }
  const sent = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${String(res.statusCode)} from ${url}`))
      res.resume()
      res.on('end', () => {
        const { serverIn, giteaOut, giteaIn, serverOut } = marks
        if (serverIn === undefined || serverOut === undefined || giteaOut.length !== 2 || giteaIn.length !== 2) return resolve(undefined)
        const firstOut = Math.min(...giteaOut)
        const lastIn = Math.max(...giteaIn)
        resolve([serverIn - sent, firstOut - serverIn, lastIn - firstOut, serverOut - lastIn, performance.now() - serverOut])
      })
    })
    req.on('error', reject)
    req.end(README_CALL)
  })
}

const targets = { app: `${app.url}/mcp`, floor: `${bare.url}/mcp` }
const phases: Record<keyof typeof targets, number[][]> = { app: PHASES.map(() => []), floor: PHASES.map(() => []) }
try {
  // Warm up both, then alternate blocks so machine noise hits both alike.
  for (const url of Object.values(targets)) for (let i = 0; i < 2000; i++) await call(url)
  for (let i = 0; i < CALLS; i++) {
    const name = Math.floor(i / BLOCK) % 2 === 0 ? 'app' : 'floor'
    const times = await call(targets[name])
    times?.forEach((ms, phase) => phases[name][phase]?.push(ms))
  }
} finally {
  await bare.close()
  await app.close()
  await gitea.close()
}

const us = (values: number[] | undefined): string => (median(values ?? []) * 1000).toFixed(0).padStart(6)
const out = (line: string): void => { process.stdout.write(`${line}\n`) }
out(`tools/call get_file_contents (README.md), one connection, ${CALLS} calls; medians in µs:`)
out(`  ${'phase'.padEnd(20)}${'app'.padStart(6)}${'floor'.padStart(7)}`)
PHASES.forEach((phase, index) => { out(`  ${phase.padEnd(20)}${us(phases.app[index])} ${us(phases.floor[index])}`) })
const sum = (name: keyof typeof targets): number => phases[name].reduce((total, values) => total + median(values), 0)
out(`  ${'sum of medians'.padEnd(20)}${(sum('app') * 1000).toFixed(0).padStart(6)} ${(sum('floor') * 1000).toFixed(0).padStart(6)}`)
