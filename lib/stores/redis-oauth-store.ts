import type { Redis } from 'ioredis'
import { UNUSED_CLIENT_TTL_SECONDS, type OAuthStore, type StoredPayload } from '../oauth/store.js'
import { REDIS_KEY_PREFIX } from './redis-failure-store.js'

/** OAuth records under `aegis:oauth:<model>:<id>`; a grant's members under `aegis:oauth:grant:<grantId>` (a set). */
export const OAUTH_KEY_PREFIX = `${REDIS_KEY_PREFIX}oauth:`

/** Records oidc-provider gives no expiry (none but clients, in practice) still go after this, so nothing grows forever. */
export const NO_TTL_FALLBACK_SECONDS = 365 * 24 * 3600

// One script per write, so the record, its indexes and their expiries change together
// whichever replica runs it. KEYS: record, grant set (or ''), uid key (or ''), userCode key (or '').
// ARGV: JSON, ttl seconds. The grant set lives as long as its longest member.
const UPSERT = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
local ttl = tonumber(ARGV[2])
if KEYS[2] ~= '' then
  redis.call('SADD', KEYS[2], KEYS[1])
  if redis.call('TTL', KEYS[2]) < ttl then redis.call('EXPIRE', KEYS[2], ttl) end
end
if KEYS[3] ~= '' then redis.call('SET', KEYS[3], KEYS[1], 'EX', ttl) end
if KEYS[4] ~= '' then redis.call('SET', KEYS[4], KEYS[1], 'EX', ttl) end
return 1
`

// Sets `consumed` only on a record that exists, keeping its expiry: one atomic step, so a
// second use (a replayed refresh token or code) is seen by every replica. The field is
// spliced into the JSON text rather than re-encoded: Lua's cjson would turn [] into {}.
// (A record consumed twice holds the field twice; JSON.parse keeps the last.)
const CONSUME = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
local body = string.sub(value, 1, -2)
local separator = ','
if string.match(body, '^%s*{%s*$') then separator = '' end
redis.call('SET', KEYS[1], body .. separator .. '"consumed":' .. ARGV[1] .. '}', 'KEEPTTL')
return 1
`

// Deletes every member of a grant, then the set.
const REVOKE = `
local members = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(members) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return #members
`

interface OAuthCommands {
  aegisOAuthUpsert: (record: string, grant: string, uid: string, userCode: string, json: string, ttl: number) => Promise<number>
  aegisOAuthConsume: (record: string, now: number) => Promise<number>
  aegisOAuthRevoke: (grant: string) => Promise<number>
}

const recordKey = (model: string, id: string): string => `${OAUTH_KEY_PREFIX}${model}:${id}`
const grantKey = (grantId: string): string => `${OAUTH_KEY_PREFIX}grant:${grantId}`
const uidKey = (uid: string): string => `${OAUTH_KEY_PREFIX}uid:${uid}`
const userCodeKey = (userCode: string): string => `${OAUTH_KEY_PREFIX}user-code:${userCode}`

function parse (value: string | null): StoredPayload | undefined {
  return value === null ? undefined : JSON.parse(value) as StoredPayload
}

/**
 * The authorization server's state in Redis, shared by every replica: each record
 * JSON with an expiry (registered clients slide: each read renews their 90 days),
 * a set per grant, and a key per session uid and device user code pointing to
 * the record. Errors (Redis down, a timeout) reject: there is no per-replica
 * fallback, since a token one replica minted alone would be unknown to the others.
 */
export function createRedisOAuthStore (redis: Redis): OAuthStore {
  const commands = redis as unknown as Redis & OAuthCommands
  if (typeof commands.aegisOAuthUpsert !== 'function') {
    redis.defineCommand('aegisOAuthUpsert', { numberOfKeys: 4, lua: UPSERT })
    redis.defineCommand('aegisOAuthConsume', { numberOfKeys: 1, lua: CONSUME })
    redis.defineCommand('aegisOAuthRevoke', { numberOfKeys: 1, lua: REVOKE })
  }

  async function findAt (key: string | null, model: string): Promise<StoredPayload | undefined> {
    if (key === null) return undefined
    // A client's expiry slides with use, as GETEX renews it in the same step.
    const value = model === 'Client' ? await redis.getex(key, 'EX', UNUSED_CLIENT_TTL_SECONDS) : await redis.get(key)
    return parse(value)
  }

  async function findVia (pointer: string): Promise<StoredPayload | undefined> {
    const key = await redis.get(pointer)
    return key === null ? undefined : parse(await redis.get(key))
  }

  return {
    async upsert (model, id, payload, ttlSeconds) {
      const ttl = Math.max(1, Math.ceil(ttlSeconds ?? (model === 'Client' ? UNUSED_CLIENT_TTL_SECONDS : NO_TTL_FALLBACK_SECONDS)))
      const { grantId, uid, userCode } = payload
      await commands.aegisOAuthUpsert(
        recordKey(model, id),
        typeof grantId === 'string' ? grantKey(grantId) : '',
        model === 'Session' && typeof uid === 'string' ? uidKey(uid) : '',
        typeof userCode === 'string' ? userCodeKey(userCode) : '',
        JSON.stringify(payload),
        ttl
      )
    },
    async find (model, id) {
      return await findAt(recordKey(model, id), model)
    },
    async findByUid (uid) {
      return await findVia(uidKey(uid))
    },
    async findByUserCode (userCode) {
      return await findVia(userCodeKey(userCode))
    },
    async consume (model, id) {
      await commands.aegisOAuthConsume(recordKey(model, id), Math.floor(Date.now() / 1000))
    },
    async destroy (model, id) {
      // The pointers (uid, user code, grant set) are checked on read and expire on their own.
      await redis.del(recordKey(model, id))
    },
    async revokeByGrantId (grantId) {
      await commands.aegisOAuthRevoke(grantKey(grantId))
    },
    // Nothing pending: every write is in Redis when its promise resolves; the client is the app's.
    async close () {}
  }
}
