import type { IncomingHttpHeaders } from 'node:http'
import { resultJson, type ToolCallResult } from '../tools/registry.js'
import { isPlainObject, plainMeta, plainRequest } from './plain-request.js'

export interface PlainToolCall {
  id: string | number
  name: string
  arguments: Record<string, unknown>
}

const CALL_PARAMS = new Set(['name', 'arguments', '_meta'])

/**
 * The call when `body` is a plain `tools/call` the server answers without an
 * SDK server and transport: a request the SDK would accept (plain-request.ts)
 * whose params are a string `name`, `arguments` absent or an object, and at
 * most a `_meta` with a progress token (never sent: no tool reports progress).
 * Null for anything else (a task-augmented call, a malformed one, a batch):
 * the SDK answers those, with its own errors, as before.
 */
export function plainToolCall (body: unknown, headers: IncomingHttpHeaders): PlainToolCall | null {
  const request = plainRequest(body, headers, 'tools/call')
  const params = request?.params
  if (request === null || params === undefined) return null
  for (const key of Object.keys(params)) if (!CALL_PARAMS.has(key)) return null
  const { name, arguments: args } = params
  if (typeof name !== 'string' || !plainMeta(params._meta)) return null
  if (args !== undefined && !isPlainObject(args)) return null
  return { id: request.id, name, arguments: args ?? {} }
}

/**
 * The JSON-RPC answer to a tools/call as the SDK writes it (its key order:
 * result, jsonrpc, id), framed for the client: JSON, or one SSE event for a
 * client that accepts SSE. The result is serialised once (resultJson).
 */
export function toolCallAnswer (id: string | number, result: ToolCallResult, jsonOnly: boolean): string {
  const message = `{"result":${resultJson(result)},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`
  return jsonOnly ? message : `event: message\ndata: ${message}\n\n`
}

/** The headers the SDK's transport sends with an SSE answer (besides its content type). */
export const SSE_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } as const
