import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'

const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Fastify's `genReqId`: the caller's X-Request-Id when it is safe to log and
 * echo (1-128 of A-Z a-z 0-9 . _ : -), otherwise a new UUID.
 */
export function requestIdOf (raw: IncomingMessage): string {
  const header = raw.headers['x-request-id']
  return typeof header === 'string' && CALLER_ID.test(header) ? header : randomUUID()
}

/** Echoes the request id on every response, errors and 404s included. */
export default fp(async function requestIdPlugin (app) {
  // A callback hook, not an async one: every request runs it, and it never waits.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}, { fastify: '5.x', name: 'request-id' })
