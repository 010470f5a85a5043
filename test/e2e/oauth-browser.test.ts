// ChatGPT's connector path in a real browser (Debian's headless Chromium, driven by
// playwright-core): the test plays the connector. It registers (DCR, or a client id metadata
// document it serves), sends the browser to the authorize URL, and a person's steps follow as
// Chromium takes them: the sign-in page, the API key typed into the field labelled "API key",
// the consent page, Allow. The browser lands on the connector's loopback callback; the test
// exchanges the code with its PKCE verifier and uses the token over /mcp with the MCP SDK's client.
//
// The screenshots in docs/images/ are taken here: `UPDATE_SCREENSHOTS=1 npx tap test/e2e/oauth-browser.test.ts`.

import t, { type Test } from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshotDir, startCallback } from '../helpers/browser.js'
import { KEY_ONE } from '../helpers/app.js'
import { authorizeUrl, pkcePair, registerClient, startOAuthApp, tokenRequest } from '../helpers/oauth.js'

// A browser start and a few page loads: more than tap's 30 s on a busy 2-core machine.
t.setTimeout(120_000)

const SCREENSHOTS = screenshotDir()

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

async function screenshot (t: Test, page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, name)
  await page.screenshot({ path, fullPage: true })
  t.same(readFileSync(path).subarray(0, 8), PNG_SIGNATURE, `${name} is a PNG`)
}

/** The person's part: sign in with `key`, then press `decision` on the consent page. */
async function signInInBrowser (page: Page, authorize: string, key: string): Promise<void> {
  await page.goto(authorize)
  await page.getByLabel('API key').fill(key)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

let browser: Browser
t.before(async () => { browser = await launchChromium(t) })

t.test('DCR: the sign-in and consent pages in Chromium, back at the connector with a code that works at /mcp', async t => {
  const { base, audit } = await startOAuthApp(t)
  const callback = await startCallback(t)
  const registered = await registerClient(base, { client_name: 'ChatGPT', redirect_uris: [callback.url] })
  t.equal(registered.status, 201)
  const clientId = String(registered.body.client_id)
  const { verifier, challenge } = pkcePair()
  const page = await browser.newPage({ viewport: { width: 720, height: 640 } })
  t.teardown(async () => { await page.close() })

  await page.goto(authorizeUrl(base, { clientId, challenge, redirectUri: callback.url, state: 'chatgpt-state' }))
  const keyField = page.getByLabel('API key')
  t.equal(await keyField.getAttribute('type'), 'password', 'the API key field is a password input')
  t.ok(await page.getByText('ChatGPT').first().isVisible(), 'the sign-in page names the client')
  await screenshot(t, page, 'oauth-sign-in.png')
  await keyField.fill(KEY_ONE)
  await page.getByRole('button', { name: 'Sign in' }).click()

  const allow = page.getByRole('button', { name: 'Allow' })
  await allow.waitFor()
  t.ok(await page.getByRole('button', { name: 'Deny' }).isVisible(), 'a Deny button')
  const consentText = await page.locator('main').innerText()
  t.match(consentText, /ChatGPT/, 'the consent page names the client')
  t.match(consentText, new URL(callback.url).host, 'and the host it will send the person back to')
  await screenshot(t, page, 'oauth-consent.png')

  const arrived = callback.next()
  await allow.click()
  const query = await arrived
  await page.waitForURL(url => url.href.startsWith(callback.url))
  t.equal(query.get('state'), 'chatgpt-state')
  t.equal(query.get('iss'), base)
  const code = query.get('code') ?? ''
  t.ok(code.length > 20, 'the browser brought a code to the connector')

  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: callback.url, client_id: clientId, code_verifier: verifier })
  t.equal(tokens.status, 200)
  const client = new Client({ name: 'chatgpt-stand-in', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { Authorization: `Bearer ${String(tokens.body.access_token)}` } } }))
  t.teardown(async () => { await client.close() })
  const { tools } = await client.listTools()
  t.ok(tools.some(tool => tool.name === 'search'), 'the tools are listed')
  const result = await client.callTool({ name: 'get_repository_info', arguments: { owner: 'acme', repo: 'platform' } })
  t.notOk(result.isError)
  t.match(result.structuredContent, { full_name: 'acme/platform' })
  t.match(audit.events('oauth_consent')[0], { outcome: 'allowed', client_id: clientId })
  t.match(audit.events('tool_call').at(-1), { tool: 'get_repository_info', client_id: clientId })
})

t.test('CIMD: a client id metadata document served on loopback, the same pages in Chromium', async t => {
  const callback = await startCallback(t)
  const documentUrl = 'https://connector.example.com/oauth/client-metadata.json'
  const metadata = createServer((request, response) => {
    if (request.url !== '/oauth/client-metadata.json') { response.writeHead(404).end(); return }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ client_id: documentUrl, client_name: 'Claude', redirect_uris: [callback.url], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }))
  })
  await new Promise<void>(resolve => metadata.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { metadata.close() })
  const address = metadata.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  // The https client id is served from loopback (production's fetch refuses loopback addresses).
  const oauthFetch: typeof fetch = async (url, init) => {
    const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown }
    return await fetch(`http://127.0.0.1:${port}${new URL(String(url)).pathname}`, rest)
  }
  const { base } = await startOAuthApp(t, { oauth: { fetch: oauthFetch } })
  const { verifier, challenge } = pkcePair()
  const page = await browser.newPage()
  t.teardown(async () => { await page.close() })

  await signInInBrowser(page, authorizeUrl(base, { clientId: documentUrl, challenge, redirectUri: callback.url }), KEY_ONE)
  await page.getByRole('button', { name: 'Allow' }).waitFor()
  t.match(await page.locator('main').innerText(), /Claude/, 'the client named by its document')
  const arrived = callback.next()
  await page.getByRole('button', { name: 'Allow' }).click()
  const code = (await arrived).get('code') ?? ''
  const tokens = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: callback.url, client_id: documentUrl, code_verifier: verifier })
  t.equal(tokens.status, 200)
  const tools = await fetch(`${base}/mcp/tools`, { headers: { authorization: `Bearer ${String(tokens.body.access_token)}` } })
  t.equal(tools.status, 200, 'the token works at /mcp')
})

t.test('a wrong key is refused on the page; Deny sends access_denied back to the connector', async t => {
  const { base, audit } = await startOAuthApp(t)
  const callback = await startCallback(t)
  const registered = await registerClient(base, { client_name: 'ChatGPT', redirect_uris: [callback.url] })
  const clientId = String(registered.body.client_id)
  const { challenge } = pkcePair()
  const page = await browser.newPage()
  t.teardown(async () => { await page.close() })
  const authorize = authorizeUrl(base, { clientId, challenge, redirectUri: callback.url, state: 'deny-state' })

  await signInInBrowser(page, authorize, 'agm_not_a_key_of_this_server_000000000000000')
  await page.getByRole('alert').waitFor()
  t.match(await page.getByRole('alert').innerText(), /key/i, 'a clear message on the page')
  t.ok(await page.getByLabel('API key').isVisible(), 'the sign-in form again')
  t.match(audit.events('oauth_sign_in')[0], { outcome: 'failure' })

  await page.getByLabel('API key').fill(KEY_ONE)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const arrived = callback.next()
  await page.getByRole('button', { name: 'Deny' }).click()
  const query = await arrived
  t.equal(query.get('error'), 'access_denied')
  t.equal(query.get('state'), 'deny-state')
  t.notOk(query.has('code'), 'no code after Deny')
  t.match(audit.events('oauth_consent').at(-1), { outcome: 'denied', client_id: clientId })
})
