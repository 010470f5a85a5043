import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js'
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js'
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js'

/** What a tool call's handler learns of its request from the transport. */
export interface CallExtra {
  signal: AbortSignal
  /** Whatever the route put on `request.raw.auth` (the SDK passes it through). */
  authInfo?: AuthInfo
}

export interface McpToolHandlers {
  tools: Tool[]
  callTool: (name: string, args: unknown, extra: CallExtra) => Promise<CallToolResult>
}

export interface ServerInfo {
  name: string
  version: string
}

// The SDK builds a new Ajv (with formats) for every Server it constructs; a
// stateless endpoint constructs one per request, so one validator is shared.
const sharedValidator = new AjvJsonSchemaValidator()

const INSTRUCTIONS = [
  'Read-only access to a Gitea instance.',
  'Start with list_repositories or search; read a repository with get_repository_info, get_file_tree and get_file_contents.',
  'search and fetch follow the ChatGPT connector shape: fetch takes an id that search returned.'
].join(' ')

/**
 * An MCP server (the SDK's low-level Server, which takes JSON Schemas: tool
 * schemas stay TypeBox) that lists and calls the given tools. Stateless
 * transports need a fresh one per request; it is cheap apart from the validator.
 */
export function createMcpServer (info: ServerInfo, handlers: McpToolHandlers): Server {
  const server = new Server(
    { name: info.name, version: info.version, title: 'Aegis Gitea MCP' },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS, jsonSchemaValidator: sharedValidator }
  )
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: handlers.tools }))
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) =>
    await handlers.callTool(request.params.name, request.params.arguments ?? {}, { signal: extra.signal, authInfo: extra.authInfo }))
  return server
}
