import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { APP_VERSION } from '../lib/app-info.js'

const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String(), uptime_seconds: Type.Integer() })
const ReadyState = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  checked_at: Type.String(),
  // Where lockout and rate limits are counted: memory (no REDIS_URL), redis, or degraded (Redis
  // lost: counted in this replica's memory). Degraded is still ready: the replica serves safely.
  state_store: Type.Union([Type.Literal('memory'), Type.Literal('redis'), Type.Literal('degraded')]),
  // What GET /api/v1/version said, asked once; null until Gitea has answered it.
  gitea_version: Type.Union([Type.String(), Type.Null()])
})

/**
 * Public probes. /health never calls Gitea; /ready proves the token works.
 * A lost Redis does not make a replica unready: keys are checked locally and
 * lockout and limits go on per replica, so taking it out of Traefik's rotation
 * would only turn a degraded service into an outage. /ready says so instead.
 */
export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  const started = Date.now()

  app.get('/health', { schema: { response: { 200: Health } } }, async () => ({
    status: 'ok',
    version: APP_VERSION,
    uptime_seconds: Math.floor((Date.now() - started) / 1000)
  }))

  app.get('/ready', { schema: { response: { 200: ReadyState, 503: ReadyState } } }, async (_request, reply) => {
    const result = await app.checkReady()
    return await reply.code(result.ready ? 200 : 503).send({
      status: result.ready ? 'ready' : 'unavailable',
      reason: result.reason,
      checked_at: result.checkedAt,
      state_store: app.stateStore.mode(),
      gitea_version: app.giteaVersion.current()
    })
  })
}
