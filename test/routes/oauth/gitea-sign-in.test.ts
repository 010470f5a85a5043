// "Sign in with Gitea" at the HTTP level, against the fake Gitea's OAuth2 provider:
// the page, the round trip (state bound to the interaction, used once), the person's
// own Gitea token behind their MCP token, refusals, and that no Gitea token leaks.
import t from 'tap'
import { GITEA_CALLBACK_PATH, GITEA_SCOPES } from '../../../lib/oauth/gitea-oauth.js'
import { approveAtGitea, giteaGrant, startGiteaOAuthApp } from '../../helpers/gitea-oauth.js'
import { authorizeUrl, Browser, csrfTokenOf, locationOf, pkcePair, registerClient, tokenRequest } from '../../helpers/oauth.js'
import { bearer, KEY_ONE } from '../../helpers/app.js'

async function callTool (base: string, token: string, name: string, args: Record<string, unknown>): Promise<{ status: number, body: Record<string, unknown> }> {
  const response = await fetch(`${base}/mcp/tool/call`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify({ name, arguments: args }) })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

/** The browser up to the sign-in page: its URL and HTML. */
async function toSignInPage (base: string, browser = new Browser()): Promise<{ url: string, html: string, browser: Browser }> {
  const registered = await registerClient(base)
  const { challenge } = pkcePair()
  const start = await browser.get(authorizeUrl(base, { clientId: String(registered.body.client_id), challenge }))
  const url = locationOf(start, base)
  return { url, html: await (await browser.get(url)).text(), browser }
}

t.test('the sign-in page offers "Sign in with Gitea" beside the API key, or alone', async t => {
  const both = await startGiteaOAuthApp(t)
  const page = await toSignInPage(both.base)
  t.match(page.html, />Sign in with Gitea</)
  t.match(page.html, /<label for="api-key">API key<\/label>/)
  const only = await startGiteaOAuthApp(t, { OAUTH_SIGN_IN: 'gitea' })
  const giteaOnly = await toSignInPage(only.base)
  t.match(giteaOnly.html, />Sign in with Gitea</)
  t.notMatch(giteaOnly.html, /api_key/, 'no key field')
  const posted = await giteaOnly.browser.postForm(`${giteaOnly.url}/login`, { _csrf: csrfTokenOf(giteaOnly.html), api_key: KEY_ONE })
  t.equal(posted.status, 404, 'and a key posted anyway is refused')
  const { base } = await startGiteaOAuthApp(t, { OAUTH_SIGN_IN: 'key' })
  t.notMatch((await toSignInPage(base)).html, /Sign in with Gitea/, 'key only: no Gitea button')
})

t.test('the button sends the browser to Gitea: code flow, PKCE S256, read scopes, a state, the callback URL', async t => {
  const { base } = await startGiteaOAuthApp(t)
  const page = await toSignInPage(base)
  const noCsrf = await page.browser.postForm(`${page.url}/gitea`, {})
  t.equal(noCsrf.status, 403, 'the button is CSRF-protected')
  const toGitea = await page.browser.postForm(`${page.url}/gitea`, { _csrf: csrfTokenOf(page.html) })
  t.equal(toGitea.status, 303)
  const target = new URL(toGitea.headers.get('location') ?? '')
  t.equal(target.pathname, '/login/oauth/authorize')
  t.equal(target.searchParams.get('response_type'), 'code')
  t.equal(target.searchParams.get('code_challenge_method'), 'S256')
  t.equal(target.searchParams.get('scope'), GITEA_SCOPES.join(' '))
  t.equal(target.searchParams.get('redirect_uri'), `${base}${GITEA_CALLBACK_PATH}`)
  t.ok((target.searchParams.get('state') ?? '').length >= 40)
})

