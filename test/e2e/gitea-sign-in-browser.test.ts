// "Sign in with Gitea" through ChatGPT's connector path in a real browser (Debian's headless
// Chromium, driven by playwright-core). The test plays the connector (DCR, PKCE, its loopback
// callback); the person's steps are Chromium's: the server's sign-in page, "Sign in with Gitea",
// the fake Gitea's authorize page (pick a person), the server's consent page, Allow. Each person's
// token, used with the MCP SDK's client, sees what Gitea lets that person see.

import t, { type Test } from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshotDir, startCallback } from '../helpers/browser.js'
import { startGiteaOAuthApp } from '../helpers/gitea-oauth.js'
import { authorizeUrl, pkcePair, registerClient, tokenRequest } from '../helpers/oauth.js'

t.setTimeout(180_000)

// `UPDATE_SCREENSHOTS=1 npx tap test/e2e/gitea-sign-in-browser.test.ts` refreshes docs/images/oauth-sign-in-gitea.png.
const SCREENSHOTS = screenshotDir()

/** Every body and header the browser received (to look for tokens that must never be there). */
function recordResponses (page: Page, seen: string[]): void {
  page.on('response', response => {
    seen.push(JSON.stringify(response.headers()))
    response.text().then(body => { seen.push(body) }, () => {})
  })
}

interface Connected { accessToken: string, refreshToken: string, clientId: string }

/** ChatGPT's flow with "Sign in with Gitea" as `login`, in Chromium: the connector's tokens. */
async function connectAs (t: Test, browser: Browser, base: string, login: string, seen: string[]): Promise<Connected> {
  const callback = await startCallback(t)
  const registered = await registerClient(base, { client_name: 'ChatGPT', redirect_uris: [callback.url] })
  const clientId = String(registered.body.client_id)
  const { verifier, challenge } = pkcePair()
  const page = await browser.newPage()
  t.teardown(async () => { await page.close() })
  recordResponses(page, seen)
  await page.goto(authorizeUrl(base, { clientId, challenge, redirectUri: callback.url, state: `chatgpt-${login}` }))
  t.ok(await page.getByLabel('API key').isVisible(), 'the API key field is there')
  if (login === 'alice') {
    const file = join(SCREENSHOTS, 'oauth-sign-in-gitea.png')
    await page.setViewportSize({ width: 720, height: 720 })
    await page.screenshot({ path: file, fullPage: true })
    t.same(readFileSync(file).subarray(0, 4), Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a screenshot of the sign-in page')
  }
  await page.getByRole('button', { name: 'Sign in with Gitea' }).click()
  await page.getByRole('button', { name: `Authorize as ${login}` }).click()
  const allow = page.getByRole('button', { name: 'Allow' })
  await allow.waitFor()
  t.match(await page.locator('main').innerText(), new RegExp(`Gitea user ${login}`), 'consent names the Gitea person')
  const arrived = callback.next()
  await allow.click()
  const query = await arrived
  t.equal(query.get('state'), `chatgpt-${login}`)
  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code: query.get('code') ?? '', redirect_uri: callback.url, client_id: clientId, code_verifier: verifier })
  t.equal(tokens.status, 200)
  seen.push(JSON.stringify(tokens.body))
  return { accessToken: String(tokens.body.access_token), refreshToken: String(tokens.body.refresh_token), clientId }
}

async function mcpClient (t: Test, base: string, token: string): Promise<Client> {
  const client = new Client({ name: 'chatgpt-stand-in', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }))
  t.teardown(async () => { await client.close() })
  return client
}

async function repositoriesOf (client: Client, seen: string[]): Promise<string[]> {
  const result = await client.callTool({ name: 'list_repositories', arguments: { limit: 50 } })
  seen.push(JSON.stringify(result))
  const content = result.structuredContent as { repositories?: Array<{ full_name: string }> } | undefined
  return (content?.repositories ?? []).map(repo => repo.full_name).sort()
}

let browser: Browser
t.before(async () => { browser = await launchChromium(t) })

