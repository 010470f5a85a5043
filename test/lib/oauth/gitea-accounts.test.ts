import t, { type Test } from 'tap'
import { ACCOUNT_MODEL, GiteaAccounts, GiteaPerson, REFRESH_MARGIN_MS, type EndReason } from '../../../lib/oauth/gitea-accounts.js'
import { GITEA_SCOPES, GiteaOAuthClient, GiteaOAuthError } from '../../../lib/oauth/gitea-oauth.js'
import { createMemoryOAuthStore } from '../../../lib/oauth/store.js'
import { sealKeyOf } from '../../../lib/oauth/token-seal.js'
import { inspect } from 'node:util'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { createRedisOAuthStore } from '../../../lib/stores/redis-oauth-store.js'
import { STATE_FILE, type OAuthStore } from '../../../lib/oauth/store.js'
import { tempDataDir } from '../../helpers/oauth.js'
import { startRedis } from '../../helpers/redis.js'
import { startFakeGitea, type FakeGitea } from '../../fake-gitea/server.js'
import { SAMPLE_OAUTH_APP } from '../../fake-gitea/handlers-oauth.js'
import { approveAtGitea, registerGiteaCallback } from '../../helpers/gitea-oauth.js'

const CALLBACK = 'http://127.0.0.1:9/oauth/gitea/callback'
const key = sealKeyOf({ jwks: { keys: [] }, cookieKeys: ['cookie-key-for-the-seal-test-0123456789abcdef'] })

interface Setup { gitea: FakeGitea, client: GiteaOAuthClient, accounts: GiteaAccounts, store: OAuthStore, ended: Array<{ login: string, reason: EndReason }> }

async function setup (t: Test, allowedOrgs: string[] = [], secret = SAMPLE_OAUTH_APP.clientSecret, store: OAuthStore = createMemoryOAuthStore({ dataDir: null }), existing?: FakeGitea): Promise<Setup> {
  const gitea = existing ?? await startFakeGitea()
  if (existing === undefined) {
    t.teardown(async () => { await gitea.close() })
    registerGiteaCallback(gitea, CALLBACK)
  }
  const client = new GiteaOAuthClient({ apiUrl: gitea.url, browserUrl: gitea.url, clientId: SAMPLE_OAUTH_APP.clientId, clientSecret: secret, redirectUri: CALLBACK, timeoutMs: 2000, userAgent: 'test' })
  const ended: Setup['ended'] = []
  const accounts = new GiteaAccounts({ store, key, client, allowedOrgs, onEnded: e => { ended.push({ login: e.login, reason: e.reason }) } })
  return { gitea, client, accounts, store, ended }
}

/** start → Gitea's page as `login` → the code and state back → complete. */
async function signIn (s: Setup, login: string, uid = 'interaction-uid-1'): Promise<Awaited<ReturnType<GiteaAccounts['complete']>>> {
  const authorize = await s.accounts.start(uid)
  const back = await approveAtGitea(authorize, login)
  const state = back.searchParams.get('state') ?? ''
  const verifier = await s.accounts.take(state, uid)
  if (verifier === undefined) throw new Error('state not found')
  return await s.accounts.complete(back.searchParams.get('code') ?? '', verifier)
}

t.test('the authorize URL: Gitea\'s endpoint, read scopes only, S256 PKCE, a state, the registered callback', async t => {
  const s = await setup(t)
  const url = new URL(await s.accounts.start('uid-1'))
  t.equal(url.origin + url.pathname, `${s.gitea.url}/login/oauth/authorize`)
  t.equal(url.searchParams.get('scope'), GITEA_SCOPES.join(' '))
  t.ok(GITEA_SCOPES.every(scope => scope.startsWith('read:')), 'read scopes only')
  t.equal(url.searchParams.get('code_challenge_method'), 'S256')
  t.match(url.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/)
  t.equal(url.searchParams.get('redirect_uri'), CALLBACK)
  t.equal(url.searchParams.get('client_id'), SAMPLE_OAUTH_APP.clientId)
  t.notOk(url.href.includes(SAMPLE_OAUTH_APP.clientSecret), 'the client secret is never in a URL')
  const state = url.searchParams.get('state') ?? ''
  t.equal(await s.accounts.interactionOf(state), 'uid-1')
  t.equal(await s.accounts.take(state, 'another-uid'), undefined, 'bound to its interaction')
  t.equal(await s.accounts.take(state, 'uid-1'), undefined, 'and used up by the first try, even a wrong one')
})