t.test('the state: unknown ones are refused, it works only in the browser that started, and only once', async t => {
  const { base, audit } = await startGiteaOAuthApp(t)
  const unknown = await fetch(`${base}${GITEA_CALLBACK_PATH}?code=x&state=not-a-state-of-ours-000000000000`, { redirect: 'manual' })
  t.equal(unknown.status, 400)
  t.match(await unknown.text(), /expired/)

  const page = await toSignInPage(base)
  const toGitea = await page.browser.postForm(`${page.url}/gitea`, { _csrf: csrfTokenOf(page.html) })
  const callback = await approveAtGitea(toGitea.headers.get('location') ?? '', 'alice')
  // Another browser (no interaction cookie) is handed on, but its interaction refuses it.
  const stranger = new Browser()
  const handedOn = await stranger.get(callback.href)
  t.equal(handedOn.status, 303)
  t.equal((await stranger.get(locationOf(handedOn, base))).status, 400, 'not the browser that started')
  // The right browser, twice: the first goes on, the second finds the state used.
  const first = await page.browser.get(locationOf(await page.browser.get(callback.href), base))
  t.equal(first.status, 303, 'signed in')
  const again = await page.browser.get(`${page.url}/gitea?${callback.searchParams.toString()}`)
  t.equal(again.status, 400, 'a state is used once')
  t.match(audit.events('oauth_sign_in').find(e => e.outcome === 'success'), { method: 'gitea', gitea_user: 'alice', key_id: 'gitea:2' })
})

t.test('each person\'s MCP token reads Gitea as them: alice sees the private repository, hank does not; audited with gitea_user', async t => {
  const { base, audit, logs, gitea } = await startGiteaOAuthApp(t)
  const alice = await giteaGrant(base, 'alice')
  const hank = await giteaGrant(base, 'hank')
  const aliceSees = await callTool(base, alice.accessToken, 'get_repository_info', { owner: 'acme', repo: 'handbook' })
  t.equal(aliceSees.body.isError, undefined)
  t.match(aliceSees.body.structuredContent, { full_name: 'acme/handbook' })
  const hankSees = await callTool(base, hank.accessToken, 'get_repository_info', { owner: 'acme', repo: 'handbook' })
  t.equal(hankSees.body.isError, true, 'hank cannot read acme/handbook')
  const hankOwn = await callTool(base, hank.accessToken, 'get_repository_info', { owner: 'globex', repo: 'secret-plans' })
  t.match(hankOwn.body.structuredContent, { full_name: 'globex/secret-plans' })
  const viaKey = await callTool(base, KEY_ONE, 'get_repository_info', { owner: 'globex', repo: 'secret-plans' })
  t.equal(viaKey.body.isError, true, 'the bot token (an API key\'s calls) cannot read globex')

  const calls = audit.events('tool_call')
  t.match(calls[0], { tool: 'get_repository_info', gitea_user: 'alice', client_id: alice.clientId, key_id: 'gitea:2' })
  t.match(calls[1], { gitea_user: 'hank', client_id: hank.clientId, key_id: 'gitea:7' })
  t.notOk('gitea_user' in (calls.at(-1) ?? {}), 'a key\'s call names no Gitea user')
  // The person's token, not GITEA_TOKEN, went to Gitea; our MCP tokens never did.
  const sent = gitea.requests.filter(r => r.path === '/api/v1/repos/acme/handbook').map(r => r.authorization)
  t.ok(sent.some(header => header !== `token ${gitea.token}` && header !== undefined), 'a person\'s own token')
  const everything = JSON.stringify(gitea.requests)
  t.notOk(everything.includes(alice.accessToken) || everything.includes(hank.accessToken), 'no MCP token sent to Gitea')
  const logged = audit.lines.join('\n') + logs.lines.join('\n') + JSON.stringify([aliceSees, hankSees, hankOwn])
  for (const token of gitea.oauth.issuedTokens()) t.notOk(logged.includes(token), 'no Gitea token in a log or a response')
})

t.test('search_code: a person\'s calls never use the index built with the bot token (nor another person\'s)', async t => {
  const { base } = await startGiteaOAuthApp(t)
  const args = { owner: 'acme', repo: 'handbook', query: 'onboarding' }
  const asBot = await callTool(base, KEY_ONE, 'search_code', args)
  t.match(asBot.body.structuredContent, { cached: false })
  t.match((await callTool(base, KEY_ONE, 'search_code', args)).body.structuredContent, { cached: true }, 'the bot\'s calls share one cache')
  const alice = await giteaGrant(base, 'alice')
  const first = await callTool(base, alice.accessToken, 'search_code', args)
  t.match(first.body.structuredContent, { cached: false }, 'alice\'s first search reads Gitea as alice')
  t.match((await callTool(base, alice.accessToken, 'search_code', args)).body.structuredContent, { cached: true }, 'then her own cache answers')
})

