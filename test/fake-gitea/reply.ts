// Writing responses the way Gitea's APIContext does: JSON bodies, the error
// bodies of services/context/api.go, and the paging headers.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { type QueryValues, goJson } from './go-format.js'
import { linkHeader } from './paging.js'
import { type ResponseContext, swaggerUrl } from './responses.js'

/** Everything a handler needs about the request being served. */
export interface RequestState {
  req: IncomingMessage
  res: ServerResponse
  /** Path as sent, still percent-encoded (what Link headers repeat). */
  rawPath: string
  query: QueryValues
  ctx: ResponseContext
}

export function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = goJson(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json;charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

/** ctx.APIError: {"message","url"}. */
export function apiError (state: RequestState, status: number, message: string): void {
  sendJson(state.res, status, { message, url: swaggerUrl(state.ctx.appUrl) })
}

/**
 * ctx.APIErrorNotFound(objs...): message defaults to "not found"; error
 * objects are listed in "errors", which is null when there are none.
 */
export function notFound (state: RequestState, message = 'not found', errors: string[] | null = null): void {
  sendJson(state.res, 404, { message, url: swaggerUrl(state.ctx.appUrl), errors })
}

function exposeHeaders (state: RequestState, ...names: string[]): void {
  const current = state.res.getHeader('Access-Control-Expose-Headers')
  const list = typeof current === 'string' && current !== '' ? current.split(', ') : []
  state.res.setHeader('Access-Control-Expose-Headers', [...list, ...names].join(', '))
}

/** ctx.SetLinkHeader: only when there is more than one page. */
export function setLinkHeader (state: RequestState, total: number, pageSize: number, rawPage: number): void {
  const link = linkHeader(state.ctx.appUrl, state.rawPath, state.query, total, pageSize, rawPage)
  if (link !== undefined) {
    state.res.setHeader('Link', link)
    exposeHeaders(state, 'Link')
  }
}

/** ctx.SetTotalCountHeader. */
export function setTotalCount (state: RequestState, total: number): void {
  state.res.setHeader('X-Total-Count', String(total))
  exposeHeaders(state, 'X-Total-Count')
}
