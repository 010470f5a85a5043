import { parseKeyEntry } from '../api-keys.js'
import { addDays } from './dates.js'
import { CliError, EXIT } from './errors.js'

/** A configured key as rotation sees it. */
export interface RotationKey {
  keyId: string
  expiresAt: Date | null
}

export interface RotationOptions {
  now: Date
  /** Days the old keys keep working beside the new one. */
  graceDays: number
  /** Emergency: the old keys stop working at once. */
  immediate: boolean
  /** Rotate only this key; null: every key still valid. */
  only: string | null
}

/**
 * The keys a rotation replaces: every key not yet expired, or only the one
 * named. Naming a key that is not there, or has already expired, is an error.
 */
export function rotationTargets<T extends RotationKey> (keys: readonly T[], options: RotationOptions): T[] {
  const current = (key: T): boolean => key.expiresAt === null || key.expiresAt.getTime() > options.now.getTime()
  if (options.only === null) return keys.filter(current)
  const named = keys.find(key => key.keyId === options.only)
  if (named === undefined) throw new CliError(EXIT.DATA, `key id ${options.only} is not in the file`)
  if (!current(named)) throw new CliError(EXIT.DATA, `key ${options.only} has already expired; retire it with --retire ${options.only}`)
  return [named]
}

/** When a replaced key stops working: now, or after the grace period (never later than it was due to). */
export function retiringExpiry (current: Date | null, options: RotationOptions): Date {
  if (options.immediate) return options.now
  const graceEnd = addDays(options.now, options.graceDays)
  return current !== null && current.getTime() < graceEnd.getTime() ? current : graceEnd
}

/** An MCP_API_KEYS entry with its key id. */
export interface EnvEntry {
  raw: string
  keyId: string
  /** A plain key (not a sha256: digest). */
  plain: boolean
}

/**
 * The entries of MCP_API_KEYS checked as the server checks them: a short key,
 * a malformed digest or a repeated key is a CliError naming the entry (never its value).
 */
export function parseEnvEntries (entries: readonly string[], where: string): EnvEntry[] {
  const problems: string[] = []
  const seen = new Map<string, number>()
  const out: EnvEntry[] = []
  entries.forEach((raw, index) => {
    const position = index + 1
    let keyId: string
    try {
      keyId = parseKeyEntry(raw).keyId
    } catch (error) {
      problems.push(`entry ${position}: ${(error as Error).message}`)
      return
    }
    const first = seen.get(keyId)
    if (first !== undefined) {
      problems.push(`entry ${position} repeats entry ${first} (key id ${keyId})`)
      return
    }
    seen.set(keyId, position)
    out.push({ raw, keyId, plain: !raw.toLowerCase().startsWith('sha256:') })
  })
  if (problems.length > 0) throw new CliError(EXIT.DATA, `${where}: MCP_API_KEYS ${problems.join('; ')}`)
  return out
}

/** The list without `keyId`; a CliError when it is not there or is the last key. */
export function withoutKey<T> (items: readonly T[], keyIdOf: (item: T) => string, keyId: string, file: string): T[] {
  const rest = items.filter(item => keyIdOf(item) !== keyId)
  if (rest.length === items.length) throw new CliError(EXIT.DATA, `key id ${keyId} is not in ${file}`)
  if (rest.length === 0) throw new CliError(EXIT.DATA, `key ${keyId} is the only key in ${file}; add its successor first (aegis-keys rotate)`)
  return rest
}
