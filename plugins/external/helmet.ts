import helmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import Fastify, { type FastifyRegisterOptions } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Security headers on every response. This is a JSON API, so the CSP denies
 * everything and nothing may frame it. HSTS stays on: Traefik sets it too, and
 * a direct HTTPS deployment should not lose it. `global`: on every route, as
 * @fastify/helmet was registered before this plugin took over its work.
 * Typed as register()'s options once: matching a fresh `{ ...options, global: true }`
 * against that union of option types cost tsc ~0.6 s at each place it was written.
 */
export const HELMET_OPTIONS: FastifyRegisterOptions<FastifyHelmetOptions> = {
  global: true,
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' }
}

/** One header as @fastify/helmet sets it on the raw response: the name as written (its case), and the value. */
export type RawHeader = readonly [name: string, value: string]

/**
 * The headers @fastify/helmet sets with `options`, in its order and case, asked
 * of @fastify/helmet itself: registered globally on a bare Fastify, it is the
 * only thing that writes to the raw response before a handler runs, so what the
 * handler finds there is exactly helmet's.
 */
export async function helmetHeaders (options: FastifyRegisterOptions<FastifyHelmetOptions>): Promise<RawHeader[]> {
  const probe = Fastify({ logger: false })
  let headers: RawHeader[] = []
  try {
    await probe.register(helmet, options)
    probe.get('/', async (_request, reply) => {
      // The names as written (Node's OutgoingMessage#getRawHeaderNames, missing from @types/node): case matters on the wire.
      const raw = reply.raw as typeof reply.raw & { getRawHeaderNames: () => string[] }
      headers = raw.getRawHeaderNames().map(name => [name, String(raw.getHeader(name))] as const)
      return ''
    })
    await probe.inject({ method: 'GET', url: '/' })
  } finally {
    await probe.close()
  }
  if (headers.length === 0) throw new Error('@fastify/helmet set no header')
  return headers
}

/**
 * @fastify/helmet, with its work done once. Registered globally it builds
 * helmet's whole middleware, CSP string included, again for every request
 * (about a tenth of an authenticated tools/list's time, bench/request-cost.ts),
 * yet none of our headers depends on the request: no CSP nonces, one policy
 * for every route. So @fastify/helmet answers once, at start, and one hook sets
 * what it set, as it sets it (on the raw response, same names, same order):
 * the headers survive reply.hijack(), and a route's own header still replaces
 * one (the OAuth pages' CSP). test/plugins/helmet.test.ts compares every kind
 * of answer, byte for byte, with @fastify/helmet registered as before.
 */
// Asked once per process (about 8 ms each time): every app of a process, each test's included, sends the same.
let ourHeaders: Promise<RawHeader[]> | null = null

export default fp(async function helmetPlugin (app) {
  // A failure is not kept: the next app asks again.
  ourHeaders ??= helmetHeaders(HELMET_OPTIONS).catch((error: unknown) => { ourHeaders = null; throw error })
  const headers = await ourHeaders
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw
    for (const [name, value] of headers) raw.setHeader(name, value)
    done()
  })
}, { fastify: '5.x', name: 'helmet' })
