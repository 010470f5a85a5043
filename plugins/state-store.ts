import fp from 'fastify-plugin'
import { NO_REQUEST } from '../lib/audit-log.js'
import { createStateStore, type StateStore } from '../lib/stores/state-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where shared state lives: the app's one Redis client (REDIS_URL) and its health, or memory. */
    stateStore: StateStore
  }
}

/** Start-up waits this long at most for Redis; past it the replica starts degraded and keeps trying. */
const CONNECT_WAIT_MS = 3000

/**
 * Creates the app's one Redis client (when REDIS_URL is set) for every store
 * that shares state between replicas, and says loudly, once per outage, when
 * Redis is lost (log line and audit record) and when it is back. Other
 * concerns hear it as the `storeHealth` signal (metrics, alerts) or through `app.stateStore.onHealthChange`.
 */
export default fp(async function stateStorePlugin (app) {
  const state = await createStateStore({ redis: app.config.redis })
  app.decorate('stateStore', state)
  app.addHook('onClose', async () => { await state.close() })
  if (state.redis === null) return

  const host = state.host
  state.onHealthChange(change => {
    // The metric (aegis_state_store_up) and the store-lost/back alerts.
    app.signals.emit('storeHealth', { store: 'redis', up: change.healthy })
    if (!change.healthy) {
      app.log.error({ redis: host, reason: change.reason },
        `STATE STORE DEGRADED: Redis at ${host ?? ''} is unreachable; lockout and rate limits now count in this replica's memory only, apart from the other replicas, until it is back${app.config.oauth.enabled ? '; OAuth (its state is in Redis only) answers 503 meanwhile' : ''}`)
      app.audit.record('state_store_degraded', 'high', NO_REQUEST, { store: 'redis', redis_host: host, reason: change.reason })
      return
    }
    const downSeconds = Math.round((change.downForMs ?? 0) / 1000)
    app.log.warn({ redis: host, down_seconds: downSeconds }, `state store recovered: Redis at ${host ?? ''} is back; lockout and rate limits are shared again`)
    app.audit.record('state_store_recovered', 'info', NO_REQUEST, { store: 'redis', redis_host: host, down_seconds: downSeconds })
  })
  await state.connected(CONNECT_WAIT_MS)
  app.signals.emit('storeHealth', { store: 'redis', up: state.usable() })
  if (state.usable()) app.log.info({ redis: host }, `state store: Redis at ${host ?? ''} (lockout and rate limits shared by every replica)`)
}, { fastify: '5.x', name: 'state-store', dependencies: ['config', 'audit', 'signals'] })
