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
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../app.js'
import { generateKey } from '../lib/api-keys.js'
import { loadConfig } from '../lib/config.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SECONDS = Number(process.env.SECONDS ?? 5)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

const gitea = await startFakeGitea()
const key = generateKey()
const logs = mkdtempSync(join(tmpdir(), 'aegis-bench-'))

async function start (authEnabled: boolean): Promise<{ url: string, close: () => Promise<void> }> {
  const config = loadConfig({
    GITEA_URL: gitea.url,
    GITEA_TOKEN: gitea.token,
    AUTH_ENABLED: String(authEnabled),
    MCP_API_KEYS: authEnabled ? key : '',
    RATE_LIMIT_PER_MINUTE: '0',
    AUDIT_LOG_PATH: join(logs, `audit-${String(authEnabled)}.log`),
    LOG_LEVEL: 'warn'
  })
  const app = await buildApp({ config })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { url: `http://127.0.0.1:${address.port}`, close: async () => { await app.close() } }
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
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
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
