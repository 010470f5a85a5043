import type { Test } from 'tap'
import { GITEA_CALLBACK_PATH } from '../../lib/oauth/gitea-oauth.js'
import { SAMPLE_OAUTH_APP } from '../fake-gitea/handlers-oauth.js'
import type { FakeGitea } from '../fake-gitea/server.js'
import type { TestAppOptions } from './app.js'
import { authorizeUrl, Browser, csrfTokenOf, LOOPBACK_CALLBACK, locationOf, pkcePair, registerClient, startOAuthApp, tokenRequest, type OAuthTestApp } from './oauth.js'

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

/** The app with OAuth on and "Sign in with Gitea" set up against its fake Gitea's OAuth2 application. */
export async function startGiteaOAuthApp (t: Test, env: Record<string, string> = {}, options: Omit<TestAppOptions, 'env'> = {}): Promise<OAuthTestApp> {
  const started = await startOAuthApp(t, {
    ...options,
    env: { OAUTH_SIGN_IN: 'key,gitea', GITEA_OAUTH_CLIENT_ID: SAMPLE_OAUTH_APP.clientId, GITEA_OAUTH_CLIENT_SECRET: SAMPLE_OAUTH_APP.clientSecret, ...env }
  })
  registerGiteaCallback(started.gitea, `${started.base}${GITEA_CALLBACK_PATH}`)
  return started
}

/**
 * Registration, "Sign in with Gitea" as `login` (or refused), consent and code
 * exchange, as a browser without JavaScript would: the client's tokens.
 */
export async function giteaGrant (base: string, login: string): Promise<{ clientId: string, accessToken: string, refreshToken: string }> {
  const registered = await registerClient(base)
  const clientId = String(registered.body.client_id)
  const { verifier, challenge } = pkcePair()
  const browser = new Browser()
  const start = await browser.get(authorizeUrl(base, { clientId, challenge }))
  const signInUrl = locationOf(start, base)
  const signIn = await browser.get(signInUrl)
  const toGitea = await browser.postForm(`${signInUrl}/gitea`, { _csrf: csrfTokenOf(await signIn.text()) })
  if (toGitea.status !== 303) throw new Error(`the Gitea button answered ${toGitea.status}`)
  const callback = await approveAtGitea(toGitea.headers.get('location') ?? '', login)
  const handedOn = await browser.get(callback.href)
  const back = await browser.get(locationOf(handedOn, base))
  if (back.status !== 303) throw new Error(`the Gitea sign-in answered ${back.status}: ${await back.text()}`)
  const resumed = await browser.get(locationOf(back, base))
  const consentUrl = locationOf(resumed, base)
  const consent = await browser.get(consentUrl)
  const afterConsent = await browser.postForm(`${consentUrl}/confirm`, { _csrf: csrfTokenOf(await consent.text()), decision: 'allow' })
  const done = new URL(locationOf(await browser.get(locationOf(afterConsent, base)), base))
  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code: done.searchParams.get('code') ?? '', redirect_uri: LOOPBACK_CALLBACK, client_id: clientId, code_verifier: verifier })
  if (tokens.status !== 200) throw new Error(`token exchange answered ${tokens.status}`)
  return { clientId, accessToken: String(tokens.body.access_token), refreshToken: String(tokens.body.refresh_token) }
}
