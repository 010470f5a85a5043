/**
 * What authentication costs: requests per second to two authenticated routes
 * that never call Gitea, with AUTH_ENABLED=true and a valid key, against the
 * same routes with AUTH_ENABLED=false, in one run: GET /mcp/tools (the tool
 * list, a large body) and GET /mcp (405, the smallest answer, where the auth
 * hooks weigh most). Rounds alternate so machine noise hits both alike.
 *
 *   npm run bench:auth                      # 5 rounds of 5 s each
 *   ROUNDS=3 SECONDS=3 npm run bench:auth
 */
import autocannon from 'autocannon'
import { generateKey } from '../lib/api-keys.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'
import { listenApp, median, type Listening } from './common.js'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SECONDS = Number(process.env.SECONDS ?? 5)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

const gitea = await startFakeGitea()
const key = generateKey()

async function start (authEnabled: boolean): Promise<Listening> {
  return await listenApp({ GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, AUTH_ENABLED: String(authEnabled), MCP_API_KEYS: authEnabled ? key : '' })
}

const ROUTES = [
  { path: '/mcp/tools', status: '2xx' },
  { path: '/mcp', status: '4xx' } // 405 Allow: POST, after authentication
] as const

async function measure (url: string, headers: Record<string, string>, status: '2xx' | '4xx'): Promise<number> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS })
  const expected = result[status]
  if (result.errors > 0 || expected !== result.requests.total) throw new Error(`${result.requests.total - expected} answers other than ${status}, ${result.errors} errors from ${url}`)
  return result.requests.average
}

const withAuth = await start(true)
const withoutAuth = await start(false)
const lines: string[] = []
for (const route of ROUTES) {
  const on: number[] = []
  const off: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    off.push(await measure(withoutAuth.url + route.path, {}, route.status))
    on.push(await measure(withAuth.url + route.path, { authorization: `Bearer ${key}` }, route.status))
    process.stdout.write(`GET ${route.path} round ${round}: auth off ${off.at(-1)?.toFixed(0)} req/s, auth on ${on.at(-1)?.toFixed(0)} req/s\n`)
  }
  const ratio = median(on) / median(off)
  lines.push(`GET ${route.path}: AUTH_ENABLED=false ${median(off).toFixed(0)} req/s (baseline), AUTH_ENABLED=true ${median(on).toFixed(0)} req/s, ratio ${ratio.toFixed(3)}`)
}
await withAuth.close()
await withoutAuth.close()
await gitea.close()

process.stdout.write(`\n${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s per route and setting, medians:\n`)
for (const line of lines) process.stdout.write(`  ${line}\n`)
