/**
 * Where the per-request cost of an authenticated `tools/list` goes: the same
 * bytes (the default toolsets' list, as SSE) answered to the same POST by
 * servers that add one layer at a time, from plain node:http to the whole app,
 * each measured against node:http in the same round. The first stages are
 * built here from the app's own plugins in buildApp's order (keep them in step
 * with app.ts and routes/mcp/index.ts); the `app` stages are buildApp itself.
 *
 * autocannon runs in a child process (bench/load.ts says why), so two figures
 * per stage: answers a second, and this process's CPU time per answer (the
 * server's alone). The ratio of CPU per answer, node:http's to the stage's, is
 * what the stage's answers a second would reach on a core of its own; it
 * moves far less with other work on the machine than answers a second do.
 *
 *   npm run bench:request-cost                    # 5 rounds of 2 s per stage
 *   ROUNDS=3 SECONDS=3 npm run bench:request-cost
 *   STAGE=app node --cpu-prof --import tsx bench/request-cost.ts   # one stage only, for a profile
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loggerOptions, serverTimeouts } from '../app.js'
import { generateKey } from '../lib/api-keys.js'
import { loadConfig, type AppConfig } from '../lib/config.js'
import alertsPlugin from '../plugins/alerts.js'
import auditPlugin from '../plugins/audit.js'
import authPlugin from '../plugins/auth.js'
import clientIpPlugin from '../plugins/client-ip.js'
import configPlugin from '../plugins/config.js'
import errorsPlugin from '../plugins/errors.js'
import helmetPlugin from '../plugins/external/helmet.js'
import failureLimiterPlugin from '../plugins/failure-limiter.js'
import gracefulClose from '../plugins/graceful-close.js'
import hostOriginPlugin from '../plugins/host-origin.js'
import keyringPlugin from '../plugins/keyring.js'
import metricsPlugin from '../plugins/metrics.js'
import readinessPlugin from '../plugins/readiness.js'
import requestIdPlugin, { requestIdOf } from '../plugins/request-id.js'
import signalsPlugin from '../plugins/signals.js'
import stateStorePlugin from '../plugins/state-store.js'
import { startFakeGitea } from '../test/fake-gitea/server.js'
import { baseUrlOf, listenApp, listenPlain, median, type Listening } from './common.js'
import { load, type LoadResult } from './load.js'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SECONDS = Number(process.env.SECONDS ?? 2)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)
const ONLY_STAGE = process.env.STAGE

const gitea = await startFakeGitea()
const key = generateKey()
const logs = mkdtempSync(join(tmpdir(), 'aegis-request-cost-'))
const env = { GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, MCP_API_KEYS: key, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' }
let configs = 0
const configFor = (extra: Record<string, string> = {}): AppConfig => loadConfig({ ...env, AUDIT_LOG_PATH: join(logs, `audit-${++configs}.log`), ...extra })

const LIST_REQUEST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} })
const LIST_HEADERS = { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }

// The bytes every stage answers: what the app itself answers.
const reference = await listenApp(env)
const answer = await fetch(`${reference.url}/mcp`, { method: 'POST', headers: LIST_HEADERS, body: LIST_REQUEST })
const BODY = Buffer.from(await answer.arrayBuffer())
const CONTENT_TYPE = answer.headers.get('content-type') ?? ''
await reference.close()

/** POST /mcp answering BODY, as the real route sends it (reply.type + send of a Buffer). */
const listRoute: FastifyPluginAsync = async (scope) => {
  scope.post('/', async (_request, reply) => await reply.type(CONTENT_TYPE).send(BODY))
}

type Layer = 'options' | 'root' | 'helmet' | 'scope' | 'auth'
const LAYERS: Layer[] = ['options', 'root', 'helmet', 'scope', 'auth']

