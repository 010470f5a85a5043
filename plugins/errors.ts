import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { codeForStatus, errorBody, HttpError } from '../lib/http-errors.js'

/**
 * Every error outside JSON-RPC answers `{error, message, request_id}`. Client
 * errors keep Fastify's message (it says what was wrong with the request);
 * server errors never show theirs, which could hold internals.
 */
export default fp(async function errorsPlugin (app) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error)
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return reply.code(status).send(errorBody('internal_error', 'The server failed to answer this request; the request id is in the server log.', request.id))
    }
    const code = error instanceof HttpError ? error.code : codeForStatus(status)
    return reply.code(status).send(errorBody(code, error.message, request.id))
  })

  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?', 1)[0] ?? '').slice(0, 200)
    return reply.code(404).send(errorBody('not_found', `No route ${request.method} ${path}. The MCP endpoint is POST /mcp.`, request.id))
  })
}, { name: 'errors' })

function statusOf (error: FastifyError): number {
  const status = error.statusCode
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500
}
