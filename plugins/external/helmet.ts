import { createRequire } from 'node:module'
import fp from 'fastify-plugin'
import type { HelmetOptions } from 'helmet'

/**
 * Security headers on every response. This is a JSON API, so the CSP denies
 * everything and nothing may frame it. HSTS stays on: Traefik sets it too, and
 * a direct HTTPS deployment should not lose it.
 */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' }
}

type Helmet = (options: Readonly<HelmetOptions>) => (req: unknown, res: HeaderSink, next: (error?: unknown) => void) => void
interface HeaderSink { setHeader: (name: string, value: string) => void, removeHeader: (name: string) => void }

// helmet itself, resolved as @fastify/helmet resolves it (its own dependency).
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as Helmet

/**
 * The headers helmet sets for `options`, worked out once. None of them depends
 * on the request (no nonces), and @fastify/helmet builds helmet's whole
 * middleware, CSP string included, again for every request.
 */
export function helmetHeaders (options: Readonly<HelmetOptions>): Array<[string, string]> {
  const headers = new Map<string, [string, string]>()
  helmet(options)({}, {
    setHeader: (name, value) => { headers.set(name.toLowerCase(), [name, value]) },
    removeHeader: (name) => { headers.delete(name.toLowerCase()) }
  }, (error) => { if (error !== undefined) throw error })
  return [...headers.values()]
}

export default fp(async function helmetPlugin (app) {
  const headers = helmetHeaders(HELMET_OPTIONS)
  // On the raw response, as helmet sets them: they survive reply.hijack(), and a route's own header replaces one.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done()
  })
}, { fastify: '5.x', name: 'helmet' })