t.test('two people sign in with Gitea in Chromium and see different repositories through the same tools; no Gitea token anywhere', async t => {
  const { base, audit, logs, gitea } = await startGiteaOAuthApp(t, { GITEA_OAUTH_ALLOWED_ORGS: 'acme,globex' })
  const seen: string[] = []
  const alice = await connectAs(t, browser, base, 'alice', seen)
  const hank = await connectAs(t, browser, base, 'hank', seen)
  t.same(gitea.oauth.signIns, ['alice', 'hank'], 'each signed in at Gitea')

  const aliceRepos = await repositoriesOf(await mcpClient(t, base, alice.accessToken), seen)
  const hankRepos = await repositoriesOf(await mcpClient(t, base, hank.accessToken), seen)
  t.ok(aliceRepos.includes('acme/handbook'), 'alice sees the private acme/handbook')
  t.notOk(hankRepos.includes('acme/handbook'), 'hank does not')
  t.ok(hankRepos.includes('globex/secret-plans'), 'hank sees globex/secret-plans')
  t.notOk(aliceRepos.includes('globex/secret-plans'), 'alice does not')

  const hankClient = await mcpClient(t, base, hank.accessToken)
  const denied = await hankClient.callTool({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'handbook' } })
  seen.push(JSON.stringify(denied))
  t.equal(denied.isError, true, 'the same tool, refused for hank')

  t.match(audit.events('oauth_sign_in').filter(e => e.outcome === 'success'), [{ method: 'gitea', gitea_user: 'alice' }, { method: 'gitea', gitea_user: 'hank' }])
  t.match(audit.events('tool_call').find(e => e.gitea_user === 'alice'), { client_id: alice.clientId })
  const everywhere = [...seen, audit.lines.join('\n'), logs.lines.join('\n')].join('\n')
  const issued = gitea.oauth.issuedTokens()
  t.ok(issued.length >= 4, 'Gitea issued tokens to the server')
  t.notOk(issued.some(token => everywhere.includes(token)), 'no Gitea token in the audit log, the app log or any response')
  t.notOk(everywhere.includes(gitea.oauth.app.clientSecret), 'nor the client secret')
  const sentToGitea = JSON.stringify(gitea.requests)
  t.notOk(sentToGitea.includes(alice.accessToken) || sentToGitea.includes(hank.accessToken), 'no MCP token sent to Gitea')
})

t.test('a person outside GITEA_OAUTH_ALLOWED_ORGS gets a clear refusal page in Chromium', async t => {
  const { base, audit } = await startGiteaOAuthApp(t, { GITEA_OAUTH_ALLOWED_ORGS: 'acme' })
  const callback = await startCallback(t)
  const registered = await registerClient(base, { client_name: 'ChatGPT', redirect_uris: [callback.url] })
  const { challenge } = pkcePair()
  const page = await browser.newPage()
  t.teardown(async () => { await page.close() })
  await page.goto(authorizeUrl(base, { clientId: String(registered.body.client_id), challenge, redirectUri: callback.url }))
  await page.getByRole('button', { name: 'Sign in with Gitea' }).click()
  await page.getByRole('button', { name: 'Authorize as hank' }).click()
  await page.getByRole('heading', { name: 'You may not use this server' }).waitFor()
  t.match(await page.locator('main').innerText(), /hank is not a member of any organisation allowed to use this server/)
  t.notOk(await page.getByRole('button', { name: 'Allow' }).isVisible(), 'no consent for an outsider')
  t.match(audit.events('oauth_sign_in').at(-1), { outcome: 'failure', reason: 'not_in_allowed_orgs', gitea_user: 'hank' })
})

t.test('a Gitea grant revoked in Gitea stops the connector\'s MCP token at the next refresh', async t => {
  const { base, audit, gitea } = await startGiteaOAuthApp(t)
  gitea.oauth.accessTokenLifetimeSeconds = 60 // inside the refresh margin: every use refreshes
  const alice = await connectAs(t, browser, base, 'alice', [])
  const before = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${alice.accessToken}` } })
  t.equal(before.status, 200)
  gitea.oauth.revoke('alice')
  const after = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${alice.accessToken}` } })
  t.equal(after.status, 401)
  t.match(after.headers.get('www-authenticate'), /error="invalid_token"/)
  t.match(audit.events('oauth_token').find(e => e.action === 'revoked'), { reason: 'gitea_refresh_refused', gitea_user: 'alice' })
})
