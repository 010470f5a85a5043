import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { APP_NAME, APP_VERSION } from '../lib/app-info.js'

const ServiceInfo = Type.Object({
  name: Type.String(),
  version: Type.String(),
  description: Type.String(),
  mcp: Type.Object({
    endpoint: Type.String(),
    transport: Type.String(),
    legacy_sse_endpoint: Type.String(),
    authentication: Type.String()
  }),
  health: Type.String(),
  ready: Type.String()
})

/** GET /: what this service is and where its endpoints are. Public. */
export default async function rootRoutes (app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { response: { 200: ServiceInfo } } }, async () => ({
    name: APP_NAME,
    version: APP_VERSION,
    description: 'Read-only MCP access to Gitea, for ChatGPT and other MCP clients',
    mcp: {
      endpoint: '/mcp',
      transport: 'streamable-http',
      legacy_sse_endpoint: '/mcp/sse',
      authentication: 'Authorization: Bearer <key>'
    },
    health: '/health',
    ready: '/ready'
  }))
}
