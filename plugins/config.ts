import fp from 'fastify-plugin'
import type { AppConfig } from '../lib/config.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
  }
}

/** Makes the checked configuration visible to every plugin and route. */
export default fp<{ config: AppConfig }>(async function configPlugin (app, options) {
  app.decorate('config', options.config)
}, { fastify: '5.x', name: 'config' })
