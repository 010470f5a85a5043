import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMemoryOAuthStore, STATE_FILE, type OAuthStore } from '../../../lib/oauth/store.js'
import { StoreAdapter } from '../../../lib/oauth/adapter.js'
import { REDIS_KEY_PREFIX } from '../../../lib/stores/redis-failure-store.js'
import { createRedisOAuthStore } from '../../../lib/stores/redis-oauth-store.js'
import { ADVANCE } from '../../helpers/failure-stores.js'
import { tempDataDir } from '../../helpers/oauth.js'
import { startRedis } from '../../helpers/redis.js'

/** A store under test, with a way to let time pass for it. */
type StoreFactory = (t: Test) => Promise<{ store: OAuthStore, advance: (ms: number) => Promise<void> }>

const memoryStore: StoreFactory = async () => {
  let now = 1_000_000
  return { store: createMemoryOAuthStore({ dataDir: null, clock: () => now }), advance: async ms => { now += ms } }
}

// A real redis-server; time passes by taking it off every key's time to live.
const redisStore: StoreFactory = async t => {
  const server = await startRedis(t)
  const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  t.teardown(() => { redis.disconnect() })
  return { store: createRedisOAuthStore(redis), advance: async ms => { await redis.eval(ADVANCE, 0, ms, `${REDIS_KEY_PREFIX}*`) } }
}

// The same rules whichever store runs: OAuth must mean the same with REDIS_URL set.
for (const [name, makeStore] of [['memory', memoryStore], ['redis', redisStore]] as const) {
  t.test(`with the ${name} store`, async t => {
    t.test('records expire after their TTL; records without one stay', async t => {
      const { store, advance } = await makeStore(t)
      await store.upsert('AccessToken', 'a', { grantId: 'g1', accountId: 'k' }, 60)
      await store.upsert('Grant', 'g', { accountId: 'k' })
      t.same(await store.find('AccessToken', 'a'), { grantId: 'g1', accountId: 'k' })
      await advance(59_000)
      t.ok(await store.find('AccessToken', 'a'))
      await advance(1000)
      t.equal(await store.find('AccessToken', 'a'), undefined, 'gone at its TTL')
      await advance(300 * 86_400_000)
      t.ok(await store.find('Grant', 'g'), 'still there 300 days on')
    })

    t.test('a registered client is forgotten after 90 days without use; each use renews it', async t => {
      const { store, advance } = await makeStore(t)
      const day = 86_400_000
      await store.upsert('Client', 'used', { client_id: 'used' })
      await store.upsert('Client', 'idle', { client_id: 'idle' })
      for (let i = 0; i < 4; i++) {
        await advance(60 * day)
        t.ok(await store.find('Client', 'used'), `used on day ${(i + 1) * 60}: kept`)
      }
      t.equal(await store.find('Client', 'idle'), undefined, 'unused for 240 days: gone')
    })

    t.test('consume marks a record used; revokeByGrantId deletes every token of the grant and only those', async t => {
      const { store } = await makeStore(t)
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
      const { store } = await makeStore(t)
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

    t.test('consume on a missing record does nothing; a consumed record keeps its fields and expiry', async t => {
      const { store, advance } = await makeStore(t)
      await store.consume('AuthorizationCode', 'none')
      t.equal(await store.find('AuthorizationCode', 'none'), undefined, 'nothing made')
      await store.upsert('AuthorizationCode', 'c', { grantId: 'g', scope: 'mcp', rotations: [] }, 60)
      await store.consume('AuthorizationCode', 'c')
      await store.consume('AuthorizationCode', 'c')
      t.match(await store.find('AuthorizationCode', 'c'), { grantId: 'g', scope: 'mcp', rotations: [], consumed: Number })
      t.same((await store.find('AuthorizationCode', 'c'))?.rotations, [], 'an empty array stays an array')
      await store.upsert('AuthorizationCode', 'empty', {}, 60)
      await store.consume('AuthorizationCode', 'empty')
      t.match(await store.find('AuthorizationCode', 'empty'), { consumed: Number })
      await advance(60_000)
      t.equal(await store.find('AuthorizationCode', 'c'), undefined, 'gone at its own TTL')
    })
  })
}

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

t.test('in Redis every OAuth key has an expiry, and a use on one replica is seen by another', async t => {
  const server = await startRedis(t)
  const [one, two] = [new Redis(server.url), new Redis(server.url)]
  t.teardown(() => { one.disconnect(); two.disconnect() })
  const [storeA, storeB] = [createRedisOAuthStore(one), createRedisOAuthStore(two)]
  await storeA.upsert('Client', 'c1', { client_id: 'c1' })
  await storeA.upsert('Grant', 'g1', { accountId: 'k' }, 600)
  await storeA.upsert('RefreshToken', 'r1', { grantId: 'g1' }, 300)
  await storeA.upsert('AccessToken', 'a1', { grantId: 'g1' }, 900)
  await storeA.upsert('Session', 's1', { uid: 'u1' }, 60)
  await storeA.upsert('DeviceCode', 'd1', { userCode: 'ABCD' }, 60)
  await storeA.upsert('Unusual', 'x', {})
  const keys = await one.keys('aegis:oauth:*')
  t.equal(keys.length, 10, 'seven records, a grant set, a uid and a user code pointer')
  for (const key of keys) t.ok(await one.ttl(key) > 0, `${key} expires`)
  t.ok(await one.ttl('aegis:oauth:grant:g1') >= 900, 'the grant set lives as long as its longest member')

  await storeB.consume('RefreshToken', 'r1')
  t.type((await storeA.find('RefreshToken', 'r1'))?.consumed, 'number', 'A sees B\'s use')
  await storeB.revokeByGrantId('g1')
  t.equal(await storeA.find('AccessToken', 'a1'), undefined, 'A sees B\'s revocation')
  t.equal(await one.exists('aegis:oauth:grant:g1'), 0, 'the grant set goes too')
})
