import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RateLimitedError } from '../../lib/errors.js'
import { MAX_BATCH_MESSAGES, requestCost } from '../../lib/mcp/batch.js'

export type BodyGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>

/**
 * A preHandler for POST /mcp: refuses a batch over MAX_BATCH_MESSAGES (400),
 * and charges every further request of a batch to the key's rate limit (the
 * POST itself was counted in onRequest, before the body was read). A batch
 * the key cannot afford is refused whole (429 with Retry-After), so none of
 * it runs. Counting uses @fastify/rate-limit's own store and key, through
 * `createRateLimit()` without options; `perMinute` 0 means no limit.
 */
export function createBatchGuard (app: FastifyInstance, perMinute: number): BodyGuard {
  const limiter = perMinute > 0 ? app.createRateLimit() : undefined
  return async function guardBatch (request, reply) {
    const body = request.body
    if (!Array.isArray(body)) return undefined
    if (body.length > MAX_BATCH_MESSAGES) {
      return await reply.code(400).send({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message: `A batch may hold at most ${MAX_BATCH_MESSAGES} JSON-RPC messages; this one holds ${body.length}. Send fewer per POST (MCP 2025-06-18 and later send one message per POST).`,
          data: { request_id: request.id }
        }
      })
    }
    const extra = requestCost(body) - 1
    if (limiter === undefined || extra === 0) return undefined
    // Peek, then charge: a refused batch costs only its POST. Not atomic, so
    // concurrent batches of one key may overshoot by a few requests.
    const state = await limiter(request, { increment: false })
    if (state.isAllowed) return undefined
    if (extra > state.remaining) {
      const retryAfter = Math.max(1, state.ttlInSeconds)
      reply.header('x-ratelimit-remaining', state.remaining).header('retry-after', retryAfter)
      const count = extra + 1
      throw new RateLimitedError(count > state.max
        ? `This batch holds ${count} requests, more than this key may make in a minute (${state.max}): send at most ${state.max} per POST.`
        : `This batch holds ${count} requests, but this key may make only ${state.remaining + 1} more this minute (of ${state.max}); retry in ${retryAfter} seconds or send fewer.`)
    }
    let remaining = state.remaining
    for (let i = 0; i < extra; i++) {
      const charged = await limiter(request)
      if (!charged.isAllowed) remaining = charged.remaining
    }
    reply.header('x-ratelimit-remaining', remaining)
    return undefined
  }
}

/** The legacy HTTP+SSE endpoint takes one message per POST (the SDK's transport has no batches). */
export async function refuseBatch (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (!Array.isArray(request.body)) return undefined
  return await reply.code(400).send({
    jsonrpc: '2.0',
    id: null,
    error: { code: -32600, message: 'POST /mcp/messages takes one JSON-RPC message per POST, not a batch.', data: { request_id: request.id } }
  })
}
