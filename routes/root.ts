import type { FastifyInstance } from 'fastify'
import { APP_NAME, APP_VERSION } from '../lib/app-info.js'

/** GET /: what this service is and where its endpoints are. Public. */
export default async function rootRoutes (app: FastifyInstance): Promise<void> {
  app.get('/', async () => ({
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
