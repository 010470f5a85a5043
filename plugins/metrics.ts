import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { listTools } from '../lib/tools/registry.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry and its listener; null when METRICS_PORT is unset. */
    metrics: Metrics | null
  }
}

export interface Metrics {
  registry: Registry
  /** Starts the /metrics listener (bin/ with METRICS_HOST:METRICS_PORT; tests with port 0). Closed with the app. */
  listen: (options: { host: string, port: number }) => Promise<AddressInfo>
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/** The label of a request that matched no route: never its URL, which the client chose. */
const UNMATCHED = 'unmatched'

/**
 * Prometheus metrics, in a registry of this app's own (tests build many apps
 * in one process), fed by the app's signals and its request hooks. Served by a
 * small listener of its own, never by the public router: GET /metrics on
 * MCP_PORT is a 404 like any unknown path.
 */
export default fp(async function metricsPlugin (app) {
  const settings = app.config.metrics
  if (settings === null) {
    app.decorate('metrics', null)
    return
  }
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const m = defineMetrics(registry)
  // A caller names the tool: an unknown name is counted as `unknown`, so no client can grow the label set.
  const knownTools = new Set(listTools().map(tool => tool.name))

  app.signals.on('audit', ({ event, fields }) => {
    switch (event) {
      case 'auth_success': m.authAttempts.inc({ outcome: 'success', reason: 'none' }); break
      case 'auth_failure': m.authAttempts.inc({ outcome: 'failure', reason: String(fields.reason) }); break
      case 'auth_lockout': m.lockouts.inc(); break
      case 'repo_denied': m.repoDenied.inc(); break
      case 'tool_call': {
        const tool = knownTools.has(String(fields.tool)) ? String(fields.tool) : 'unknown'
        m.toolCalls.inc({ tool, outcome: String(fields.outcome) })
        if (typeof fields.duration_ms === 'number') m.toolDuration.observe({ tool }, fields.duration_ms / 1000)
        break
      }
    }
  })
  app.signals.on('gitea', ({ durationMs, outcome }) => {
    m.giteaDuration.observe({ outcome }, durationMs / 1000)
    if (outcome !== 'ok') m.giteaErrors.inc({ code: outcome })
  })
  app.signals.on('codeCache', result => { m.codeCache.inc({ result }) })
  app.signals.on('alertDelivery', result => { m.alertDeliveries.inc({ result }) })
  const storeUp = ({ store, up }: { store: string, up: boolean }): void => { m.stateStoreUp.set({ store }, up ? 1 : 0) }
  app.signals.storeHealth().forEach(storeUp)
  app.signals.on('storeHealth', storeUp)

  // Refusals are errors the scope throws; their codes say which.
  app.addHook('onError', async (_request, _reply, error: Error & { code?: string }) => {
    if (error.code === 'AGM_RATE_LIMITED') m.rateLimited.inc()
    else if (error.code === 'AGM_TOO_MANY_AUTH_FAILURES') m.blocked.inc()
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED }
    m.httpRequests.inc({ ...labels, status: String(reply.statusCode) })
    m.httpDuration.observe(labels, reply.elapsedTime / 1000)
  })

  let server: Server | null = null
  app.decorate('metrics', {
    registry,
    async listen ({ host, port }) {
      if (server !== null) throw new Error('the metrics listener is already started')
      server = createMetricsServer(registry, error => { app.log.error({ err: error }, 'metrics scrape failed') })
      const listening = server
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject)
        listening.listen({ host, port }, () => { listening.off('error', reject); resolve() })
      })
      return listening.address() as AddressInfo
    }
  } satisfies Metrics)
  app.addHook('onClose', async () => {
    if (server === null) return
    const closing = server
    server = null
    await new Promise<void>(resolve => {
      closing.close(() => { resolve() })
      closing.closeAllConnections()
    })
  })
}, { fastify: '5.x', name: 'metrics', dependencies: ['config', 'signals'] })

/** GET (or HEAD) /metrics and nothing else: everything else is a plain 404. */
function createMetricsServer (registry: Registry, onError: (error: unknown) => void): Server {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?', 1)[0]
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at GET /metrics\n')
      return
    }
    registry.metrics().then(text => {
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' })
      response.end(request.method === 'HEAD' ? undefined : text)
    }, (error: unknown) => {
      onError(error)
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n')
    })
  })
  // A scrape is one short request: no reason to hold idle connections long.
  server.requestTimeout = 10_000
  server.headersTimeout = 10_000
  server.keepAliveTimeout = 5_000
  return server
}

// Every name is documented in the README ("Metrics and alerts") and used by docs/grafana-dashboard.json.
function defineMetrics (registry: Registry) {
  const registers = [registry]
  return {
    httpRequests: new Counter({ name: 'aegis_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers }),
    httpDuration: new Histogram({ name: 'aegis_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern', labelNames: ['method', 'route'] as const, buckets: SECONDS_BUCKETS, registers }),
    authAttempts: new Counter({ name: 'aegis_auth_attempts_total', help: 'Authentications on /mcp*, by outcome (success, failure) and failure reason', labelNames: ['outcome', 'reason'] as const, registers }),
    lockouts: new Counter({ name: 'aegis_auth_lockouts_total', help: 'Client addresses locked out after MAX_AUTH_FAILURES failures', registers }),
    blocked: new Counter({ name: 'aegis_auth_blocked_requests_total', help: 'Requests refused (429) because their address is locked out', registers }),
    rateLimited: new Counter({ name: 'aegis_rate_limited_requests_total', help: 'Requests refused (429) by the per-key RATE_LIMIT_PER_MINUTE', registers }),
    repoDenied: new Counter({ name: 'aegis_repo_denied_total', help: 'Tool calls that asked for a repository outside REPO_ALLOWLIST or the repos of the key', registers }),
    toolCalls: new Counter({ name: 'aegis_tool_calls_total', help: 'Tool calls, by tool and outcome (ok, error)', labelNames: ['tool', 'outcome'] as const, registers }),
    toolDuration: new Histogram({ name: 'aegis_tool_call_duration_seconds', help: 'Time a tool call took, Gitea calls included, by tool', labelNames: ['tool'] as const, buckets: SECONDS_BUCKETS, registers }),
    giteaDuration: new Histogram({ name: 'aegis_gitea_request_duration_seconds', help: 'Time of one request to Gitea (retry included), by outcome (ok or the error code)', labelNames: ['outcome'] as const, buckets: SECONDS_BUCKETS, registers }),
    giteaErrors: new Counter({ name: 'aegis_gitea_request_errors_total', help: 'Requests to Gitea that failed, by error code', labelNames: ['code'] as const, registers }),
    codeCache: new Counter({ name: 'aegis_code_search_cache_lookups_total', help: 'search_code index lookups, by result (hit, miss)', labelNames: ['result'] as const, registers }),
    alertDeliveries: new Counter({ name: 'aegis_alert_deliveries_total', help: 'Alert messages handed to ALERT_WEBHOOK_URL, by result (delivered, failed)', labelNames: ['result'] as const, registers }),
    stateStoreUp: new Gauge({ name: 'aegis_state_store_up', help: '1 when the state store (lockout, limits) is usable, 0 when not, by store', labelNames: ['store'] as const, registers })
  }
}
