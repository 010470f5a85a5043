import type { IncomingHttpHeaders } from 'node:http'
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js'

/** A single JSON-RPC request that the SDK would accept and hand to its handler for `method`. */
export interface PlainRequest {
  id: string | number
  params: Record<string, unknown> | undefined
}

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params'])

/**
 * The request when `body` is one JSON-RPC request for `method` that the SDK's
 * Streamable HTTP transport would pass to its handler: an object with only the
 * JSON-RPC request keys (the SDK's schema is strict), `jsonrpc` "2.0", a string
 * or integer id, params absent or an object, a JSON content type, and no
 * unsupported MCP-Protocol-Version. Null for anything else (a batch, a
 * notification, anything the SDK refuses): that goes to the SDK, which
 * answers it as it always did.
 */
export function plainRequest (body: unknown, headers: IncomingHttpHeaders, method: string): PlainRequest | null {
  if (!isPlainObject(body)) return null
  if (body.method !== method || body.jsonrpc !== '2.0') return null
  for (const key of Object.keys(body)) if (!REQUEST_KEYS.has(key)) return null
  const id = body.id
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) return null
  const params = body.params
  if (params !== undefined && !isPlainObject(params)) return null
  if (!isJson(headers['content-type'])) return null
  const version = headers['mcp-protocol-version']
  if (version !== undefined && !(typeof version === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return null
  return { id, params }
}

/** `_meta` as the SDK's request schema takes it without doing more than pass it along: no related task. */
export function plainMeta (meta: unknown): boolean {
  if (meta === undefined) return true
  if (!isPlainObject(meta) || meta['io.modelcontextprotocol/related-task'] !== undefined) return false
  const token = meta.progressToken
  return token === undefined || typeof token === 'string' || (typeof token === 'number' && Number.isSafeInteger(token))
}

export function isPlainObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isJson (contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';')[0]?.trim().toLowerCase() === 'application/json'
}
