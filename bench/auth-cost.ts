/**
 * What authentication costs: requests per second to GET /mcp/tools (an
 * authenticated route that never calls Gitea) with AUTH_ENABLED=true and a
 * valid key, against the same route with AUTH_ENABLED=false, in one run.
 * Rounds alternate between the two so machine noise hits both alike.
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
import { startFakeGitea } from '../lib/fake-gitea/server.js'

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
  return { url: `http://127.0.0.1:${address.port}/mcp/tools`, close: async () => { await app.close() } }
}

async function measure (url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors from ${url}`)
  return result.requests.average
}

const withAuth = await start(true)
const withoutAuth = await start(false)
const on: number[] = []
const off: number[] = []
for (let round = 1; round <= ROUNDS; round++) {
  off.push(await measure(withoutAuth.url, {}))
  on.push(await measure(withAuth.url, { authorization: `Bearer ${key}` }))
  process.stdout.write(`round ${round}: auth off ${off.at(-1)?.toFixed(0)} req/s, auth on ${on.at(-1)?.toFixed(0)} req/s\n`)
}
await withAuth.close()
await withoutAuth.close()
await gitea.close()

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const ratio = median(on) / median(off)
process.stdout.write(`\nGET /mcp/tools, ${CONNECTIONS} connections, ${ROUNDS} x ${SECONDS} s each, medians:\n`)
process.stdout.write(`  AUTH_ENABLED=false  ${median(off).toFixed(0)} req/s (baseline)\n`)
process.stdout.write(`  AUTH_ENABLED=true   ${median(on).toFixed(0)} req/s\n`)
process.stdout.write(`  ratio auth/no-auth  ${ratio.toFixed(3)} (authentication costs ${((1 - ratio) * 100).toFixed(1)}% of throughput)\n`)
