import createError from '@fastify/error'
import { Type, type Static } from 'typebox'

/** The JSON body of every error outside JSON-RPC; routes name it in their `response` schemas. */
export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  request_id: Type.String()
}, { additionalProperties: false })
export type ErrorBody = Static<typeof ErrorBody>

/** Builds an error body: for the error handler, and for the few answers written outside Fastify (hijacked or raw sockets). */
export function errorBody (error: string, message: string, requestId: string): ErrorBody {
  return { error, message, request_id: requestId }
}

// Our errors, as the official plugins declare theirs: an @fastify/error code
// (AGM_…) and status each. The body names the public lower_snake code of the
// contract, looked up here by the error's code; the message is the caller's.
const PUBLIC_CODES = new Map<string, string>()

function defineError (code: string, publicCode: string, statusCode: number): createError.FastifyErrorConstructor<{ code: string, statusCode: number }, [message: string]> {
  PUBLIC_CODES.set(code, publicCode)
  return createError<string, number, [message: string]>(code, '%s', statusCode)
}

export const BadRequestError = defineError('AGM_BAD_REQUEST', 'bad_request', 400)
/** No credentials, or not a bearer key: the plain challenge. */
export const UnauthorizedError = defineError('AGM_UNAUTHORIZED', 'unauthorized', 401)
/** A bearer key that is wrong or expired: the `error="invalid_token"` challenge. */
export const InvalidTokenError = defineError('AGM_INVALID_TOKEN', 'invalid_token', 401)
export const HostNotAllowedError = defineError('AGM_HOST_NOT_ALLOWED', 'host_not_allowed', 403)
export const OriginNotAllowedError = defineError('AGM_ORIGIN_NOT_ALLOWED', 'origin_not_allowed', 403)
export const NotFoundError = defineError('AGM_NOT_FOUND', 'not_found', 404)
export const UnknownToolError = defineError('AGM_UNKNOWN_TOOL', 'unknown_tool', 404)
export const UnknownSessionError = defineError('AGM_UNKNOWN_SESSION', 'unknown_session', 404)
export const MethodNotAllowedError = defineError('AGM_METHOD_NOT_ALLOWED', 'method_not_allowed', 405)
export const RateLimitedError = defineError('AGM_RATE_LIMITED', 'rate_limited', 429)
export const TooManyAuthFailuresError = defineError('AGM_TOO_MANY_AUTH_FAILURES', 'too_many_auth_failures', 429)
/** One key holds the most legacy SSE streams it may. */
export const KeyStreamsFullError = defineError('AGM_KEY_STREAMS_FULL', 'too_many_streams', 429)
/** The server holds the most legacy SSE streams it may. */
export const StreamsFullError = defineError('AGM_STREAMS_FULL', 'too_many_streams', 503)
/** OAuth state lives in Redis (REDIS_URL) and Redis is unreachable: OAuth endpoints and OAuth tokens wait for it (the OAuth error code). */
export const OAuthUnavailableError = defineError('AGM_OAUTH_UNAVAILABLE', 'temporarily_unavailable', 503)
/** While OAuth state is unreachable (Redis lost): how soon to try again; the state store probes Redis every second. */
export const OAUTH_RETRY_AFTER_SECONDS = 5
export const OAUTH_UNAVAILABLE_MESSAGE = 'OAuth is briefly unavailable: its shared state (Redis) cannot be reached. Retry shortly; API keys still work.'

/** The public code of one of the errors above; undefined for any other error. */
export function publicCodeOf (error: Error & { code?: unknown }): string | undefined {
  return typeof error.code === 'string' ? PUBLIC_CODES.get(error.code) : undefined
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'headers_too_large',
  503: 'unavailable'
}

/** A stable lower_snake code for a status, for errors that are not ours (Fastify's, a plugin's). */
export function codeForStatus (status: number): string {
  return CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request')
}
