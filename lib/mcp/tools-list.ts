import type { IncomingHttpHeaders } from 'node:http'
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js'

/**
 * The answer to a plain `tools/list` request, built from the list serialised
 * once (`listJson` is `{"tools":[...]}`), or null when the message is anything
 * else, or anything the SDK would refuse (a non-JSON body, an unsupported
 * MCP-Protocol-Version, a malformed request): those go to the SDK as before.
 *
 * Every conversation starts with tools/list, and building an SDK server and
 * transport to serialise the same list again cost more than the list itself.
 * The answer is what the SDK's response would hold, in the same framing.
 */
export function toolsListAnswer (body: unknown, headers: IncomingHttpHeaders, listJson: string): ToolsListAnswer | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null
  const message = body as Record<string, unknown>
  if (message.method !== 'tools/list' || message.jsonrpc !== '2.0') return null
  const id = message.id
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)))) return null
  if (!plainParams(message.params)) return null
  if (!isJson(headers['content-type'])) return null
  const version = headers['mcp-protocol-version']
  if (version !== undefined && !(typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return null
  return new ToolsListAnswer(`{"result":${listJson},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`)
}

/** The JSON-RPC answer, framed as the SDK frames it: JSON, or one SSE event for a client that accepts SSE. */
export class ToolsListAnswer {
  readonly json: string
  constructor (json: string) {
    this.json = json
  }

  contentType (jsonOnly: boolean): string {
    return jsonOnly ? 'application/json' : 'text/event-stream'
  }

  body (jsonOnly: boolean): string {
    return jsonOnly ? this.json : `event: message\ndata: ${this.json}\n\n`
  }
}

/** No params, or params the list ignores: an optional string cursor and `_meta`. */
function plainParams (params: unknown): boolean {
  if (params === undefined) return true
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false
  const { cursor, _meta: meta, ...rest } = params as Record<string, unknown>
  return Object.keys(rest).length === 0 && (cursor === undefined || typeof cursor === 'string') &&
    (meta === undefined || (meta !== null && typeof meta === 'object' && !Array.isArray(meta)))
}

function isJson (contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';')[0]?.trim().toLowerCase() === 'application/json'
}
