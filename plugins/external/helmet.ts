import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/**
 * Security headers on every response. This is a JSON API, so the CSP denies
 * everything and nothing may frame it. HSTS stays on: Traefik sets it too, and
 * a direct HTTPS deployment should not lose it.
 */
export default fp(async function helmetPlugin (app) {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' }
  })
}, { fastify: '5.x', name: 'helmet' })