/** Fastify with the app's layers up to and including `upTo` (none: Fastify's defaults and the route). */
async function fastifyWith (upTo: Layer | null): Promise<Listening> {
  const has = (layer: Layer): boolean => upTo !== null && LAYERS.indexOf(layer) <= LAYERS.indexOf(upTo)
  const config = configFor()
  const app: FastifyInstance = has('options')
    ? Fastify({ logger: loggerOptions(config), genReqId: requestIdOf, trustProxy: false, bodyLimit: 1_048_576, return503OnClosing: true, ...serverTimeouts(config) })
    : Fastify()
  if (has('root')) {
    await app.register(configPlugin, { config })
    await app.register(clientIpPlugin)
    await app.register(auditPlugin)
    await app.register(signalsPlugin)
    await app.register(metricsPlugin)
    await app.register(alertsPlugin, {})
    await app.register(keyringPlugin)
    await app.register(requestIdPlugin)
    await app.register(gracefulClose)
    if (has('helmet')) await app.register(helmetPlugin)
    await app.register(errorsPlugin)
    await app.register(stateStorePlugin)
    await app.register(readinessPlugin, {})
  }
  await app.register(async (scope) => {
    if (has('scope')) {
      scope.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store') })
      await scope.register(failureLimiterPlugin)
      await scope.register(hostOriginPlugin)
    }
    if (has('auth')) await scope.register(authPlugin)
    await scope.register(listRoute)
  }, { prefix: '/mcp' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: baseUrlOf(app.server), close: async () => { await app.close() } }
}

interface Stage { name: string, label: string, start: () => Promise<Listening> }
const STAGES: Stage[] = [
  { name: 'fastify', label: 'Fastify, defaults (no logger), one route sending the bytes', start: async () => await fastifyWith(null) },
  { name: 'options', label: '+ the app\'s Fastify options (pino logger at warn, request id, timeouts)', start: async () => await fastifyWith('options') },
  { name: 'root', label: '+ root plugins without helmet (client ip, audit, signals, keyring, request id echo, graceful close, errors)', start: async () => await fastifyWith('root') },
  { name: 'helmet', label: '+ @fastify/helmet', start: async () => await fastifyWith('helmet') },
  { name: 'scope', label: '+ /mcp scope: cache-control, lockout check, Host/Origin check', start: async () => await fastifyWith('scope') },
  { name: 'auth', label: '+ bearer check and its auth_success audit line', start: async () => await fastifyWith('auth') },
  { name: 'app', label: 'the app (buildApp): + tools plugin and the real route (tools/list fast path)', start: async () => await listenApp(env) },
  { name: 'app-rate-limit', label: 'the app with RATE_LIMIT_PER_MINUTE on (never reached)', start: async () => await listenApp({ ...env, RATE_LIMIT_PER_MINUTE: '1000000' }) },
  { name: 'app-metrics', label: 'the app with METRICS_PORT set (request counter and histogram per answer)', start: async () => await listenApp({ ...env, METRICS_PORT: '9' }) }
]

async function measure (url: string): Promise<LoadResult> {
  return await load({ url: `${url}/mcp`, method: 'POST', headers: LIST_HEADERS, body: LIST_REQUEST }, CONNECTIONS, SECONDS)
}

const out = (line: string): void => { process.stdout.write(`${line}\n`) }
const stages = ONLY_STAGE === undefined ? STAGES : STAGES.filter(stage => stage.name === ONLY_STAGE)
if (stages.length === 0) throw new Error(`STAGE=${String(ONLY_STAGE)}: no such stage (${STAGES.map(s => s.name).join(', ')})`)

const plain = await listenPlain(BODY, CONTENT_TYPE)
const baseline: LoadResult[] = []
const figures = new Map<string, Array<{ rps: number, cpu: number, cpuMs: number }>>()
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const stage of stages) {
      // node:http before each stage, so each ratio compares two measurements seconds apart.
      const base = await measure(plain.url)
      const server = await stage.start()
      let result: LoadResult
      try {
        result = await measure(server.url)
      } finally {
        await server.close()
      }
      baseline.push(base)
      const ratios = { rps: result.rps / base.rps, cpu: base.cpuMs / result.cpuMs, cpuMs: result.cpuMs }
      figures.set(stage.name, [...(figures.get(stage.name) ?? []), ratios])
      out(`round ${round} ${stage.name}: node:http ${base.rps.toFixed(0)} req/s ${(base.cpuMs * 1000).toFixed(0)} µs CPU, ` +
        `stage ${result.rps.toFixed(0)} req/s ${(result.cpuMs * 1000).toFixed(0)} µs CPU; ratios ${ratios.rps.toFixed(3)} (req/s), ${ratios.cpu.toFixed(3)} (CPU)`)
    }
  }
} finally {
  await plain.close()
  await gitea.close()
}

// CPU per answer: the least of the rounds. Other work on the machine only ever adds to it (shared
// caches and cores, the kernel's share of a socket write), so the least is the least disturbed.
const least = (values: number[]): number => Math.min(...values)
const baseCpu = least(baseline.map(b => b.cpuMs)) * 1000
const cpuOf = (name: string): number => least((figures.get(name) ?? []).map(r => r.cpuMs)) * 1000
out(`\nPOST /mcp tools/list (${BODY.length} bytes, ${CONTENT_TYPE}), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s.`)
out(`node:http: ${median(baseline.map(b => b.rps)).toFixed(0)} req/s (median), ${baseCpu.toFixed(0)} µs CPU per answer (least). Per stage: ratio to node:http by`)
out('req/s (median of the rounds\' ratios) and by CPU per answer (least over least); CPU per answer and what the layer adds:')
let previous = baseCpu
for (const stage of stages) {
  const runs = figures.get(stage.name) ?? []
  const cpu = cpuOf(stage.name)
  // The last stages are the app with one option more: compared with the app.
  const variant = stage.name.startsWith('app-')
  const added = cpu - (variant ? cpuOf('app') : previous)
  out(`  ${median(runs.map(r => r.rps)).toFixed(3)}  ${(baseCpu / cpu).toFixed(3)}  ${cpu.toFixed(0).padStart(4)} µs (${variant ? 'vs app' : 'added'} ${added >= 0 ? '+' : ''}${added.toFixed(0)})  ${stage.label}`)
  if (!variant) previous = cpu
}