t.test('a sign-in keeps the person with their tokens sealed; a session gives their own token, which Gitea knows as them', async t => {
  const s = await setup(t)
  const result = await signIn(s, 'alice')
  t.same(result, { ok: true, accountId: 'gitea:2', login: 'alice' })
  const stored = JSON.stringify(await s.store.find(ACCOUNT_MODEL, 'gitea:2'))
  for (const token of s.gitea.oauth.issuedTokens()) t.notOk(stored.includes(token), 'no Gitea token in the store in the clear')
  const session = await s.accounts.session('gitea:2', Math.floor(Date.now() / 1000))
  if (!session.ok) throw new Error('no session')
  t.equal(session.person.login, 'alice')
  t.ok(s.gitea.oauth.issuedTokens().includes(session.person.token()))
  t.same(await s.client.user(session.person.token()), { id: 2, login: 'alice' })
  t.notOk(JSON.stringify(session.person).includes(session.person.token()), 'JSON of a person has no token')
  t.notOk(inspect(session.person, { showHidden: true }).includes(session.person.token()), 'nor has inspect')
  t.ok(session.person instanceof GiteaPerson)
})

t.test('PKCE is checked: a wrong verifier is refused by Gitea', async t => {
  const s = await setup(t)
  const authorize = await s.accounts.start('uid-2')
  const back = await approveAtGitea(authorize, 'alice')
  const error = await s.accounts.complete(back.searchParams.get('code') ?? '', 'a-verifier-that-is-not-the-one-0123456789abc').catch((e: unknown) => e)
  t.ok(error instanceof GiteaOAuthError)
  t.match(error, { kind: 'refused', code: 'unauthorized_client' })
})

t.test('a wrong client secret is refused, and the message never holds the secret', async t => {
  const s = await setup(t, [], 'gto_wrong-secret-value-000000000000000')
  const authorize = await s.accounts.start('uid-3')
  const back = await approveAtGitea(authorize, 'alice')
  const state = back.searchParams.get('state') ?? ''
  const verifier = await s.accounts.take(state, 'uid-3') ?? ''
  const error = await s.accounts.complete(back.searchParams.get('code') ?? '', verifier).catch((e: unknown) => e) as GiteaOAuthError
  t.equal(error.kind, 'refused')
  t.notOk(error.message.includes('wrong-secret'))
})

t.test('GITEA_OAUTH_ALLOWED_ORGS: an outsider is refused at sign-in', async t => {
  const s = await setup(t, ['acme'])
  t.same(await signIn(s, 'hank'), { ok: false, reason: 'not_in_allowed_orgs', login: 'hank' })
  t.equal(await s.store.find(ACCOUNT_MODEL, 'gitea:7'), undefined, 'nothing kept of them')
  t.match(await signIn(s, 'alice'), { ok: true, login: 'alice' })
})

t.test('near its expiry the Gitea token is refreshed; a refused refresh ends the person\'s access for good', async t => {
  const s = await setup(t)
  s.gitea.oauth.accessTokenLifetimeSeconds = Math.floor(REFRESH_MARGIN_MS / 1000) - 10
  await signIn(s, 'alice')
  const issuedAt = Math.floor(Date.now() / 1000)
  const first = await s.accounts.session('gitea:2', issuedAt)
  const second = await s.accounts.session('gitea:2', issuedAt)
  if (!first.ok || !second.ok) throw new Error('no session')
  t.not(first.person.token(), second.person.token(), 'each session refreshed the short-lived token')
  const [a, b] = await Promise.all([s.accounts.session('gitea:2', issuedAt), s.accounts.session('gitea:2', issuedAt)])
  t.ok(a.ok && b.ok, 'two at once share one refresh (Gitea refuses a refresh token used twice)')

  s.gitea.oauth.revoke('alice')
  t.match(await s.accounts.session('gitea:2', issuedAt), { ok: false, reason: 'ended', login: 'alice', endedNow: { reason: 'gitea_refresh_refused', detail: /grant does not exist/ } })
  t.same(s.ended, [{ login: 'alice', reason: 'gitea_refresh_refused' }], 'told once')
  t.same(await s.accounts.session('gitea:2', issuedAt), { ok: false, reason: 'ended', login: 'alice' })
  t.equal(s.ended.length, 1)
  t.equal(await s.accounts.liveLogin('gitea:2', issuedAt), undefined)

  // Signing in again works, but MCP tokens from before the end stay refused.
  await signIn(s, 'alice')
  t.equal(await s.accounts.liveLogin('gitea:2', issuedAt - 1), undefined, 'an old token stays dead')
  t.equal(await s.accounts.liveLogin('gitea:2', Math.ceil(Date.now() / 1000) + 1), 'alice', 'a new one works')
})

