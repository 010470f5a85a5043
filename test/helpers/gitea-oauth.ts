import type { FakeGitea } from '../fake-gitea/server.js'

/**
 * Plays the person on the fake Gitea's authorize page without a browser: opens
 * `authorizeUrl`, picks `login` (or cancels), and returns where Gitea sends
 * the browser back (the callback URL with code and state, or an error).
 */
export async function approveAtGitea (authorizeUrl: string, login: string | null): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' })
  if (page.status !== 200) throw new Error(`Gitea's authorize page answered ${page.status}: ${await page.text()}`)
  const html = await page.text()
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = (match[2] as string).replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)))
  }
  if (login === null) fields.granted = 'false'
  else fields.login = login
  const granted = await fetch(new URL('/login/oauth/grant', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual'
  })
  const location = granted.headers.get('location')
  if (granted.status !== 303 || location === null) throw new Error(`Gitea's grant answered ${granted.status}`)
  return new URL(location)
}

/** Registers `redirectUri` with the fake's OAuth2 application. */
export function registerGiteaCallback (gitea: FakeGitea, redirectUri: string): void {
  gitea.oauth.app.redirectUris.push(redirectUri)
}