t.test('GITEA_OAUTH_ALLOWED_ORGS: an outsider gets a clear refusal page, audited, and no grant', async t => {
  const { base, audit } = await startGiteaOAuthApp(t, { GITEA_OAUTH_ALLOWED_ORGS: 'acme' })
  const page = await toSignInPage(base)
  const toGitea = await page.browser.postForm(`${page.url}/gitea`, { _csrf: csrfTokenOf(page.html) })
  const callback = await approveAtGitea(toGitea.headers.get('location') ?? '', 'hank')
  const refused = await page.browser.get(locationOf(await page.browser.get(callback.href), base))
  t.equal(refused.status, 403)
  const html = await refused.text()
  t.match(html, /You may not use this server/)
  t.match(html, /hank is not a member of any organisation allowed/)
  t.match(audit.events('oauth_sign_in').at(-1), { outcome: 'failure', method: 'gitea', reason: 'not_in_allowed_orgs', gitea_user: 'hank' })
  t.match(await giteaGrant(base, 'alice'), { accessToken: /.+/ }, 'a member gets in')
})

t.test('Cancel at Gitea brings the person back to the sign-in page with a message', async t => {
  const { base, audit } = await startGiteaOAuthApp(t)
  const page = await toSignInPage(base)
  const toGitea = await page.browser.postForm(`${page.url}/gitea`, { _csrf: csrfTokenOf(page.html) })
  const callback = await approveAtGitea(toGitea.headers.get('location') ?? '', null)
  const back = await page.browser.get(locationOf(await page.browser.get(callback.href), base))
  t.equal(back.status, 401)
  t.match(await back.text(), /Gitea did not sign you in \(access_denied\)/)
  t.match(audit.events('oauth_sign_in').at(-1), { outcome: 'failure', method: 'gitea', reason: 'gitea_denied' })
})

t.test('before the next refresh, a call with a revoked Gitea grant says what to do (not "GITEA_TOKEN")', async t => {
  const { base, gitea } = await startGiteaOAuthApp(t)
  const alice = await giteaGrant(base, 'alice')
  gitea.oauth.revoke('alice')
  const result = await callTool(base, alice.accessToken, 'get_repository_info', { owner: 'acme', repo: 'handbook' })
  t.equal(result.body.isError, true)
  const text = JSON.stringify(result.body.content)
  t.match(text, /sign in with Gitea/)
  t.notMatch(text, /GITEA_TOKEN/)
})

t.test('a Gitea grant revoked in Gitea stops the MCP token at the next refresh, for good, and its refresh token too', async t => {
  const { base, audit, gitea } = await startGiteaOAuthApp(t)
  // Tokens that need refreshing at each use: the refresh is what notices the revocation.
  gitea.oauth.accessTokenLifetimeSeconds = 60
  const granted = await giteaGrant(base, 'alice')
  t.equal((await callTool(base, granted.accessToken, 'list_repositories', {})).status, 200)
  // The connector's own refresh works while the person's Gitea access goes on.
  const rotated = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: granted.refreshToken, client_id: granted.clientId })
  t.equal(rotated.status, 200, 'an MCP refresh for a Gitea sign-in')
  const alice = { clientId: granted.clientId, accessToken: String(rotated.body.access_token), refreshToken: String(rotated.body.refresh_token) }
  t.equal((await callTool(base, alice.accessToken, 'list_repositories', {})).status, 200)
  gitea.oauth.revoke('alice')
  const stopped = await callTool(base, alice.accessToken, 'list_repositories', {})
  t.equal(stopped.status, 401)
  t.equal(stopped.body.error, 'invalid_token')
  t.match(audit.events('oauth_token').find(e => e.action === 'revoked'), { reason: 'gitea_refresh_refused', gitea_user: 'alice', key_id: 'gitea:2', severity: 'medium' })
  t.match(audit.events('auth_failure').at(-1), { reason: 'oauth_token_refused', oauth_reason: 'gitea_access_ended' })
  const refreshed = await tokenRequest(base, { grant_type: 'refresh_token', refresh_token: alice.refreshToken, client_id: alice.clientId })
  t.equal(refreshed.status, 400, 'the MCP refresh token is refused too')
  t.equal(refreshed.body.error, 'invalid_grant')
})
