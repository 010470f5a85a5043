import type { IncomingHttpHeaders } from 'node:http'
import { plainMeta, plainRequest } from './plain-request.js'

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
  const request = plainRequest(body, headers, 'tools/list')
  if (request === null || !plainParams(request.params)) return null
  return new ToolsListAnswer(`{"jsonrpc":"2.0","id":${JSON.stringify(request.id)}`, tailsOf(listJson))
}

interface Tails { json: Buffer, sse: Buffer }

// The bytes after the id, per list: encoded once, so an answer copies them and encodes nothing.
const tails = new Map<string, Tails>()

function tailsOf (listJson: string): Tails {
  let found = tails.get(listJson)
  if (found === undefined) {
    found = { json: Buffer.from(`,"result":${listJson}}`), sse: Buffer.from(`,"result":${listJson}}\n\n`) }
    tails.set(listJson, found)
  }
  return found
}

/** The JSON-RPC answer, framed as the SDK frames it: JSON, or one SSE event for a client that accepts SSE. */
export class ToolsListAnswer {
  readonly #head: string
  readonly #tails: Tails
  constructor (head: string, answerTails: Tails) {
    this.#head = head
    this.#tails = answerTails
  }

  contentType (jsonOnly: boolean): string {
    return jsonOnly ? 'application/json' : 'text/event-stream'
  }

  body (jsonOnly: boolean): Buffer {
    const head = Buffer.from(jsonOnly ? this.#head : `event: message\ndata: ${this.#head}`)
    return Buffer.concat([head, jsonOnly ? this.#tails.json : this.#tails.sse])
  }
}

/** No params, or params the list ignores: an optional string cursor and `_meta`. */
function plainParams (params: Record<string, unknown> | undefined): boolean {
  if (params === undefined) return true
  const { cursor, _meta: meta, ...rest } = params
  return Object.keys(rest).length === 0 && (cursor === undefined || typeof cursor === 'string') && plainMeta(meta)
}
