import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { DATA_FILE_MODE, ensureDataDir } from './store.js'

/** The authorization server's own secrets: its signing key set and the keys its cookies are signed with. */
export interface OAuthSecrets {
  jwks: { keys: Array<Record<string, unknown>> }
  cookieKeys: string[]
}

export const SECRETS_FILE = 'oauth-keys.json'

/**
 * Reads DATA_DIR/oauth-keys.json, or makes it (0600) on the first start: an
 * RS256 signing key (JWK, private) and a 256-bit cookie key. Kept across
 * restarts so cookies and anything signed stay valid.
 */
export function loadOrCreateSecrets (dataDir: string): OAuthSecrets {
  ensureDataDir(dataDir)
  const file = join(dataDir, SECRETS_FILE)
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as OAuthSecrets
    if (Array.isArray(stored.jwks?.keys) && Array.isArray(stored.cookieKeys) && stored.cookieKeys.length > 0) return stored
    throw new Error(`${file} is not a key file this server wrote; move it away to have a new one made`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }
  const secrets: OAuthSecrets = { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] }
  // 'wx': never overwrite one a concurrent start made.
  writeFileSync(file, JSON.stringify(secrets), { mode: DATA_FILE_MODE, flag: 'wx' })
  chmodSync(file, DATA_FILE_MODE)
  return secrets
}
