import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { GiteaError, type GiteaErrorCode } from './errors.js'
import { networkError, redirectError, statusError, timeoutError, type RequestContext } from './http-errors.js'
import { withoutQuery, type ApiBase } from './paths.js'

// One GET to Gitea (node:http(s), keep-alive): the token in the header and nowhere else, redirects never
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

/** One answer from Gitea: what the client reads of it. */
export interface GiteaResponse {
  status: number
  ok: boolean
  headers: { get: (name: string) => string | null }
  body: AsyncIterable<Uint8Array> | null
}

/** What reads a successful response (its body is cut off when the call's deadline passes or its caller gives up). */
export type Consumer<T> = (response: GiteaResponse) => Promise<T>

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
export async function readCapped (body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null, maxBytes: number, expectedBytes?: number): Promise<Capped> {
  if (body === null) return { bytes: Buffer.alloc(0), truncated: false }
  const hint = expectedBytes !== undefined && Number.isSafeInteger(expectedBytes) && expectedBytes >= 0 ? expectedBytes : 64 * 1024
  const sink = new CappedBuffer(maxBytes, hint)
  if ('getReader' in body) {
    const reader = body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done || !sink.add(value)) break
      }
    } finally {
      if (sink.truncated) await reader.cancel().catch(() => {})
      reader.releaseLock()
    }
  } else {
    // Leaving the loop early destroys a Node stream: the rest is never downloaded.
    for await (const chunk of body) if (!sink.add(chunk)) break
  }
  return { bytes: sink.bytes(), truncated: sink.truncated }
}

/** Bytes copied into one buffer as they come, up to `maxBytes`. */
class CappedBuffer {
  truncated = false
  #buffer: Buffer
  #total = 0
  readonly #maxBytes: number

  constructor (maxBytes: number, hint: number) {
    this.#maxBytes = maxBytes
    this.#buffer = Buffer.allocUnsafe(Math.min(maxBytes, hint))
  }

  /** Takes what fits; false once the cap is passed (the caller stops reading). */
  add (value: Uint8Array): boolean {
    const room = this.#maxBytes - this.#total
    if (value.byteLength > room) this.truncated = true
    const take = Math.min(room, value.byteLength)
    if (this.#total + take > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.#maxBytes, Math.max(this.#total + take, this.#buffer.length * 2)))
      this.#buffer.copy(grown, 0, 0, this.#total)
      this.#buffer = grown
    }
    this.#buffer.set(value.subarray(0, take), this.#total)
    this.#total += take
    return !this.truncated
  }

  bytes (): Buffer {
    return this.#buffer.subarray(0, this.#total)
  }
}

/** Retry-After in ms (seconds or an HTTP date); 1 s when absent; null when unreadable. */
function retryDelayMs (value: string | null): number | null {
  if (value === null) return 1000
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now())
}

/** Reads and drops a body nobody needs (a redirect's, a retried answer's), so the connection can be reused. */
function discard (response: GiteaResponse): void {
  (response.body as IncomingMessage | null)?.resume()
}

/**
 * Ports fetch (the Fetch standard) refuses to connect to, because other
 * protocols live there (SMTP, IRC, X11, ...): refused here too, as before
 * this client used node:http.
 */
const BAD_PORTS = new Set([
  '1', '7', '9', '11', '13', '15', '17', '19', '20', '21', '22', '23', '25', '37', '42', '43', '53', '69', '77', '79',
  '87', '95', '101', '102', '103', '104', '109', '110', '111', '113', '115', '117', '119', '123', '135', '137',
  '139', '143', '161', '179', '389', '427', '465', '512', '513', '514', '515', '526', '530', '531', '532',
  '540', '548', '554', '556', '563', '587', '601', '636', '989', '990', '993', '995', '1719', '1720', '1723',
  '2049', '3659', '4045', '4190', '5060', '5061', '6000', '6566', '6665', '6666', '6667', '6668', '6669', '6679',
  '6697', '10080'
])

/** Longest wait for a connection to Gitea (fetch's, undici's default). */
const CONNECT_TIMEOUT_MS = 10_000

/** Idle connections to Gitea are closed after this long (undici's default for fetch): before a proxy or Gitea drops them under a request. */
const IDLE_CONNECTION_MS = 4000

/**
 * What ends one exchange early: its deadline or its caller giving up. The
 * step in progress (a request and its body, or the wait before a retry)
 * says how it is stopped. (An AbortController and its listeners cost some
 * 10 µs a request, and a file read makes two.)
 */
class Interruption {
  stopped = false
  #reason: unknown
  #stopStep: ((reason: unknown) => void) | undefined

  stop (reason: unknown): void {
    if (this.stopped) return
    this.stopped = true
    this.#reason = reason
    this.#stopStep?.(reason)
  }

  /** How to stop the step now in progress; called at once when already stopped. */
  onStop (stopStep: (reason: unknown) => void): void {
    this.#stopStep = stopStep
    if (this.stopped) stopStep(this.#reason)
  }
}

/** Waits `ms`, unless the exchange is stopped first (then rejects with the reason). */
function wait (ms: number, interruption: Interruption): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    interruption.onStop((reason) => {
      clearTimeout(timer)
      reject(reason)
    })
  })
}

