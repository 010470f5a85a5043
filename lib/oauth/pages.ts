import { createHash } from 'node:crypto'

/**
 * The authorization server's pages: sign-in, consent and errors. Plain
 * server-rendered HTML, every value escaped, no script. The one stylesheet is
 * inline and allowed by its hash, so the CSP can deny everything else.
 */

const CSS = 'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}' +
  'main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}' +
  'h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;font-weight:600;margin:1rem 0 .25rem}' +
  'input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #98a2b3;border-radius:4px}' +
  'button{font:inherit;padding:.5rem 1.25rem;margin:1rem .5rem 0 0;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}' +
  'button.secondary{background:#fff;color:#1d2330;border-color:#98a2b3}.error{color:#b42318;font-weight:600}' +
  '.host{font-family:ui-monospace,monospace;font-size:1.1rem;font-weight:700;background:#fef3c7;padding:.1rem .3rem;border-radius:3px}' +
  'small{color:#475467}'

const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`

/**
 * The pages' CSP. No `form-action`: on the consent page it would also govern
 * the redirect that follows the POST, to the client's own origin, and
 * Chromium then silently stops the flow.
 */
export const PAGE_CSP = `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; frame-ancestors 'none'; base-uri 'none'`

export function escapeHtml (value: unknown): string {
  return String(value).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function layout (title: string, body: string): string {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>` +
    `<body><main>${body}</main></body></html>\n`
}

export interface SignInPage {
  /** Where the API key form posts; null when OAUTH_SIGN_IN leaves keys out. */
  action: string | null
  /** Where the "Sign in with Gitea" button posts; null when OAUTH_SIGN_IN leaves Gitea out. */
  giteaAction?: string | null
  csrfToken: string
  clientName: string
  error?: string
}

export function signInPage (page: SignInPage): string {
  const error = page.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(page.error)}</p>`
  const gitea = page.giteaAction == null
    ? ''
    : `<form method="post" action="${escapeHtml(page.giteaAction)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrfToken)}">
<button type="submit">Sign in with Gitea</button>
</form>
<p><small>You sign in on Gitea itself; the application then reads only what your Gitea account may read.</small></p>`
  const key = page.action === null
    ? ''
    : `<form method="post" action="${escapeHtml(page.action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrfToken)}">
<label for="api-key">API key</label>
<input type="password" id="api-key" name="api_key" autocomplete="current-password" required${page.giteaAction == null ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<p><small>The key is checked here and never given to the application: it gets a token of its own, bound to this key.</small></p>`
  const how = page.action === null ? 'Sign in with your Gitea account.' : page.giteaAction == null ? 'Sign in with one of the server\'s API keys.' : 'Sign in with your Gitea account, or with one of the server\'s API keys.'
  return layout('Sign in: aegis-gitea-mcp', `<h1>Sign in to aegis-gitea-mcp</h1>
<p><strong>${escapeHtml(page.clientName)}</strong> asks to read your Gitea through this server. ${how}</p>
${error}${gitea}${key}`)
}

export interface ConsentPage {
  action: string
  csrfToken: string
  clientName: string
  clientId: string
  redirectHost: string
  keyId: string
  /** Set when the person signed in with Gitea: the application reads as them. */
  giteaLogin?: string
}

export function consentPage (page: ConsentPage): string {
  const named = page.clientName === page.clientId ? '' : `<p><small>Client id: ${escapeHtml(page.clientId)}</small></p>`
  return layout('Allow access: aegis-gitea-mcp', `<h1>Allow <strong>${escapeHtml(page.clientName)}</strong> to read Gitea?</h1>
${named}<p>After you allow it you are sent to <span class="host">${escapeHtml(page.redirectHost)}</span>. Allow only if that is the application you are connecting.</p>
${page.giteaLogin === undefined
    ? `<p>It may read what key <code>${escapeHtml(page.keyId)}</code> may read, with the read-only tools that key may use, until that key is retired or you revoke it.</p>`
    : `<p>It may use every read-only tool of this server as Gitea user <code>${escapeHtml(page.giteaLogin)}</code>, seeing what that account may read, until you revoke it here or in Gitea.</p>`}
<form method="post" action="${escapeHtml(page.action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrfToken)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`)
}

export function messagePage (title: string, message: string, details: Record<string, string> = {}): string {
  const rows = Object.entries(details).map(([name, value]) => `<p><small>${escapeHtml(name)}: ${escapeHtml(value)}</small></p>`).join('\n')
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>\n${rows}`)
}
