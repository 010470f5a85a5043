import t from 'tap'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMemoryOAuthStore, STATE_FILE } from '../../../lib/oauth/store.js'
import { StoreAdapter } from '../../../lib/oauth/adapter.js'
import { tempDataDir } from '../../helpers/oauth.js'

t.test('records expire after their TTL; records without one stay', async t => {
  let now = 1_000_000
  const store = createMemoryOAuthStore({ dataDir: null, clock: () => now })
  await store.upsert('AccessToken', 'a', { grantId: 'g1', accountId: 'k' }, 60)
  await store.upsert('Grant', 'g', { accountId: 'k' })
  t.same(await store.find('AccessToken', 'a'), { grantId: 'g1', accountId: 'k' })
  now += 59_999
  t.ok(await store.find('AccessToken', 'a'))
  now += 1
  t.equal(await store.find('AccessToken', 'a'), undefined, 'gone at its TTL')
  now += 10 * 365 * 86_400_000
  t.ok(await store.find('Grant', 'g'))
})

t.test('a registered client is forgotten after 90 days without use; each use renews it', async t => {
  let now = 1_000_000
  const day = 86_400_000
  const store = createMemoryOAuthStore({ dataDir: null, clock: () => now })
  await store.upsert('Client', 'used', { client_id: 'used' })
  await store.upsert('Client', 'idle', { client_id: 'idle' })
  for (let i = 0; i < 4; i++) {
    now += 60 * day
    t.ok(await store.find('Client', 'used'), `used on day ${(i + 1) * 60}: kept`)
  }
  t.equal(await store.find('Client', 'idle'), undefined, 'unused for 240 days: gone')
})

t.test('consume marks a record used; revokeByGrantId deletes every token of the grant and only those', async t => {
  const store = createMemoryOAuthStore({ dataDir: null })
  await store.upsert('RefreshToken', 'r1', { grantId: 'g1' }, 600)
  await store.upsert('AccessToken', 'a1', { grantId: 'g1' }, 600)
  await store.upsert('AccessToken', 'a2', { grantId: 'g2' }, 600)
  await store.upsert('Grant', 'g1', { accountId: 'k' }, 600)
  await store.consume('RefreshToken', 'r1')
  t.type((await store.find('RefreshToken', 'r1'))?.consumed, 'number')
  await store.revokeByGrantId('g1')
  t.equal(await store.find('RefreshToken', 'r1'), undefined)
  t.equal(await store.find('AccessToken', 'a1'), undefined)
  t.ok(await store.find('AccessToken', 'a2'), 'another grant\'s token stays')
  t.ok(await store.find('Grant', 'g1'), 'the grant record itself is oidc-provider\'s to destroy')
  await store.destroy('AccessToken', 'a2')
  t.equal(await store.find('AccessToken', 'a2'), undefined)
})

t.test('sessions by uid and device codes by user code, through the adapter oidc-provider uses', async t => {
  const store = createMemoryOAuthStore({ dataDir: null })
  const sessions = new StoreAdapter('Session', store)
  await sessions.upsert('s1', { uid: 'u1', accountId: 'k' }, 600)
  t.same(await sessions.findByUid('u1'), { uid: 'u1', accountId: 'k' })
  t.same(await sessions.find('s1'), { uid: 'u1', accountId: 'k' })
  await sessions.destroy('s1')
  t.equal(await sessions.findByUid('u1'), undefined, 'the index goes with the record')
  const devices = new StoreAdapter('DeviceCode', store)
  await devices.upsert('d1', { userCode: 'ABCD' }, 600)
  t.same(await devices.findByUserCode('ABCD'), { userCode: 'ABCD' })
  t.equal(await new StoreAdapter('Session', store).find('d1'), undefined, 'models do not see each other\'s ids')
})

t.test('durable records are written to DATA_DIR (0600) and read back; short-lived ones are not', async t => {
  const dataDir = tempDataDir()
  const store = createMemoryOAuthStore({ dataDir })
  await store.upsert('Client', 'c1', { client_id: 'c1' })
  await store.upsert('RefreshToken', 'r1', { grantId: 'g1' }, 600)
  await store.upsert('Interaction', 'i1', { uid: 'i1' }, 600)
  await store.upsert('AccessToken', 'gone', { grantId: 'g1' }, 600)
  await store.destroy('AccessToken', 'gone')
  await store.close()
  const file = join(dataDir, STATE_FILE)
  t.equal(statSync(file).mode & 0o777, 0o600)
  t.equal(statSync(dataDir).mode & 0o777, 0o700)
  const text = readFileSync(file, 'utf8')
  t.notMatch(text, /Interaction/)

  const again = createMemoryOAuthStore({ dataDir })
  t.same(await again.find('Client', 'c1'), { client_id: 'c1' })
  t.same(await again.find('RefreshToken', 'r1'), { grantId: 'g1' })
  t.equal(await again.find('Interaction', 'i1'), undefined)
  t.equal(await again.find('AccessToken', 'gone'), undefined)
  await again.revokeByGrantId('g1')
  t.equal(await again.find('RefreshToken', 'r1'), undefined, 'the grant index is rebuilt on load')
})

t.test('expired records are not read back after a restart', async t => {
  const dataDir = tempDataDir()
  let now = 5_000_000
  const store = createMemoryOAuthStore({ dataDir, clock: () => now })
  await store.upsert('RefreshToken', 'r1', { grantId: 'g1' }, 10)
  await store.close()
  now += 11_000
  const again = createMemoryOAuthStore({ dataDir, clock: () => now })
  t.equal(await again.find('RefreshToken', 'r1'), undefined)
})

t.test('an unreadable state file stops the start rather than losing state silently', async t => {
  const dataDir = tempDataDir()
  createMemoryOAuthStore({ dataDir })
  writeFileSync(join(dataDir, STATE_FILE), '{not json')
  t.throws(() => createMemoryOAuthStore({ dataDir }), SyntaxError)
})
