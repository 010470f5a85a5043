/**
 * Most JSON-RPC messages one POST /mcp may carry. Batches exist only in MCP
 * 2025-03-26 (2025-06-18 removed them); the cap keeps one POST from turning
 * into many Gitea calls at once.
 */
export const MAX_BATCH_MESSAGES = 20

/** A JSON-RPC request: a message with a method and an id (a notification has no id, a response no method). */
function isRequest (message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false
  const record = message as Record<string, unknown>
  return typeof record.method === 'string' && 'id' in record && record.id !== null
}

/**
 * What a body costs against the per-key rate limit: one for the POST itself,
 * and one for every further request in a batch. Notifications cost nothing
 * extra: they start no work.
 */
export function requestCost (body: unknown): number {
  if (!Array.isArray(body)) return 1
  return Math.max(1, body.filter(isRequest).length)
}
