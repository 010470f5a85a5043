import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { OAuthSecrets } from './secrets.js'

/**
 * Encryption at rest for the Gitea tokens of people who signed in with Gitea:
 * AES-256-GCM, a fresh 96-bit IV per value, the record's id as associated
 * data (a sealed value moved to another person's record does not open). The
 * key is derived (HKDF-SHA256, its own label) from the authorization server's
 * cookie key, so it is kept exactly like the other OAuth secrets: DATA_DIR
 * without Redis, `aegis:oauth:secrets` with it, the same in every replica.
 */

const VERSION = 'v1'
const LABEL = 'aegis-gitea-mcp gitea token encryption v1'

export type SealKey = Buffer

export function sealKeyOf (secrets: OAuthSecrets): SealKey {
  const [cookieKey] = secrets.cookieKeys
  if (cookieKey === undefined) throw new Error('the OAuth secrets hold no cookie key')
  return Buffer.from(hkdfSync('sha256', Buffer.from(cookieKey), Buffer.alloc(0), LABEL, 32))
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function seal (key: SealKey, associated: string, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(associated))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, iv, body, cipher.getAuthTag()].map(part => typeof part === 'string' ? part : part.toString('base64url')).join('.')
}

/** The plaintext, or null when the value is not one this key sealed for `associated` (changed, moved, or another key). */
export function unseal (key: SealKey, associated: string, sealed: string): string | null {
  const [version, iv, body, tag, extra] = sealed.split('.')
  if (version !== VERSION || iv === undefined || body === undefined || tag === undefined || extra !== undefined) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 })
    decipher.setAAD(Buffer.from(associated))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
