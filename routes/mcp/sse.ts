import type { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import type { FastifyInstance } from 'fastify'
import { APP_NAME, APP_VERSION } from '../../lib/app-info.js'
import { KeyStreamsFullError, StreamsFullError, UnknownSessionError } from '../../lib/errors.js'
import { createMcpServer } from '../../lib/mcp/server.js'
import { callerOf, type ToolCaller } from '../../plugins/gitea-tools.js'
import { refuseBatch } from './batch.js'
import { failHijacked, hijackWithHeaders } from './hijack.js'

/** Open legacy streams at once; each holds a socket and a server. */
const MAX_SESSIONS = 200
/** Open legacy streams one key may hold, so one key cannot take all MAX_SESSIONS. */
export const MAX_SESSIONS_PER_KEY = 20
/** What a refused stream is told to wait: streams end when clients go away, not on a timer. */
const RETRY_AFTER_SECONDS = 30
/** Proxies close idle streams (Traefik after 180 s by default); a comment line keeps them open. */
const KEEPALIVE_MS = 25_000

interface Session {
  transport: SSEServerTransport
  server: Server
  /** The key (its id), or the client IP while auth is off: whom the per-key cap counts. */
  owner: string
  keyId: string | null
}

/**
 * The older HTTP+SSE transport (MCP 2024-11-05) for clients that speak only it:
 * GET /mcp/sse opens a stream whose first event names /mcp/messages?sessionId=…,
 * where the client POSTs its messages. A session belongs to the key that opened
 * it: another key's POST gets 404.
 */
export default async function sseRoutes (app: FastifyInstance): Promise<void> {
  const sessions = new Map<string, Session>()
  const streamsOf = (owner: string): number => {
    let count = 0
    for (const session of sessions.values()) if (session.owner === owner) count++
    return count
  }

  app.get('/sse', async (request, reply) => {
    if (sessions.size >= MAX_SESSIONS) {
      reply.header('retry-after', RETRY_AFTER_SECONDS)
      throw new StreamsFullError('Too many open SSE streams; use POST /mcp (Streamable HTTP) or retry later.')
    }
    const owner = request.keyId ?? request.ip
    if (streamsOf(owner) >= MAX_SESSIONS_PER_KEY) {
      reply.header('retry-after', RETRY_AFTER_SECONDS)
      throw new KeyStreamsFullError(`This key already holds ${MAX_SESSIONS_PER_KEY} open SSE streams, the most one key may hold; close one, or use POST /mcp (Streamable HTTP, no stream to hold).`)
    }
    const transport = new SSEServerTransport('/mcp/messages', reply.raw)
    const server = createMcpServer({ name: APP_NAME, version: APP_VERSION }, {
      // Read at each tools/list: a long-lived stream follows its key's scope through keys reloads.
      get tools () { return app.toolView(callerOf(request)).descriptors },
      callTool: async (name, args, extra) => (await app.runTool(callerIn(extra.authInfo) ?? callerOf(request), name, args, extra.signal)).result
    })
    const sessionId = transport.sessionId
    sessions.set(sessionId, { transport, server, owner, keyId: request.keyId })
    const keepalive = setInterval(() => reply.raw.write(': keepalive\n\n'), KEEPALIVE_MS)
    reply.raw.on('close', () => {
      clearInterval(keepalive)
      sessions.delete(sessionId)
      server.close().catch((error: unknown) => { request.log.warn({ err: error }, 'closing the SSE session failed') })
    })
    reply.raw.setHeader('x-accel-buffering', 'no')
    hijackWithHeaders(reply)
    try {
      await server.connect(transport)
    } catch (error) {
      request.log.error({ err: error }, 'SSE stream failed to start')
      failHijacked(reply, request.id)
    }
  })

  app.post('/messages', { preHandler: refuseBatch }, async (request, reply) => {
    const sessionId = (request.query as Record<string, unknown>).sessionId
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined
    if (session === undefined || session.keyId !== request.keyId) {
      throw new UnknownSessionError('No open SSE session with this sessionId for this key: open GET /mcp/sse first and use the endpoint it sends.')
    }
    // A message arrives on this POST but is answered by the stream's server: `req.auth` (AuthInfo) is the
    // SDK's per-message channel to the tool handler, so the call is audited with this POST (its request id,
    // path, key). It carries the ToolCaller (plain fields and the logger), never the request; no token.
    Object.assign(request.raw, { auth: { token: '', clientId: request.keyId ?? 'anonymous', scopes: [], extra: { caller: callerOf(request) } } satisfies AuthInfo })
    hijackWithHeaders(reply)
    try {
      await session.transport.handlePostMessage(request.raw, reply.raw, request.body)
    } catch (error) {
      request.log.error({ err: error }, 'SSE message failed')
      failHijacked(reply, request.id)
    }
  })

  app.addHook('preClose', async () => {
    await Promise.all([...sessions.values()].map(async session => await session.transport.close()))
  })
}

/** The POST's caller, put on `req.auth` by POST /mcp/messages. */
function callerIn (authInfo: AuthInfo | undefined): ToolCaller | undefined {
  return authInfo?.extra?.caller as ToolCaller | undefined
}
