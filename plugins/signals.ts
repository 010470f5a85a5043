import fp from 'fastify-plugin'
import { createSignals, tapAudit, type Signals } from '../lib/signals.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * What the service tells its observers (plugins/metrics.ts, plugins/alerts.ts):
     * every audit record, every Gitea request, search_code cache lookups, state store
     * health. Emit with `app.signals.emit('storeHealth', { store: 'redis', up: false })`.
     */
    signals: Signals
  }
}

/**
 * One signal hub per app, and the audit log tapped into it: metrics and
 * alerts see every audit record without the plugins that audit knowing them.
 */
export default fp(async function signalsPlugin (app) {
  const signals = createSignals((error, kind) => { app.log.error({ err: error, signal: kind }, 'a signal listener failed') })
  tapAudit(app.audit, signals)
  app.decorate('signals', signals)
}, { fastify: '5.x', name: 'signals', dependencies: ['audit'] })
