/** The connector UIs' published OAuth callbacks: ChatGPT (and its app review) and Claude. */
export const KNOWN_REDIRECT_URIS: readonly string[] = [
  'https://chatgpt.com/connector_platform_oauth_redirect',
  'https://platform.openai.com/apps-manage/oauth',
  'https://claude.ai/api/mcp/auth_callback',
  'https://claude.com/api/mcp/auth_callback'
]

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Whether a client may register `uri` as a redirect URI: the known callbacks
 * and `extra` (OAUTH_REDIRECT_URIS) exactly, and loopback http URLs on any
 * port and path (RFC 8252, for the Inspector and CLIs).
 */
export function isAllowedRedirectUri (uri: unknown, extra: readonly string[]): boolean {
  if (typeof uri !== 'string') return false
  if (KNOWN_REDIRECT_URIS.includes(uri) || extra.includes(uri)) return true
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.username === '' && url.password === '' && url.hash === '' && !uri.includes('#')
}

/** The host a redirect URI sends the person back to, as the consent page shows it. */
export function redirectHost (uri: string): string {
  try {
    return new URL(uri).host
  } catch {
    return '(unknown)'
  }
}
