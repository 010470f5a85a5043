import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createAuditLog, NO_REQUEST, type AuditLog, type AuditRequest } from '../lib/audit-log.js'
import type { DestinationStream } from 'pino'
import { APP_NAME, APP_VERSION } from '../lib/app-info.js'

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog
  }
}

/** The request fields of an audit record. The path never carries its query string (it may hold ids). */
export function auditRequest (request: FastifyRequest): AuditRequest {
  const userAgent = request.headers['user-agent']
  return {
    request_id: request.id,
    client_ip: request.clientIp,
    user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    method: request.method,
    path: request.url.split('?', 1)[0] ?? request.url
  }
}

export interface AuditPluginOptions {
  /** For tests: receives the JSON lines instead of AUDIT_LOG_PATH. */
  stream?: DestinationStream
}

/** The audit log: one JSON line per authentication attempt, tool call, start and stop. */
export default fp<AuditPluginOptions>(async function auditPlugin (app, options) {
  const audit = createAuditLog({
    path: app.config.auditLogPath,
    stream: options.stream,
    warn: (message, details) => { app.log.warn(details, message) }
  })
  app.decorate('audit', audit)

  const summary = (): Record<string, unknown> => ({
    version: APP_VERSION,
    service: APP_NAME,
    auth_enabled: app.config.auth.enabled,
    // The keyring (registered later) knows reloads of MCP_API_KEYS_FILE; the config only the start.
    key_count: app.hasDecorator('keyring') ? app.keyring.current().size : app.config.auth.keys.length,
    gitea_host: new URL(app.config.gitea.url).host
  })

  app.addHook('onListen', async () => {
    audit.record('server_start', 'info', NO_REQUEST, summary())
    if (!app.config.auth.enabled) {
      audit.record('auth_disabled', 'high', NO_REQUEST, { message: 'AUTH_ENABLED=false: every request to /mcp is let in without a key' })
    }
  })
  app.addHook('onClose', async () => {
    audit.record('server_stop', 'info', NO_REQUEST, summary())
    audit.flush()
  })
}, { fastify: '5.x', name: 'audit', dependencies: ['config', 'client-ip'] })
