import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBody, UnknownToolError } from '../../lib/errors.js'
import { callerOf, toolsetsOf } from '../../plugins/gitea-tools.js'

const ToolCallBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  arguments: Type.Optional(Type.Object({}, { additionalProperties: true }))
}, { additionalProperties: false })

// An MCP CallToolResult: its content items and structuredContent are each tool's own, so they pass through whole.
const ToolCallResult = Type.Object({
  content: Type.Array(Type.Object({}, { additionalProperties: true })),
  structuredContent: Type.Optional(Type.Object({}, { additionalProperties: true })),
  isError: Type.Optional(Type.Boolean())
}, { additionalProperties: true })

/** What every /mcp route may answer before its handler runs: the auth, Host/Origin and limiter refusals. */
const GUARD_ERRORS = { 401: ErrorBody, 403: ErrorBody, 429: ErrorBody }

/**
 * Plain JSON access to the same tools, for scripts and for checking a key with
 * curl: GET /mcp/tools lists them, POST /mcp/tool/call runs one.
 */
const toolRoutes: FastifyPluginAsyncTypebox = async function toolRoutes (app) {
  // The caller's tools with each toolset's tools and size, serialised once per
  // tool set (lib/tools/catalog.ts), so no response schema runs per request.
  app.get('/tools', async (request, reply) =>
    await reply.type('application/json; charset=utf-8').send(app.toolView({ toolsets: toolsetsOf(request) }).catalogJson))

  app.post('/tool/call', {
    schema: { body: ToolCallBody, response: { 200: ToolCallResult, 400: ErrorBody, 404: ErrorBody, ...GUARD_ERRORS } }
  }, async (request) => {
    const { name, arguments: args = {} } = request.body
    const outcome = await app.runTool(callerOf(request), name, args)
    if (outcome.errorCode === 'unknown_tool') throw new UnknownToolError(`No tool named ${JSON.stringify(name)}; GET /mcp/tools lists them.`)
    return outcome.result
  })
}

export default toolRoutes
