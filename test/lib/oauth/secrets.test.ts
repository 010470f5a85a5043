import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadOrCreateSecrets, loadOrCreateSharedSecrets, SECRETS_FILE, SECRETS_REDIS_KEY } from '../../../lib/oauth/secrets.js'
import { tempDataDir } from '../../helpers/oauth.js'
import { startRedis } from '../../helpers/redis.js'

async function redisFor (t: Test): Promise<Redis> {
  const server = await startRedis(t)
  const redis = new Redis(server.url)
  t.teardown(() => { redis.disconnect() })
  return redis
}

t.test('without Redis: made once in DATA_DIR and read back', async t => {
  const dataDir = tempDataDir()
  const first = loadOrCreateSecrets(dataDir)
  t.same(loadOrCreateSecrets(dataDir), first)
  t.equal(first.jwks.keys.length, 1)
})

t.test('with Redis: replicas starting together all get the one set of keys, and no file is written', async t => {
  const redis = await redisFor(t)
  const dirs = [tempDataDir(), tempDataDir(), tempDataDir()]
  const loaded = await Promise.all(dirs.map(async dir => await loadOrCreateSharedSecrets(redis, dir)))
  t.same(loaded[1], loaded[0])
  t.same(loaded[2], loaded[0])
  t.same(JSON.parse(await redis.get(SECRETS_REDIS_KEY) ?? 'null'), loaded[0])
  t.equal(await redis.ttl(SECRETS_REDIS_KEY), -1, 'the keys never expire: they must outlive every token')
  for (const dir of dirs) t.notOk(existsSync(join(dir, SECRETS_FILE)), 'Redis is the only copy')
})

t.test('switching to Redis: the DATA_DIR keys are uploaded when Redis has none; once it has, Redis wins', async t => {
  const redis = await redisFor(t)
  const dataDir = tempDataDir()
  const before = loadOrCreateSecrets(dataDir)
  t.same(await loadOrCreateSharedSecrets(redis, dataDir), before, 'tokens signed before the switch stay valid')
  const otherDir = tempDataDir()
  const other = loadOrCreateSecrets(otherDir)
  t.same(await loadOrCreateSharedSecrets(redis, otherDir), before, 'another replica\'s own file is not used')
  t.notSame(other, before)
  t.same(JSON.parse(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')), before, 'the file is left as it was')
})

t.test('a Redis value this server did not write stops the start', async t => {
  const redis = await redisFor(t)
  await redis.set(SECRETS_REDIS_KEY, '{"something":"else"}')
  await t.rejects(loadOrCreateSharedSecrets(redis, tempDataDir()), /does not hold keys this server wrote/)
  await redis.set(SECRETS_REDIS_KEY, 'not-json-secret-material')
  const error = await loadOrCreateSharedSecrets(redis, tempDataDir()).then(() => null, (failure: Error) => failure)
  t.match(error?.message, /does not hold keys this server wrote/)
  t.notMatch(error?.message, /secret-material/, 'the value is never quoted')
})
