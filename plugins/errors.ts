import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { codeForStatus, errorBody, NotFoundError, publicCodeOf } from '../lib/errors.js'

/**
 * The one place errors are rendered: every error outside JSON-RPC answers
 * `{error, message, request_id}`. Routes and hooks throw (lib/errors.ts);
 * headers such as WWW-Authenticate or Retry-After are set on the reply first.
 * Our own errors keep their message and code, whatever their status; other
 * client errors keep Fastify's message (it says what was wrong with the
 * request); other server errors never show theirs, which could hold internals.
 */
export default fp(async function errorsPlugin (app) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error)
    const ours = publicCodeOf(error)
    const hidden = ours === undefined && status >= 500
    if (hidden) request.log.error({ err: error }, 'request failed')
    const code = hidden ? 'internal_error' : ours ?? codeForStatus(status)
    const message = hidden ? 'The server failed to answer this request; the request id is in the server log.' : error.message
    return reply.code(status).send(errorBody(code, message, request.id))
  })

  app.setNotFoundHandler(async (request) => {
    const path = (request.url.split('?', 1)[0] ?? '').slice(0, 200)
    throw new NotFoundError(`No route ${request.method} ${path}. The MCP endpoint is POST /mcp.`)
  })
}, { fastify: '5.x', name: 'errors' })

function statusOf (error: FastifyError): number {
  const status = error.statusCode
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500
}
