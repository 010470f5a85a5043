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

/**
 * What answers to one list share: the bytes after the id, encoded once, and
 * the last few whole answers by their head (framing and id). Clients nearly
 * always ask with the same small ids (the SDK's client sends initialize as 0,
 * tools/list as 1), so an answer is mostly a lookup, not a copy of the list.
 */
interface Tails { json: Buffer, sse: Buffer, answers: Map<string, Buffer> }

/** Whole answers kept per list: a client's own ids, whatever they are, cannot grow it. */
export const ANSWERS_KEPT = 8

const tails = new Map<string, Tails>()

function tailsOf (listJson: string): Tails {
  let found = tails.get(listJson)
  if (found === undefined) {
    found = { json: Buffer.from(`,"result":${listJson}}`), sse: Buffer.from(`,"result":${listJson}}\n\n`), answers: new Map() }
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

  /** The answer's bytes. Shared between answers with the same id: never to be written to. */
  body (jsonOnly: boolean): Buffer {
    const head = jsonOnly ? this.#head : `event: message\ndata: ${this.#head}`
    const { answers } = this.#tails
    let body = answers.get(head)
    if (body === undefined) {
      body = Buffer.concat([Buffer.from(head), jsonOnly ? this.#tails.json : this.#tails.sse])
      // The oldest out first (a Map keeps insertion order).
      if (answers.size >= ANSWERS_KEPT) answers.delete(answers.keys().next().value as string)
      answers.set(head, body)
    }
    return body
  }
}

/** No params, or params the list ignores: an optional string cursor and `_meta`. */
function plainParams (params: Record<string, unknown> | undefined): boolean {
  if (params === undefined) return true
  const { cursor, _meta: meta, ...rest } = params
  return Object.keys(rest).length === 0 && (cursor === undefined || typeof cursor === 'string') && plainMeta(meta)
}
