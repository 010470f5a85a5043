import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyLoggerOptions, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { pino, type DestinationStream, type LoggerOptions as PinoLoggerOptions } from 'pino'
import type { AppConfig } from './lib/config.js'
import type { Clock, FailureStore } from './lib/failure-limiter.js'
import type { GiteaClient } from './lib/gitea/types.js'
import auditPlugin from './plugins/audit.js'
import configPlugin from './plugins/config.js'
import errorsPlugin from './plugins/errors.js'
import helmetPlugin from './plugins/external/helmet.js'
import giteaToolsPlugin from './plugins/gitea-tools.js'
import gracefulClose from './plugins/graceful-close.js'
import keyringPlugin from './plugins/keyring.js'
import requestIdPlugin, { requestIdOf } from './plugins/request-id.js'
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
 * Builds the whole service without listening: bin/ listens, tests inject.
 * Public routes (/, /health, /ready) sit beside the /mcp scope, which holds
 * the lockout, authentication and rate limit.
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
    return503OnClosing: true
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(configPlugin, { config })
  await app.register(auditPlugin, { stream: options.auditStream })
  await app.register(keyringPlugin)
  await app.register(requestIdPlugin)
  await app.register(gracefulClose)
  await app.register(helmetPlugin)
  await app.register(errorsPlugin)
  await app.register(giteaToolsPlugin, { gitea: options.gitea })

  await app.register(rootRoutes)
  await app.register(healthRoutes)
  await app.register(mcpScope, {
    prefix: '/mcp',
    failureStore: options.failureStore,
    clock: options.clock
  })
  return app
}
