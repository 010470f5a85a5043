import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { KEY_ONE } from '../helpers/app.js'
import { fullGrant, startOAuthApp, tempDataDir, tokenRequest } from '../helpers/oauth.js'
import { startRedis } from '../helpers/redis.js'

t.test('state survives a restart on the same DATA_DIR; its files are 0600 in a 0700 directory, with no key in them', async t => {
  const dataDir = tempDataDir()
  const first = await startOAuthApp(t, { dataDir })
  const grant = await fullGrant(first.base)
  const jwks = await (await fetch(`${first.base}/oauth/jwks`)).json()
  await first.app.close()

  t.equal(statSync(dataDir).mode & 0o777, 0o700)
  const files = readdirSync(dataDir).sort()
  t.same(files, ['oauth-keys.json', 'oauth-state.json'])
  for (const file of files) t.equal(statSync(join(dataDir, file)).mode & 0o777, 0o600, file)
  t.notOk(readFileSync(join(dataDir, 'oauth-state.json'), 'utf8').includes(KEY_ONE), 'the API key is never stored')

  // A new server at the same PUBLIC_URL, the same state: the refresh token's client, grant and key carry over.
  const second = await startOAuthApp(t, { dataDir, port: Number(new URL(first.base).port) })
  t.same(await (await fetch(`${second.base}/oauth/jwks`)).json(), jwks, 'the signing keys were kept')
  const refreshed = await tokenRequest(second.base, { grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId })
  t.equal(refreshed.status, 200, JSON.stringify(refreshed.body))
  t.ok(refreshed.body.refresh_token)
})

t.test('with REDIS_URL and Redis unreachable at start, OAuth stops the start and says why: it has no keys to sign with', async t => {
  const redis = await startRedis(t)
  await redis.stop()
  await t.rejects(startOAuthApp(t, { env: { REDIS_URL: redis.url } }), /keeps its signing keys in Redis when REDIS_URL is set, and Redis could not be read at start-up/)
})
