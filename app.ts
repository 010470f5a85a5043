import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'
import type { AppConfig } from './lib/config.js'
import type { Clock, FailureStore } from './lib/failure-limiter.js'
import type { GiteaClient } from './lib/gitea/types.js'
import auditPlugin from './plugins/audit.js'
import clientIpPlugin from './plugins/client-ip.js'
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

/** Paths no application log may contain. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization']

/**
 * Builds the whole service without listening: bin/ listens, tests inject.
 * Public routes (/, /health, /ready) sit beside the /mcp scope, which holds
 * the lockout, authentication and rate limit.
 */
export async function buildApp (options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: { paths: LOG_REDACT, censor: '[REDACTED]' } },
    genReqId: requestIdOf,
    // Only listed proxies' X-Forwarded-For is believed; never `true`, which lets any client pick its IP.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    bodyLimit: 1_048_576,
    // Bodies are taken as sent: a wrong type or an unknown property is a 400, not silently fixed.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    return503OnClosing: true
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(configPlugin, { config })
  await app.register(clientIpPlugin)
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
