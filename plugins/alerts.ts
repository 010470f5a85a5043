import { hostname } from 'node:os'
import fp from 'fastify-plugin'
import { createAlertMonitor, type AlertMonitor } from '../lib/alerts/monitor.js'
import { createWebhookSender, type WebhookSender } from '../lib/alerts/webhook.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Alerts to ALERT_WEBHOOK_URL; without it every method does nothing, so callers need not check. */
    alerts: Alerts
  }
}

export interface Alerts {
  /** Any other alert (`kind`: short snake_case), rate-limited per kind like the built-in ones. Never put a secret in `text`. */
  notify: (kind: string, text: string) => void
  /** Sends the counts of held-back alerts whose period has ended (a timer does it every 30 s). */
  flushDue: () => void
  /** Resolves when the messages sent so far are delivered or given up on. */
  settled: () => Promise<void>
}

export interface AlertsPluginOptions {
  /** For tests: the time the rate limits and bursts are measured by. */
  clock?: () => number
  /** For tests: how long one delivery may take (default 5 s). */
  timeoutMs?: number
}

const FLUSH_EVERY_MS = 30_000

/**
 * Security and health alerts (a burst of failed authentications, lockouts,
 * Gitea unreachable, a state store lost) to a Slack-compatible webhook, from
 * the app's signals. Sending never blocks a request and never fails one.
 */
export default fp<AlertsPluginOptions>(async function alertsPlugin (app, options) {
  const settings = app.config.alerts
  if (settings === null) {
    app.decorate('alerts', { notify () {}, flushDue () {}, async settled () {} } satisfies Alerts)
    return
  }
  const sender: WebhookSender = createWebhookSender({
    url: settings.webhookUrl,
    timeoutMs: options.timeoutMs,
    log: { warn: (details, message) => { app.log.warn(details, message) }, info: (details, message) => { app.log.info(details, message) } },
    // Defence in depth: messages are built from ids and counts; the token (and anything shaped like a key) is blanked anyway.
    secrets: () => [app.config.gitea.token],
    onResult: delivered => { app.signals.emit('alertDelivery', delivered ? 'delivered' : 'failed') },
    prefix: `[aegis-gitea-mcp ${app.config.domain === '' ? hostname() : app.config.domain}] `
  })
  const monitor: AlertMonitor = createAlertMonitor({
    clock: options.clock,
    send: (_kind, text) => { sender.send(text) }
  })
  app.signals.on('audit', monitor.audit)
  app.signals.on('gitea', monitor.gitea)
  app.signals.on('storeHealth', monitor.storeHealth)

  const timer = setInterval(() => { monitor.flushDue() }, FLUSH_EVERY_MS).unref()
  app.addHook('onClose', async () => { clearInterval(timer) })
  app.decorate('alerts', { notify: monitor.notify, flushDue: monitor.flushDue, settled: sender.settled } satisfies Alerts)
}, { fastify: '5.x', name: 'alerts', dependencies: ['config', 'signals'] })
