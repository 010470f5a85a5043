import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type ServerOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyLoggerOptions, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { pino, type DestinationStream, type LoggerOptions as PinoLoggerOptions } from 'pino'
import type { AppConfig } from './lib/config.js'
import type { Clock, FailureStore } from './lib/failure-limiter.js'
import type { GiteaClient } from './lib/gitea/types.js'
import { errorBody } from './lib/errors.js'
import alertsPlugin, { type AlertsPluginOptions } from './plugins/alerts.js'
import auditPlugin from './plugins/audit.js'
import clientIpPlugin from './plugins/client-ip.js'
import configPlugin from './plugins/config.js'
import errorsPlugin from './plugins/errors.js'
import helmetPlugin from './plugins/external/helmet.js'
import gracefulClose from './plugins/graceful-close.js'
import { createFailureStore } from './plugins/failure-limiter.js'
import keyringPlugin from './plugins/keyring.js'
import metricsPlugin from './plugins/metrics.js'
import type { OAuthPluginOptions } from './plugins/oauth.js'
import readinessPlugin from './plugins/readiness.js'
import stateStorePlugin from './plugins/state-store.js'
import requestIdPlugin, { requestIdOf } from './plugins/request-id.js'
import signalsPlugin from './plugins/signals.js'
import healthRoutes from './routes/health.js'
import mcpScope from './routes/mcp/index.js'
import rootRoutes from './routes/root.js'

export interface BuildAppOptions {
  config: AppConfig
  /** Fastify's logger option; defaults to JSON lines at LOG_LEVEL on stdout. */
  logger?: FastifyServerOptions['logger']
  /** For tests: receives audit lines instead of AUDIT_LOG_PATH. */
  auditStream?: DestinationStream
  /** For tests: a Gitea client instead of one built from GITEA_URL. */
  gitea?: GiteaClient
  failureStore?: FailureStore
  clock?: Clock
  /** For tests: the alerts' clock and delivery timeout. */
  alerts?: AlertsPluginOptions
  /** For tests: the OAuth store's clock, the access token TTL, and a fetch for client id metadata documents. */
  oauth?: OAuthPluginOptions
}

/** Request headers a caller may put a secret in; never logged, wherever a line carries headers. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']

/** Paths no application log may contain. */
export const LOG_REDACT = [
  'authorization',
  ...SECRET_HEADERS.flatMap(name => [`headers["${name}"]`, `*.headers["${name}"]`, `req.headers["${name}"]`])
]

/** A URL as logged: the path only. A query string's values (and names, which may be a bare key) never reach a log. */
export function pathForLog (url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** Replaces every query string in free text (a message, an error) with a placeholder. */
function withoutQueries (text: string): string {
  return text.replace(/\?[^\s"'`]*/g, match => match === '?' ? match : '?[query removed]')
}

/**
 * The application logger's options, shared by bin/ and the tests (so the tests
 * prove what production logs). `destination` is for tests.
 */
export function loggerOptions (config: AppConfig, destination?: DestinationStream): FastifyLoggerOptions & PinoLoggerOptions & { stream?: DestinationStream } {
  return {
    level: config.logLevel,
    redact: { paths: LOG_REDACT, censor: '[REDACTED]' },
    serializers: {
      // Fastify's default, with the path instead of the URL: `incoming request` lines carried query strings.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: pathForLog(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort
      }),
      err: (error: Error) => {
        const serialized = pino.stdSerializers.err(error)
        serialized.message = withoutQueries(serialized.message)
        serialized.stack = withoutQueries(serialized.stack)
        return serialized
      }
    },
    hooks: {
      // Fastify's own messages name the URL ("Reply was already sent … in the "/x?key=…" route").
      logMethod (args, method) {
        method.apply(this, args.map(arg => typeof arg === 'string' ? withoutQueries(arg) : arg) as Parameters<typeof method>)
      }
    },
    ...(destination === undefined ? {} : { stream: destination })
  }
}

/**
 * Traefik keeps an idle connection to a backend for 90 s (serversTransport
 * idleConnTimeout, its default). The server keeps one longer, so the proxy is
 * always the side that closes it: were the server first, the proxy could send
 * a request on a connection being closed and answer its client 502.
 */
const KEEP_ALIVE_TIMEOUT_MS = 95_000

type ServerTimeouts = Required<Pick<FastifyServerOptions, 'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout'>> & { http: ServerOptions }

/** How long a client may take, from the configuration; documented in the README ("Limits and timeouts"). */
export function serverTimeouts (config: AppConfig): ServerTimeouts {
  const requestTimeout = config.server.clientRequestTimeoutMs
  return {
    // CLIENT_REQUEST_TIMEOUT_SECONDS: the whole request, headers and body. A client that trickles is cut (408).
    requestTimeout,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // A connection with no byte either way for this long is dead: a client that stopped reading its
    // answer, or vanished. Far above any legitimate silence: several Gitea calls in a row, or the
    // legacy SSE stream's 25 s keepalive.
    connectionTimeout: Math.max(300_000, 4 * config.gitea.timeoutMs),
    http: {
      // Node checks them at createServer (headers <= request), before Fastify sets requestTimeout.
      requestTimeout,
      // Headers get the same budget: one number for operators, and a slow header is cut like a slow body.
      headersTimeout: requestTimeout,
      // Node enforces both only when it checks, every 30 s by default: with a 1 s limit a client would get 30.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeout / 4))
    }
  }
}

const CLIENT_ERRORS: Record<string, { status: number, code: string, message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request was not sent in full within CLIENT_REQUEST_TIMEOUT_SECONDS; send it again.' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' }
}

