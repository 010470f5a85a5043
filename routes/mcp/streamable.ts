import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { APP_NAME, APP_VERSION } from '../../lib/app-info.js'
import { BadRequestError, MethodNotAllowedError } from '../../lib/errors.js'
import { normalizeAccept } from '../../lib/mcp/accept.js'
import { createMcpServer } from '../../lib/mcp/server.js'
import { plainToolCall, SSE_HEADERS, toolCallAnswer, type PlainToolCall } from '../../lib/mcp/tools-call.js'
import { toolsListAnswer } from '../../lib/mcp/tools-list.js'
import { callerOf, toolsetsOf } from '../../plugins/gitea-tools.js'
import type { BodyGuard } from './batch.js'
import { failHijacked, hijackWithHeaders } from './hijack.js'

/**
 * POST /mcp: MCP Streamable HTTP, stateless (no Mcp-Session-Id), so any
 * replica can answer any request and a client that lost its session never
 * sees "Session terminated". A plain tools/list or tools/call (what clients
 * send nearly always) is answered directly, in the SDK's own framing; every
 * other message gets its own SDK server and transport.
 */
export default async function streamableRoutes (app: FastifyInstance, options: { guardBatch: BodyGuard }): Promise<void> {
  app.post('/', { preHandler: options.guardBatch }, async (request, reply) => {
    if (request.body === undefined || request.body === null) {
      throw new BadRequestError('POST /mcp needs a JSON-RPC message as an application/json body.')
    }
    const { jsonOnly } = normalizeAccept(request.raw)
    // tools/list: the caller's list, serialised once, without an SDK server per request.
    const listed = toolsListAnswer(request.body, request.headers, app.toolView({ toolsets: toolsetsOf(request) }).listJson)
    if (listed !== null) return await reply.type(listed.contentType(jsonOnly)).send(listed.body(jsonOnly))
    // tools/call: the tool run and its answer written here, as the SDK would write it, without an SDK server per request.
    const call = plainToolCall(request.body, request.headers)
    if (call !== null) return await answerToolCall(request, reply, call, jsonOnly)
    const caller = callerOf(request)
    const server = createMcpServer({ name: APP_NAME, version: APP_VERSION }, {
      tools: app.toolView(caller).descriptors,
      callTool: async (name, args, extra) => (await app.runTool(caller, name, args, extra.signal)).result
    })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: jsonOnly })
    // A rejected close must not become an unhandled rejection: that would stop the whole server.
    reply.raw.on('close', () => {
      transport.close().catch((error: unknown) => { request.log.warn({ err: error }, 'closing the MCP transport failed') })
      server.close().catch((error: unknown) => { request.log.warn({ err: error }, 'closing the MCP server failed') })
    })
    hijackWithHeaders(reply)
    try {
      await server.connect(transport)
      await transport.handleRequest(request.raw, reply.raw, request.body)
    } catch (error) {
      request.log.error({ err: error }, 'MCP request failed')
      failHijacked(reply, request.id)
    }
  })

  /**
   * Runs a plain tools/call (lib/mcp/tools-call.ts) and answers it. A client
   * that goes away cancels the call, and gets no answer, as with the SDK.
   */
  async function answerToolCall (request: FastifyRequest, reply: FastifyReply, call: PlainToolCall, jsonOnly: boolean): Promise<FastifyReply> {
    const gone = new AbortController()
    const onClose = (): void => { if (!reply.raw.writableEnded) gone.abort() }
    reply.raw.once('close', onClose)
    try {
      const { result } = await app.runTool(callerOf(request), call.name, call.arguments, gone.signal)
      if (gone.signal.aborted) return reply.hijack()
      if (!jsonOnly) reply.headers(SSE_HEADERS)
      // A Buffer: for a string Fastify would add `; charset=utf-8` to the JSON type, which the SDK sends bare.
      return await reply.type(jsonOnly ? 'application/json' : 'text/event-stream').send(Buffer.from(toolCallAnswer(call.id, result, jsonOnly)))
    } finally {
      reply.raw.off('close', onClose)
    }
  }

  // A stateless server has no GET stream and no session to delete. Answering
  // 405 here (instead of handing GET to the transport) keeps clients from
  // waiting on a stream that never ends.
  const notAllowed = async (_request: unknown, reply: FastifyReply): Promise<never> => {
    reply.header('allow', 'POST')
    throw new MethodNotAllowedError('This MCP server is stateless: send every message with POST /mcp. There is no GET stream and no session to delete.')
  }
  // Every other method too (after authentication, as for any /mcp route): a
  // 404 would say there is no MCP endpoint here. OPTIONS is no CORS preflight
  // (there is no CORS support: a preflight without a key gets 401).
  app.route({ method: ['GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'], url: '/', handler: notAllowed })
}
