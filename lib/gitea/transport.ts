import { setTimeout as sleep } from 'node:timers/promises'
import { GiteaError, type GiteaErrorCode } from './errors.js'
import { networkError, redirectError, statusError, timeoutError, type RequestContext } from './http-errors.js'
import { withoutQuery, type ApiBase } from './paths.js'

// One GET to Gitea: the token in the header and nowhere else, redirects never
// followed, one deadline covering connect, retry and reading the body, and
// every failure turned into a GiteaError.

export interface TransportOptions {
  base: ApiBase
  token: string
  timeoutMs: number
  userAgent: string
  /** Longest `Retry-After` honoured once on 429/503. */
  retryMaxWaitMs: number
  /** Told of every finished request (for metrics and alerts); must not throw. */
  observe?: (observation: GiteaObservation) => void
}

/** One request to Gitea as an observer sees it: how long it took and how it ended. Never its URL. */
export interface GiteaObservation {
  durationMs: number
  /** `ok`, the GiteaError code, or `aborted` when the caller gave up first. */
  outcome: 'ok' | 'aborted' | GiteaErrorCode
}

/** What `consume` gets: the successful response and the signal bounding the call. */
export type Consumer<T> = (response: Response, signal: AbortSignal) => Promise<T>

/** Most bytes of an error body read (enough for Gitea's JSON; a proxy's HTML page is cut). */
const ERROR_BODY_BYTES = 64 * 1024

export interface Capped {
  bytes: Buffer
  truncated: boolean
}

/**
 * Reads at most `maxBytes` of a body (and one chunk more, to know whether it
 * is longer), then cancels the rest so it is never downloaded. The bytes are
 * copied into one buffer as they come (sized from Content-Length when known,
 * else grown), so a read holds about `maxBytes` at its peak, not twice that.
 */
export async function readCapped (body: ReadableStream<Uint8Array> | null, maxBytes: number, expectedBytes?: number): Promise<Capped> {
  if (body === null) return { bytes: Buffer.alloc(0), truncated: false }
  const reader = body.getReader()
  const hint = expectedBytes !== undefined && Number.isSafeInteger(expectedBytes) && expectedBytes >= 0 ? expectedBytes : 64 * 1024
  let buffer = Buffer.allocUnsafe(Math.min(maxBytes, hint))
  let total = 0
  let truncated = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      const room = maxBytes - total
      if (value.byteLength > room) truncated = true
      const take = Math.min(room, value.byteLength)
      if (total + take > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(total + take, buffer.length * 2)))
        buffer.copy(grown, 0, 0, total)
        buffer = grown
      }
      buffer.set(value.subarray(0, take), total)
      total += take
      if (truncated) break
    }
  } finally {
    if (truncated) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
  return { bytes: buffer.subarray(0, total), truncated }
}

/** Retry-After in ms (seconds or an HTTP date); 1 s when absent; null when unreadable. */
function retryDelayMs (value: string | null): number | null {
  if (value === null) return 1000
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now())
}

async function discard (response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {})
}

export function createTransport (options: TransportOptions): {
  get: <T>(pathAndQuery: string, context: RequestContext, consume: Consumer<T>, callerSignal?: AbortSignal, accept?: string) => Promise<T>
} {
  const { base, token, timeoutMs, userAgent, retryMaxWaitMs, observe } = options

  async function get<T> (pathAndQuery: string, context: RequestContext, consume: Consumer<T>, callerSignal?: AbortSignal, accept = 'application/json'): Promise<T> {
    if (observe === undefined) return await exchange(pathAndQuery, context, consume, callerSignal, accept)
    const started = performance.now()
    const report = (outcome: GiteaObservation['outcome']): void => { observe({ durationMs: performance.now() - started, outcome }) }
    try {
      const result = await exchange(pathAndQuery, context, consume, callerSignal, accept)
      report('ok')
      return result
    } catch (error) {
      report(error instanceof GiteaError ? error.code : callerSignal?.aborted === true ? 'aborted' : 'gitea_error')
      throw error
    }
  }

  async function exchange<T> (pathAndQuery: string, context: RequestContext, consume: Consumer<T>, callerSignal: AbortSignal | undefined, accept: string): Promise<T> {
    const url = `${base.apiRoot}${pathAndQuery}`
    const info = { host: base.host, request: `GET /api/v1${withoutQuery(pathAndQuery)}` }
    const started = Date.now()
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = callerSignal === undefined ? deadline : AbortSignal.any([callerSignal, deadline])
    let answered = false
    try {
      if (callerSignal?.aborted === true) throw callerSignal.reason
      for (let attempt = 0; ; attempt++) {
        answered = false
        const response = await fetch(url, {
          method: 'GET',
          headers: { Authorization: `token ${token}`, Accept: accept, 'User-Agent': userAgent },
          redirect: 'manual',
          signal
        })
        answered = true
        if (response.status >= 300 && response.status < 400) {
          await discard(response)
          throw redirectError(response.status, response.headers.get('location'), base.apiRoot, base.origin, info)
        }
        if ((response.status === 429 || response.status === 503) && attempt === 0) {
          const delay = retryDelayMs(response.headers.get('retry-after'))
          const left = timeoutMs - (Date.now() - started)
          // Only a short wait that still leaves time for the retry itself.
          if (delay !== null && delay <= retryMaxWaitMs && delay < left / 2) {
            await discard(response)
            await sleep(delay, undefined, { signal })
            continue
          }
        }
        if (!response.ok) {
          let text = ''
          try {
            text = (await readCapped(response.body, ERROR_BODY_BYTES)).bytes.toString('utf8')
          } catch (error) {
            // The status alone still says what went wrong, unless time ran out.
            if (signal.aborted) throw error
          }
          throw statusError(response.status, text, context, info)
        }
        return await consume(response, signal)
      }
    } catch (error) {
      if (error instanceof GiteaError) throw error
      if (callerSignal?.aborted === true) throw callerSignal.reason
      if (deadline.aborted) throw timeoutError(base.host, timeoutMs, info.request)
      if (!answered) throw networkError(error, base.host)
      throw new GiteaError('gitea_error',
        `The connection to Gitea broke while reading the answer to ${info.request}: try again, and check any proxy in front of Gitea.`,
        undefined, `The connection to Gitea at ${base.host} broke while reading the answer to ${info.request}: ${String(error)}`)
    }
  }

  return { get }
}
