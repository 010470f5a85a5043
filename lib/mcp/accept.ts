import type { IncomingMessage } from 'node:http'

const BOTH = 'application/json, text/event-stream'

/**
 * The SDK's transport answers 406 unless Accept lists both JSON and SSE, but
 * OpenAI's clients send `application/json` or `*\/*` (a 406 there surfaces as
 * "Error retrieving tool list"). Rewrites Accept to what the transport wants
 * and tells whether the client can take only JSON, so it gets JSON.
 */
export function normalizeAccept (raw: IncomingMessage): { jsonOnly: boolean } {
  const accept = (raw.headers.accept ?? '').toLowerCase()
  const sse = accept.includes('text/event-stream')
  raw.headers.accept = BOTH
  return { jsonOnly: !sse }
}
