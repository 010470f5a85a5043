import fastifyHelmet from '@fastify/helmet'
import Fastify from 'fastify'
import t from 'tap'
import helmetPlugin, { HELMET_OPTIONS, helmetHeaders } from '../../../plugins/external/helmet.js'

/** The headers of GET / on an app with `register`ed, minus the ones every Fastify answer has. */
async function headersOf (register: (app: ReturnType<typeof Fastify>) => Promise<void>, routeHeader?: [string, string]): Promise<Record<string, unknown>> {
  const app = Fastify()
  await register(app)
  app.get('/', async (_request, reply) => {
    if (routeHeader !== undefined) reply.header(...routeHeader)
    return { ok: true }
  })
  const res = await app.inject({ method: 'GET', url: '/' })
  await app.close()
  const { date: _date, connection: _connection, 'content-length': _length, 'content-type': _type, ...rest } = res.headers
  return rest
}

t.test('the headers worked out once are exactly what @fastify/helmet sets per request for the same options', async t => {
  const ours = await headersOf(async app => { await app.register(helmetPlugin) })
  const theirs = await headersOf(async app => { await app.register(fastifyHelmet, { global: true, ...HELMET_OPTIONS }) })
  t.same(ours, theirs)
  t.equal(ours['content-security-policy'], "default-src 'none';base-uri 'none';font-src 'self' https: data:;form-action 'none';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests")
  t.equal(ours['x-frame-options'], 'DENY')
  t.equal(Object.keys(ours).length, helmetHeaders(HELMET_OPTIONS).length)
})

t.test('a route\'s own header replaces helmet\'s, as with @fastify/helmet', async t => {
  const header: [string, string] = ['content-security-policy', "default-src 'none'"]
  const ours = await headersOf(async app => { await app.register(helmetPlugin) }, header)
  const theirs = await headersOf(async app => { await app.register(fastifyHelmet, { global: true, ...HELMET_OPTIONS }) }, header)
  t.equal(ours['content-security-policy'], "default-src 'none'")
  t.same(ours, theirs)
})

t.test('helmet options that remove a header are honoured', async t => {
  const headers = Object.fromEntries(helmetHeaders({ contentSecurityPolicy: HELMET_OPTIONS.contentSecurityPolicy, frameguard: false, strictTransportSecurity: false }))
  t.equal(headers['X-Frame-Options'], undefined)
  t.equal(headers['Strict-Transport-Security'], undefined)
  t.equal(headers['X-Content-Type-Options'], 'nosniff')
})
