import type { FastifyInstance } from 'fastify'
import { APP_VERSION } from '../lib/app-info.js'

/** Public probes. /health never calls Gitea; /ready proves the token works. */
export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  const started = Date.now()

  app.get('/health', async () => ({
    status: 'ok',
    version: APP_VERSION,
    uptime_seconds: Math.floor((Date.now() - started) / 1000)
  }))

  app.get('/ready', async (_request, reply) => {
    const result = await app.checkReady()
    return await reply.code(result.ready ? 200 : 503).send({
      status: result.ready ? 'ready' : 'unavailable',
      reason: result.reason,
      checked_at: result.checkedAt
    })
  })
}
