import type { FastifyReply } from 'fastify'
import { errorBody } from '../../lib/errors.js'

/**
 * Hands the raw response to the MCP SDK. Once hijacked, Fastify writes none of
 * the headers set on `reply` (request id, rate-limit, cache-control), so they
 * are copied onto the raw response first, and the audit lines still pending
 * are written (plugins/auth.ts).
 */
export function hijackWithHeaders (reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value as string | number | readonly string[])
  }
  // Fastify's onSend hooks do not run for a hijacked reply: the audit lines recorded soon are written here.
  reply.server.audit.writePending()
  reply.hijack()
}

/**
 * After hijack Fastify's error handler can no longer answer: the one place an
 * error is written by hand, in the same body. Before hijack, routes throw.
 */
export function failHijacked (reply: FastifyReply, requestId: string): void {
  const raw = reply.raw
  if (raw.headersSent) {
    raw.destroy()
    return
  }
  raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
  raw.end(JSON.stringify(errorBody('internal_error', 'The MCP request failed; the request id is in the server log.', requestId)))
}
