// Sends alert messages to a Slack-compatible webhook ({"text": "..."}):
// fire-and-forget, each bounded by a timeout, so a slow or broken receiver
// never slows or fails a request. A failing receiver is logged once, not once
// per message, until it works again. Only the webhook's host is ever logged:
// its path is its credential.

export const WEBHOOK_TIMEOUT_MS = 5_000
/** Longest message sent; Slack's own limit is far above. */
const MAX_TEXT = 1_500

export interface WebhookLog {
  warn: (details: Record<string, unknown>, message: string) => void
  info: (details: Record<string, unknown>, message: string) => void
}

export interface WebhookSenderOptions {
  url: string
  log: WebhookLog
  timeoutMs?: number
  /** Strings no message may carry (the Gitea token, plain API keys); blanked wherever they appear. */
  secrets?: () => readonly string[]
  /** Put before every message: which server speaks. */
  prefix?: string
  /** Told how each message ended (metrics). */
  onResult?: (delivered: boolean) => void
}

export interface WebhookSender {
  send: (text: string) => void
  /** Resolves when every message sent so far has been delivered or given up on (tests, shutdown). */
  settled: () => Promise<void>
}

export function createWebhookSender (options: WebhookSenderOptions): WebhookSender {
  const host = new URL(options.url).host
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS
  const inflight = new Set<Promise<void>>()
  let failing = false

  async function deliver (text: string): Promise<void> {
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs)
      })
      await response.body?.cancel().catch(() => {})
      if (!response.ok) throw new Error(`the webhook answered ${response.status}`)
      if (failing) options.log.info({ webhook_host: host }, 'alert webhook delivers again')
      failing = false
      options.onResult?.(true)
    } catch (error) {
      options.onResult?.(false)
      if (failing) return
      failing = true
      options.log.warn({ webhook_host: host, reason: reasonOf(error, timeoutMs) }, 'alert webhook failed; further failures are not logged until one succeeds')
    }
  }

  return {
    send (text) {
      const message = scrub(`${options.prefix ?? ''}${text}`, options.secrets?.() ?? [], options.url)
      const delivery = deliver(message).finally(() => inflight.delete(delivery))
      inflight.add(delivery)
    },
    async settled () {
      await Promise.all([...inflight])
    }
  }
}

/**
 * A message as sent: no configured secret, nothing shaped like an API key,
 * no query string of any URL, no webhook URL; cut to a bounded length.
 */
export function scrub (text: string, secrets: readonly string[], webhookUrl?: string): string {
  let out = text
  for (const secret of [...secrets, ...(webhookUrl === undefined ? [] : [webhookUrl])]) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]')
  }
  out = out
    .replace(/agm_[A-Za-z0-9_-]{8,}/g, '[redacted key]')
    .replace(/(https?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1')
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out
}

// A fetch error's message may quote the URL; say only what kind of failure it was.
function reasonOf (error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return 'failed'
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`
  if (error.message.startsWith('the webhook answered')) return error.message
  const code = (error.cause as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed'
}