/**
 * One GET over node:http(s) with a keep-alive agent: the answer as soon as its
 * headers arrive, its body left to read. (fetch costs about three times the
 * CPU per request, and a file read makes several.) Stopping the exchange
 * destroys the request, and with it a body still being read.
 */
function send (url: string, headers: Record<string, string>, agent: HttpAgent, interruption: Interruption): Promise<GiteaResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    if (BAD_PORTS.has(target.port)) {
      reject(new TypeError('fetch failed', { cause: new Error('bad port') }))
      return
    }
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method: 'GET', headers, agent }, (response) => {
      const status = response.statusCode ?? 0
      resolve({
        status,
        ok: status >= 200 && status < 300,
        headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) },
        body: response
      })
    })
    // Shaped as fetch's failures were (the system error as the cause), so messages and log details stay the same.
    request.on('error', (error) => { reject(new TypeError('fetch failed', { cause: error })) })
    request.once('socket', (socket) => {
      if (!socket.connecting) return
      // fetch gave up connecting after 10 s ("host unreachable"), well before the request's own deadline.
      const timer = setTimeout(() => { request.destroy(Object.assign(new Error('connect timed out'), { code: 'UND_ERR_CONNECT_TIMEOUT' })) }, CONNECT_TIMEOUT_MS)
      const clear = (): void => { clearTimeout(timer) }
      socket.once('connect', clear)
      socket.once('close', clear)
    })
    // (node:http's own `signal` option would do the same, at some 30 µs a request of stream bookkeeping.)
    interruption.onStop((reason) => { request.destroy(reason instanceof Error ? reason : undefined) })
    request.end()
  })
}

function headerValue (value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * The exchanges in flight under each caller's signal, stopped together by one
 * 'abort' listener per signal. A listener added and removed for every request
 * cost a file read (two requests) some 20 µs (npm run compare:tool-call).
 * The listener goes with the signal; a finished exchange leaves the set.
 */
const exchangesOf = new WeakMap<AbortSignal, Set<Interruption>>()

/** Stops `interruption` when `signal` aborts; returns what takes it off again. */
function stopWithCaller (signal: AbortSignal, interruption: Interruption): () => void {
  const inFlight = exchangesOf.get(signal) ?? watch(signal)
  inFlight.add(interruption)
  return () => { inFlight.delete(interruption) }
}

function watch (signal: AbortSignal): Set<Interruption> {
  const inFlight = new Set<Interruption>()
  signal.addEventListener('abort', () => { for (const exchange of inFlight) exchange.stop(signal.reason) }, { once: true })
  exchangesOf.set(signal, inFlight)
  return inFlight
}

export function createTransport (options: TransportOptions): {
  get: <T>(pathAndQuery: string, context: RequestContext, consume: Consumer<T>, callerSignal?: AbortSignal, accept?: string) => Promise<T>
} {
  const { base, token, timeoutMs, userAgent, retryMaxWaitMs, observe } = options
  // One keep-alive pool per client (per Gitea): the connections are reused from call to call.
  const agent = base.origin.startsWith('https:')
    ? new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS })
    : new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS })

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
    const interruption = new Interruption()
    let timedOut = false
    const deadline = setTimeout(() => {
      timedOut = true
      interruption.stop(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
    }, timeoutMs)
    deadline.unref()
    const release = callerSignal === undefined ? undefined : stopWithCaller(callerSignal, interruption)
    let answered = false
    try {
      if (callerSignal?.aborted === true) throw callerSignal.reason
      for (let attempt = 0; ; attempt++) {
        answered = false
        const response = await send(url, { Authorization: `token ${token}`, Accept: accept, 'User-Agent': userAgent }, agent, interruption)
        answered = true
        if (response.status >= 300 && response.status < 400) {
          discard(response)
          throw redirectError(response.status, response.headers.get('location'), base.apiRoot, base.origin, info)
        }
        if ((response.status === 429 || response.status === 503) && attempt === 0) {
          const delay = retryDelayMs(response.headers.get('retry-after'))
          const left = timeoutMs - (Date.now() - started)
          // Only a short wait that still leaves time for the retry itself.
          if (delay !== null && delay <= retryMaxWaitMs && delay < left / 2) {
            discard(response)
            await wait(delay, interruption)
            continue
          }
        }
        if (!response.ok) {
          let text = ''
          try {
            text = (await readCapped(response.body, ERROR_BODY_BYTES)).bytes.toString('utf8')
          } catch (error) {
            // The status alone still says what went wrong, unless time ran out.
            if (interruption.stopped) throw error
          }
          throw statusError(response.status, text, context, info)
        }
        return await consume(response)
      }
    } catch (error) {
      if (error instanceof GiteaError) throw error
      if (callerSignal?.aborted === true) throw callerSignal.reason
      if (timedOut) throw timeoutError(base.host, timeoutMs, info.request)
      if (!answered) throw networkError(error, base.host)
      throw new GiteaError('gitea_error',
        `The connection to Gitea broke while reading the answer to ${info.request}: try again, and check any proxy in front of Gitea.`,
        undefined, `The connection to Gitea at ${base.host} broke while reading the answer to ${info.request}: ${String(error)}`)
    } finally {
      clearTimeout(deadline)
      release?.()
    }
  }

  return { get }
}
