import t from 'tap'
import Fastify from 'fastify'
import errorsPlugin from '../../plugins/errors.js'
import {
  BadRequestError, codeForStatus, errorBody, HostNotAllowedError, InvalidTokenError, KeyStreamsFullError, MethodNotAllowedError, NotFoundError,
  OriginNotAllowedError, publicCodeOf, RateLimitedError, StreamsFullError, TooManyAuthFailuresError, UnauthorizedError, UnknownSessionError, UnknownToolError
} from '../../lib/errors.js'

t.test('each error is an @fastify/error with an AGM_ code, a status and the contract\'s public code', async t => {
  const cases: Array<[new (message: string) => Error & { code: string, statusCode: number }, number, string]> = [
    [BadRequestError, 400, 'bad_request'],
    [UnauthorizedError, 401, 'unauthorized'],
    [InvalidTokenError, 401, 'invalid_token'],
    [HostNotAllowedError, 403, 'host_not_allowed'],
    [OriginNotAllowedError, 403, 'origin_not_allowed'],
    [NotFoundError, 404, 'not_found'],
    [UnknownToolError, 404, 'unknown_tool'],
    [UnknownSessionError, 404, 'unknown_session'],
    [MethodNotAllowedError, 405, 'method_not_allowed'],
    [RateLimitedError, 429, 'rate_limited'],
    [TooManyAuthFailuresError, 429, 'too_many_auth_failures'],
    [KeyStreamsFullError, 429, 'too_many_streams'],
    [StreamsFullError, 503, 'too_many_streams']
  ]
  for (const [ErrorClass, status, publicCode] of cases) {
    const error = new ErrorClass('50% of "this" message, as given')
    t.match(error.code, /^AGM_[A-Z_]+$/, `${publicCode}: an AGM_ code`)
    t.equal(error.statusCode, status, `${publicCode}: status`)
    t.equal(error.message, '50% of "this" message, as given', `${publicCode}: the message is kept verbatim`)
    t.equal(publicCodeOf(error), publicCode)
  }
  t.equal(publicCodeOf(new Error('x')), undefined, 'other errors have no public code of ours')
  t.equal(publicCodeOf(Object.assign(new Error('x'), { code: 'FST_ERR_VALIDATION' })), undefined)
  t.equal(codeForStatus(413), 'payload_too_large')
  t.equal(codeForStatus(502), 'internal_error')
})

t.test('the error handler renders every thrown error as {error, message, request_id}, keeping headers set before the throw', async t => {
  const app = Fastify({ logger: false })
  await app.register(errorsPlugin)
  app.get('/streams', async (_request, reply) => {
    reply.header('retry-after', 30)
    throw new StreamsFullError('Too many open SSE streams.')
  })
  app.get('/crash', async () => { throw new Error('secret internals at 10.0.0.5') })
  app.post('/typed', { schema: { body: { type: 'object', required: ['a'] } } }, async () => ({ ok: true }))
  t.teardown(async () => { await app.close() })

  const streams = await app.inject({ method: 'GET', url: '/streams' })
  t.equal(streams.statusCode, 503)
  t.equal(streams.headers['retry-after'], '30')
  t.same(streams.json(), errorBody('too_many_streams', 'Too many open SSE streams.', streams.json().request_id), 'our 5xx keeps its code and message')

  const crash = await app.inject({ method: 'GET', url: '/crash' })
  t.equal(crash.statusCode, 500)
  t.equal(crash.json().error, 'internal_error')
  t.notMatch(crash.body, /10\.0\.0\.5/, 'another error\'s message never reaches the client')

  const typed = await app.inject({ method: 'POST', url: '/typed', payload: {} })
  t.equal(typed.statusCode, 400)
  t.match(typed.json(), { error: 'bad_request', message: /a/, request_id: String })

  const missing = await app.inject({ method: 'GET', url: '/nope' })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { error: 'not_found', message: 'No route GET /nope. The MCP endpoint is POST /mcp.' })
})
