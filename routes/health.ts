import type { FastifyInstance } from 'fastify'
import { APP_VERSION } from '../lib/app-info.js'
import { createReadinessCheck } from '../lib/readiness.js'

const READY_CACHE_MS = 5_000

/** Public probes. /health never calls Gitea; /ready proves the token works. */
export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  const started = Date.now()
  const readiness = createReadinessCheck(async () => { await app.gitea.getCurrentUser() }, READY_CACHE_MS, Date.now,
    (error) => { app.log.warn({ err: error, detail: (error as { detail?: unknown }).detail }, 'readiness check: Gitea failed') })

  app.get('/health', async () => ({
    status: 'ok',
    version: APP_VERSION,
    uptime_seconds: Math.floor((Date.now() - started) / 1000)
  }))

  app.get('/ready', async (_request, reply) => {
    const result = await readiness.check()
    return await reply.code(result.ready ? 200 : 503).send({
      status: result.ready ? 'ready' : 'unavailable',
      reason: result.reason,
      checked_at: result.checkedAt
    })
  })
}
