/**
 * What `tools/list` costs: the size of the list (the default toolsets and
 * `all`), and answers a second of an authenticated `tools/list` (POST /mcp
 * with a valid key, as MCP clients send it) against a plain node:http server
 * that answers the very same bytes, in one run. The ratio is the server's
 * share of what the machine can do with that payload. Rounds alternate so
 * machine noise hits both alike.
 *
 *   npm run bench:tools-list                      # 5 rounds of 5 s each
 *   ROUNDS=3 SECONDS=3 npm run bench:tools-list
 *
 * Figures measured on the project's 2-core machine under load (issue 13): see
 * MEASURED below; absolute numbers vary from run to run, the ratio less.
 *
 * autocannon runs in a child process for both servers (bench/load.ts says
 * why): until issue 13's third round it ran on the servers' own thread, which
 * flattered the slower server. Two ratios: answers a second, and CPU time per
 * answer (node:http's over the server's), which other work on the machine
 * disturbs less. Where the server's time goes, layer by layer:
 * `npm run bench:request-cost`.
 */
import { generateKey } from '../lib/api-keys.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'
import { listenApp, listenPlain, median, type Listening } from './common.js'
import { load, type LoadResult } from './load.js'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SECONDS = Number(process.env.SECONDS ?? 5)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

const gitea = await startFakeGitea()
const key = generateKey()

const LIST_REQUEST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} })
// What the MCP SDK's client sends.
const LIST_HEADERS = {
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream'
}

async function startApp (toolsets: string): Promise<Listening> {
  const app = await listenApp({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: key, MCP_TOOLSETS: toolsets })
  return { url: `${app.url}/mcp`, close: app.close }
}

/** One authenticated tools/list: the body and content type exactly as the server sends them. */
async function listOnce (url: string): Promise<{ body: Buffer, contentType: string }> {
  const response = await fetch(url, { method: 'POST', headers: LIST_HEADERS, body: LIST_REQUEST })
  if (response.status !== 200) throw new Error(`tools/list answered ${response.status}`)
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' }
}

async function measure (url: string): Promise<LoadResult> {
  return await load({ url, method: 'POST', headers: LIST_HEADERS, body: LIST_REQUEST }, CONNECTIONS, SECONDS)
}

const lines: string[] = []
for (const [label, toolsets] of [['default', ''], ['all', 'all']] as const) {
  const app = await startApp(toolsets)
  const { body, contentType } = await listOnce(app.url)
  const tools = (JSON.parse(body.toString('utf8').replace(/^(event: message\n)?data: /, '')) as { result: { tools: unknown[] } }).result.tools.length
  const plain = await listenPlain(body, contentType)
  const server: LoadResult[] = []
  const baseline: LoadResult[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    baseline.push(await measure(plain.url))
    server.push(await measure(app.url))
    const [b, s] = [baseline.at(-1) as LoadResult, server.at(-1) as LoadResult]
    process.stdout.write(`${label} round ${round}: node:http ${b.rps.toFixed(0)} req/s ${(b.cpuMs * 1000).toFixed(0)} µs CPU, server ${s.rps.toFixed(0)} req/s ${(s.cpuMs * 1000).toFixed(0)} µs CPU\n`)
  }
  await plain.close()
  await app.close()
  const rps = (runs: LoadResult[]): number => median(runs.map(run => run.rps))
  // CPU per answer: the least of the rounds (other work on the machine only ever adds to it).
  const cpu = (runs: LoadResult[]): number => Math.min(...runs.map(run => run.cpuMs)) * 1000
  lines.push(`${label} (${tools} tools, ${body.length} bytes, ${contentType}): node:http ${rps(baseline).toFixed(0)} req/s, ${cpu(baseline).toFixed(0)} µs CPU an answer; ` +
    `authenticated tools/list ${rps(server).toFixed(0)} req/s, ${cpu(server).toFixed(0)} µs; ratio ${(rps(server) / rps(baseline)).toFixed(3)} (req/s, medians), ${(cpu(baseline) / cpu(server)).toFixed(3)} (CPU, least)`)
}
await gitea.close()

process.stdout.write(`\n${CONNECTIONS} connections (autocannon in a child process), ${ROUNDS} x ${SECONDS} s per server, medians:\n`)
for (const line of lines) process.stdout.write(`  ${line}\n`)

// What this benchmark gave before and after issue 13, for comparison with the run above.
const MEASURED = [
  'before: 20 tools, 70,983 bytes (SSE; 70,960 as JSON); node:http 1092 req/s, authenticated tools/list 61 req/s, ratio 0.056 (JSON: 717 vs 33, 0.047)',
  'after:  20 tools, 22,898 bytes (SSE); node:http 4256 req/s, authenticated tools/list 1105 req/s, ratio 0.260 (all: 4601 vs 1235, 0.268)',
  'an authenticated GET /mcp (405, no body) reached 0.29 of node:http answering an empty 405 in the same run: the rest is the',
  'per-request work every authenticated request does (bearer check, audit line, security headers), not the list',
  'issue 13, second round (tools/call and tools/list share the plain-request check; helmet unchanged), quiet machine,',
  '  ROUNDS=2 SECONDS=3: default (21 tools, 23,918 bytes) 0.436, all (28 tools, 30,287 bytes) 0.262',
  '  (autocannon on the servers\' thread until then: its ~35 µs an answer on both sides make a true 0.28 read as 0.44)',
  'issue 13, third round (autocannon in a child process; @fastify/helmet asked once at start; audit lines formatted',
  '  without pino (since put back: pino writes them); tools/list answers kept by id), before and after in one process,',
  '  rounds alternating, 6 x 3 s, load ~10:',
  '  default: node:http 32 µs CPU an answer; before 200 µs (0.160), after 149 µs (0.215); req/s ratio 0.237 -> 0.310',
  '  all:     node:http 37 µs CPU an answer; before 200 µs (0.186), after 159 µs (0.234); req/s ratio 0.247 -> 0.324',
  '  default again: node:http 37 µs; before 229 µs (0.162), after 164 µs (0.225); req/s ratio 0.271 -> 0.375',
  '  default, rate limit on (never reached): node:http 35 µs; before 234 µs (0.150), after 183 µs (0.192); req/s 0.173 -> 0.212',
  '  a bare Fastify route with the same bytes reaches ~0.7 of node:http by CPU: npm run bench:request-cost',
  'quiet machine, ROUNDS=3 SECONDS=3, audit lines written by pino again: default 0.296 (req/s), 0.245 (CPU; 3484 vs 11785/s);',
  '  all 0.364, 0.321',
  'after issue 13\'s fifth round (no pino redact on audit lines), two runs: default 0.440, 0.399 (req/s), 0.301, 0.303 (CPU);',
  '  all 0.422 (req/s), 0.275 (CPU)'
]
process.stdout.write('\nMeasured on the project machine (2 cores, loaded), 50 connections:\n')
for (const line of MEASURED) process.stdout.write(`  ${line}\n`)