t.test('a person who left the allowed organisations is stopped at the next refresh', async t => {
  const s = await setup(t, ['acme'])
  s.gitea.oauth.accessTokenLifetimeSeconds = 1
  await signIn(s, 'alice')
  t.equal((await s.accounts.session('gitea:2', Math.floor(Date.now() / 1000))).ok, true, 'a member: refreshed and still in')
  // Alice leaves acme: every acme team drops her.
  s.gitea.data.teams.filter(x => x.org === 'acme').forEach(x => { x.members = x.members.filter(m => m !== 'alice') })
  t.match(await s.accounts.session('gitea:2', Math.floor(Date.now() / 1000)), { ok: false, reason: 'ended', login: 'alice', endedNow: { reason: 'left_allowed_orgs' } })
  t.same(s.ended, [{ login: 'alice', reason: 'left_allowed_orgs' }])
})

t.test('Gitea unreachable at refresh time: the current token is used, nothing ends', async t => {
  const s = await setup(t)
  s.gitea.oauth.accessTokenLifetimeSeconds = 1
  await signIn(s, 'alice')
  await s.gitea.close()
  const session = await s.accounts.session('gitea:2', Math.floor(Date.now() / 1000))
  t.equal(session.ok, true)
  t.same(s.ended, [])
})

t.test('DATA_DIR: a person outlives a restart, and the state file holds their tokens only sealed', async t => {
  const dataDir = tempDataDir()
  const first = await setup(t, [], undefined, createMemoryOAuthStore({ dataDir }))
  await signIn(first, 'alice')
  await first.store.close()
  const file = readFileSync(join(dataDir, STATE_FILE), 'utf8')
  t.match(file, /"model":"GiteaAccount"/)
  for (const token of first.gitea.oauth.issuedTokens()) t.notOk(file.includes(token), 'no Gitea token in the clear on disk')
  const restarted = await setup(t, [], undefined, createMemoryOAuthStore({ dataDir }), first.gitea)
  const session = await restarted.accounts.session('gitea:2', Math.floor(Date.now() / 1000))
  t.equal(session.ok && session.person.login, 'alice')
})

t.test('Redis: a person signed in on one replica is served by another; Redis holds no token in the clear; an end is seen by both', async t => {
  const server = await startRedis(t)
  const [one, two] = [new Redis(server.url), new Redis(server.url)]
  t.teardown(() => { one.disconnect(); two.disconnect() })
  const a = await setup(t, [], undefined, createRedisOAuthStore(one))
  const b = await setup(t, [], undefined, createRedisOAuthStore(two), a.gitea)
  a.gitea.oauth.accessTokenLifetimeSeconds = 60
  await signIn(a, 'alice')
  const issuedAt = Math.floor(Date.now() / 1000)
  const onB = await b.accounts.session('gitea:2', issuedAt)
  t.equal(onB.ok && onB.person.login, 'alice', 'the other replica refreshed and served her')
  const onA = await a.accounts.session('gitea:2', issuedAt)
  t.equal(onA.ok, true, 'and this one goes on with the refreshed tokens')
  const keys = await one.keys('aegis:oauth:*')
  const values = (await Promise.all(keys.map(async k => await one.get(k) ?? ''))).join('\n')
  t.match(values, /"sealed":"v1\./)
  for (const token of a.gitea.oauth.issuedTokens()) t.notOk(values.includes(token), 'no Gitea token in the clear in Redis')
  a.gitea.oauth.revoke('alice')
  t.match(await b.accounts.session('gitea:2', issuedAt), { ok: false, reason: 'ended' })
  t.equal(await a.accounts.liveLogin('gitea:2', issuedAt), undefined, 'ended for every replica')
})
