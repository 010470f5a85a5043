import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'

/**
 * On close, requests in flight finish and then every connection is closed.
 * Node's closeIdleConnections() leaves two kinds open, and either would hold
 * server.close() (and the last audit line) until the client hangs up, which a
 * keep-alive client may not do for a minute:
 * - a connection busy when close starts (closed here once its answer is sent);
 * - a connection opened but never used: Node counts it as active, so that its
 *   headersTimeout applies, and HTTP clients open spare ones under load.
 * Every answer not yet begun when close starts says `Connection: close`: a
 * keep-alive client then opens a new connection for its next request instead
 * of sending it on this one as it is destroyed (ECONNRESET).
 */
export default fp(async function gracefulClose (app) {
  // Requests in flight on each open connection.
  const inFlight = new Map<Socket, number>()
  // Answers being prepared, to mark them at close.
  const pending = new Set<ServerResponse>()
  let closing = false

  const closeAfter = (response: ServerResponse): void => {
    // Node then ends the connection once this answer is sent.
    if (!response.headersSent && response.req.httpVersionMajor === 1) response.setHeader('connection', 'close')
  }

  const closeIfIdle = (socket: Socket): void => {
    if (closing && inFlight.get(socket) === 0) socket.destroy()
  }

  app.server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0)
    socket.once('close', () => { inFlight.delete(socket) })
  })
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket
    if (!inFlight.has(socket)) return
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1)
    pending.add(response)
    if (closing) closeAfter(response)
    response.once('close', () => {
      pending.delete(response)
      const count = inFlight.get(socket)
      if (count === undefined) return // the connection is gone already
      inFlight.set(socket, count - 1)
      // The connection can take the next request only after this answer has been written out.
      setImmediate(() => { closeIfIdle(socket) })
    })
  })

  app.addHook('preClose', async () => {
    closing = true
    for (const response of pending) closeAfter(response)
    for (const socket of inFlight.keys()) closeIfIdle(socket)
  })
}, { fastify: '5.x', name: 'graceful-close' })
