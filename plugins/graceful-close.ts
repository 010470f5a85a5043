import fp from 'fastify-plugin'

/**
 * On close, in-flight requests finish and then their keep-alive connections
 * are closed too. Node closes only the connections idle at the moment close
 * starts; one that was busy would stay open until its client hung up, holding
 * the shutdown (and the last audit line) hostage.
 */
export default fp(async function gracefulClose (app) {
  let closing = false
  const closeIdle = (): void => { app.server.closeIdleConnections() }

  app.addHook('preClose', async () => {
    closing = true
    closeIdle()
  })
  app.addHook('onResponse', async () => {
    // The socket becomes idle just after the response ends.
    if (closing) setImmediate(closeIdle)
  })
}, { name: 'graceful-close' })
