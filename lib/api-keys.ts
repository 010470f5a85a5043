import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { KeyScope, ScopeText } from './keys/scope.js'

/** Keys shorter than this are refused: 32 characters of a random alphabet carry well over 128 bits. */
export const MIN_KEY_LENGTH = 32

const DIGEST_ENTRY = /^sha256:([0-9a-f]{64})$/i

/** Recognisable prefix, so people and secret scanners can spot a leaked key. */
export const KEY_PREFIX = 'agm_'

/** A new key: the prefix and 256 random bits, base64url (43 characters). */
export function generateKey (): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url')
}

/** Where a configured key came from: MCP_API_KEYS, or a line of MCP_API_KEYS_FILE. */
export type KeySource = 'env' | 'file'

/** A configured key as the server holds it: only its SHA-256 digest, never the key. */
export interface KeyEntry {
  /** First 12 hex characters of the digest: what logs, the CLI and metadata files name a key by. */
  keyId: string
  digest: Buffer
  /** After this instant the key is refused (audited as expired_key); null: it never expires. */
  expiresAt: Date | null
  description: string | null
  source: KeySource
  /** What the key is narrowed to (keys file `repos`, `toolsets`); absent: nothing. */
  scope?: KeyScope
  /** The same, as written in the keys file (for telling one key set from another). */
  scopeText?: ScopeText
}

export function sha256 (value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

export function keyIdOfDigest (digest: Buffer): string {
  return digest.toString('hex').slice(0, 12)
}

export function keyIdOf (key: string): string {
  return keyIdOfDigest(sha256(key))
}

/**
 * What may be logged of a presented key: first 8 and last 4 characters when it
 * is at least 16 long (enough to recognise one's own key, far too little to use),
 * otherwise only its length.
 */
export function keyHint (presented: string): string {
  if (presented.length < 16) return `(${presented.length} chars)`
  return `${presented.slice(0, 8)}...${presented.slice(-4)}`
}

/**
 * Parses one entry of MCP_API_KEYS: a plain key of at least MIN_KEY_LENGTH
 * characters, or `sha256:<64 hex>`. Throws a message that never repeats the entry.
 */
export function parseKeyEntry (entry: string): KeyEntry {
  if (entry.toLowerCase().startsWith('sha256:')) {
    const match = DIGEST_ENTRY.exec(entry)
    if (match?.[1] === undefined) throw new Error('a sha256: entry must be followed by exactly 64 hex digits')
    const digest = Buffer.from(match[1], 'hex')
    return { keyId: keyIdOfDigest(digest), digest, expiresAt: null, description: null, source: 'env' }
  }
  if (entry.length < MIN_KEY_LENGTH) {
    throw new Error(`a key must be at least ${MIN_KEY_LENGTH} characters (this one has ${entry.length})`)
  }
  if (/\s/.test(entry)) throw new Error('a key must not contain white space')
  const digest = sha256(entry)
  return { keyId: keyIdOfDigest(digest), digest, expiresAt: null, description: null, source: 'env' }
}

/** True once `now` has reached the entry's expiry. */
export function isExpired (entry: KeyEntry, now: Date): boolean {
  return entry.expiresAt !== null && entry.expiresAt.getTime() <= now.getTime()
}

/** What the keyring says of a presented key. */
export type KeyCheck =
  | { status: 'valid', entry: KeyEntry }
  | { status: 'expired', entry: KeyEntry }
  | { status: 'unknown', entry: null }

export interface Keyring {
  readonly size: number
  readonly entries: readonly KeyEntry[]
  /**
   * Whether the presented key is one of the entries, and if so whether it has
   * expired at `now`. Takes the same time whichever key matches, or none.
   */
  verify (presented: string, now?: Date): KeyCheck
  /** The entry with this key id (expired or not), if any. */
  find (keyId: string): KeyEntry | undefined
}

/**
 * Compares fixed-length digests, so neither the presented key's length nor the
 * position of the matching entry changes the work done: every entry, expired
 * or not, is compared, with no early exit; expiry is looked at afterwards.
 */
export function createKeyring (entries: readonly KeyEntry[]): Keyring {
  const list = Object.freeze([...entries])
  const byId = new Map(list.map(entry => [entry.keyId, entry]))
  return {
    size: list.length,
    entries: list,
    find: keyId => byId.get(keyId),
    verify (presented, now = new Date()) {
      const digest = sha256(presented)
      let found: KeyEntry | null = null
      for (const entry of list) {
        const equal = timingSafeEqual(digest, entry.digest)
        if (equal && found === null) found = entry
      }
      if (found === null) return { status: 'unknown', entry: null }
      return isExpired(found, now) ? { status: 'expired', entry: found } : { status: 'valid', entry: found }
    }
  }
}
