#!/usr/bin/env node
import closeWithGrace from 'close-with-grace'
import { buildApp } from '../app.js'
import { ConfigError, EXIT_CONFIG, loadConfig, readEnvironment } from '../lib/config.js'

let config
try {
  config = loadConfig(readEnvironment(process.env, process.cwd()))
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  for (const problem of error.problems) process.stderr.write(`aegis-gitea-mcp: config: ${problem}\n`)
  process.stderr.write('aegis-gitea-mcp: see .env.example for every variable and its default\n')
  process.exit(EXIT_CONFIG)
}

const app = await buildApp({ config })
const { auth } = config
if (auth.enabled) {
  app.log.info({ auth: 'on', keys: auth.keys.length, max_auth_failures: auth.maxFailures, auth_failure_window_seconds: auth.failureWindowSeconds, rate_limit_per_minute: auth.rateLimitPerMinute, keys_file: auth.keysFile }, 'authentication is on')
} else {
  app.log.warn('!!! AUTHENTICATION IS DISABLED (AUTH_ENABLED=false): anyone who can reach this server can read everything GITEA_TOKEN can read. Use this only on a trusted network. !!!')
}

// SIGHUP: re-read MCP_API_KEYS_FILE (the old keys stay if it is invalid) and
// reopen the audit log (after logrotate moved it). The server keeps serving.
process.on('SIGHUP', () => {
  try {
    app.audit.reopen()
  } catch (error) {
    app.log.error({ err: error }, 'cannot reopen the audit log')
  }
  app.keyring.reload('signal').catch((error: unknown) => { app.log.error({ err: error }, 'reloading the keys failed') })
})

// SIGTERM/SIGINT: stop accepting, let in-flight requests finish, flush the audit log (onClose).
closeWithGrace({ delay: 10_000, skip: ['SIGHUP'] }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
})

try {
  await app.listen({ host: config.server.host, port: config.server.port })
} catch (error) {
  app.log.fatal({ err: error }, `cannot listen on ${config.server.host}:${config.server.port}`)
  await app.close()
  process.exit(1)
}

// Gitea's version, asked once: one warning line when it is older than this server supports.
// Not awaited: a Gitea that is down at start-up is /ready's to report, and is asked again there.
app.giteaVersion.check().catch(() => {})

// Prometheus metrics: a listener of their own (METRICS_PORT), never the public port.
if (app.metrics !== null && config.metrics !== null) {
  const { host, port } = config.metrics
  try {
    await app.metrics.listen({ host, port })
    app.log.info({ metrics_host: host, metrics_port: port }, `Prometheus metrics at http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`)
  } catch (error) {
    app.log.fatal({ err: error }, `cannot listen for metrics on ${host}:${port}`)
    await app.close()
    process.exit(1)
  }
}
// The webhook's path is its credential: only its host is logged.
if (config.alerts !== null) app.log.info({ webhook_host: new URL(config.alerts.webhookUrl).host }, 'alerts go to the webhook in ALERT_WEBHOOK_URL')