/** A malformed or too slow request, answered in the service's error shape (with a request id) before the connection closes. */
function answerClientError (this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const known = CLIENT_ERRORS[error.code ?? '']
  const { status, code, message } = known ?? { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' }
  const requestId = randomUUID()
  this.log.debug({ err: error, request_id: requestId, status }, 'client error')
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = JSON.stringify(errorBody(code, message, requestId))
  // Destroyed once written out: the server keeps connections half-open, and this client may never end its side.
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`, () => { socket.destroy() })
}

/**
 * Builds the whole service without listening: bin/ listens, tests inject.
 * Public routes (/, /health, /ready) sit beside the /mcp scope, which holds
 * the lockout, authentication, rate limit and the Gitea tools; the public
 * scope sees Gitea only through the readiness probe.
 */
export async function buildApp (options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    genReqId: requestIdOf,
    // Only listed proxies' X-Forwarded-For is believed; never `true`, which lets any client pick its IP.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    bodyLimit: 1_048_576,
    // Bodies are taken as sent: a wrong type or an unknown property is a 400, not silently fixed.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    return503OnClosing: true,
    ...serverTimeouts(config),
    clientErrorHandler: answerClientError
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(configPlugin, { config })
  await app.register(clientIpPlugin)
  await app.register(auditPlugin, { stream: options.auditStream })
  await app.register(signalsPlugin)
  await app.register(metricsPlugin)
  await app.register(alertsPlugin, options.alerts ?? {})
  await app.register(keyringPlugin)
  await app.register(requestIdPlugin)
  await app.register(gracefulClose)
  await app.register(helmetPlugin)
  await app.register(errorsPlugin)
  await app.register(stateStorePlugin)
  await app.register(readinessPlugin, { gitea: options.gitea })

  // One failure store for every place a key is presented (bearer at /mcp, the OAuth sign-in page).
  const failureStore = options.failureStore ?? createFailureStore(app, options.clock)
  // The authorization server is loaded only when it is used.
  const oauth = config.oauth.enabled
    ? { plugin: (await import('./plugins/oauth.js')).default, routes: (await import('./routes/oauth/index.js')).default }
    : null
  if (oauth !== null) await app.register(oauth.plugin, options.oauth ?? {})

  await app.register(rootRoutes)
  await app.register(healthRoutes)
  if (oauth !== null) await app.register(oauth.routes, { failureStore })
  await app.register(mcpScope, {
    prefix: '/mcp',
    gitea: options.gitea,
    failureStore,
    clock: options.clock
  })
  return app
}
