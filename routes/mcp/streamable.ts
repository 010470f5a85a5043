import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { APP_NAME, APP_VERSION } from '../../lib/app-info.js'
import { BadRequestError, MethodNotAllowedError } from '../../lib/errors.js'
import { normalizeAccept } from '../../lib/mcp/accept.js'
import { createMcpServer } from '../../lib/mcp/server.js'
import { toolsListAnswer } from '../../lib/mcp/tools-list.js'
import { callerOf, toolsetsOf } from '../../plugins/gitea-tools.js'
import type { BodyGuard } from './batch.js'
import { failHijacked, hijackWithHeaders } from './hijack.js'

/**
 * POST /mcp: MCP Streamable HTTP, stateless. Each POST gets its own SDK server
 * and transport (no Mcp-Session-Id), so any replica can answer any request and
 * a client that lost its session never sees "Session terminated".
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
