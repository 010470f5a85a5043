import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorBody } from '../../lib/http-errors.js'

const ToolCallBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  arguments: Type.Optional(Type.Object({}, { additionalProperties: true }))
}, { additionalProperties: false })

/**
 * Plain JSON access to the same tools, for scripts and for checking a key with
 * curl: GET /mcp/tools lists them, POST /mcp/tool/call runs one.
 */
const toolRoutes: FastifyPluginAsyncTypebox = async function toolRoutes (app) {
  // The list never changes while the server runs: serialise it once.
  const toolsBody = JSON.stringify({ tools: app.toolList })
  app.get('/tools', async (_request, reply) => await reply.type('application/json; charset=utf-8').send(toolsBody))

  app.post('/tool/call', { schema: { body: ToolCallBody } }, async (request, reply) => {
    const { name, arguments: args = {} } = request.body
    const outcome = await app.runTool(request, name, args)
    if (outcome.errorCode === 'unknown_tool') {
      return await reply.code(404).send(errorBody('unknown_tool', `No tool named ${JSON.stringify(name)}; GET /mcp/tools lists them.`, request.id))
    }
    return outcome.result
  })
}

export default toolRoutes
