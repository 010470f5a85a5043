import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { DATA_FILE_MODE, ensureDataDir } from './store.js'

/** The authorization server's own secrets: its signing key set and the keys its cookies are signed with. */
export interface OAuthSecrets {
  jwks: { keys: Array<Record<string, unknown>> }
  cookieKeys: string[]
}

export const SECRETS_FILE = 'oauth-keys.json'
/** With REDIS_URL: the one copy every replica reads (no expiry: the keys must outlive any token). */
export const SECRETS_REDIS_KEY = 'aegis:oauth:secrets'

function isSecrets (value: unknown): value is OAuthSecrets {
  const candidate = value as Partial<OAuthSecrets> | null
  return Array.isArray(candidate?.jwks?.keys) && Array.isArray(candidate?.cookieKeys) && candidate.cookieKeys.length > 0
}

/** A new RS256 signing key (JWK, private) and a 256-bit cookie key. */
function generateSecrets (): OAuthSecrets {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }
  return { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] }
}

/** DATA_DIR/oauth-keys.json, or null when there is none. */
function readSecretsFile (dataDir: string): OAuthSecrets | null {
  const file = join(dataDir, SECRETS_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const stored = JSON.parse(text) as unknown
  if (isSecrets(stored)) return stored
  throw new Error(`${file} is not a key file this server wrote; move it away to have a new one made`)
}

/**
 * Reads DATA_DIR/oauth-keys.json, or makes it (0600) on the first start. Kept
 * across restarts so cookies and anything signed stay valid.
 */
export function loadOrCreateSecrets (dataDir: string): OAuthSecrets {
  ensureDataDir(dataDir)
  const stored = readSecretsFile(dataDir)
  if (stored !== null) return stored
  const secrets = generateSecrets()
  const file = join(dataDir, SECRETS_FILE)
  // 'wx': never overwrite one a concurrent start made.
  writeFileSync(file, JSON.stringify(secrets), { mode: DATA_FILE_MODE, flag: 'wx' })
  chmodSync(file, DATA_FILE_MODE)
  return secrets
}

/**
 * With REDIS_URL the keys live in Redis only (`aegis:oauth:secrets`), so every
 * replica signs and checks with the same ones. The first replica to start puts
 * them there with SET NX: the keys of DATA_DIR/oauth-keys.json when it has a
 * file (a switch to Redis keeps every token and cookie valid), new ones
 * otherwise; whichever start wins, every replica then reads the same value.
 * The file is not read again once Redis has keys. Rejects when Redis cannot be read.
 */
export async function loadOrCreateSharedSecrets (redis: Redis, dataDir: string): Promise<OAuthSecrets> {
  const existing = await redis.get(SECRETS_REDIS_KEY)
  if (existing === null) {
    ensureDataDir(dataDir)
    const candidate = readSecretsFile(dataDir) ?? generateSecrets()
    await redis.set(SECRETS_REDIS_KEY, JSON.stringify(candidate), 'NX')
  }
  const shared = parseQuietly(existing ?? await redis.get(SECRETS_REDIS_KEY))
  if (!isSecrets(shared)) throw new Error(`Redis key ${SECRETS_REDIS_KEY} does not hold keys this server wrote; delete it to have new ones made`)
  return shared
}

/** JSON.parse quotes the text it fails on: never let that be a key. */
function parseQuietly (text: string | null): unknown {
  try {
    return JSON.parse(text ?? 'null') as unknown
  } catch {
    return null
  }
}
