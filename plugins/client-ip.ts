import fp from 'fastify-plugin'
import { clientAddress } from '../lib/client-ip.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The client's address, canonical (see lib/client-ip.ts): what the lockout,
     * the rate limit and the audit log know a client by. Use it, not `request.ip`.
     */
    clientIp: string
  }
}

/** Works out each request's client address once, first thing, for every route. */
export default fp(async function clientIpPlugin (app) {
  app.decorateRequest('clientIp', '')
  // A callback hook, not an async one: every request runs it, and it never waits.
  app.addHook('onRequest', (request, _reply, done) => {
    request.clientIp = clientAddress(request.ip, request.socket.remoteAddress)
    done()
  })
}, { fastify: '5.x', name: 'client-ip' })
