/** The JSON body of every error outside JSON-RPC. */
export interface ErrorBody {
  error: string
  message: string
  request_id: string
}

export function errorBody (error: string, message: string, requestId: string): ErrorBody {
  return { error, message, request_id: requestId }
}

/** An error a route or hook throws to answer with a given status and code. */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string

  constructor (statusCode: number, code: string, message: string) {
    super(message)
    this.name = 'HttpError'
    this.statusCode = statusCode
    this.code = code
  }
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

/** A stable lower_snake code for a status, for errors that carry none of ours. */
export function codeForStatus (status: number): string {
  return CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request')
}
