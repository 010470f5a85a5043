import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseIsoDate } from './dates.js'
import { CliError, describeFsError, EXIT } from './errors.js'
import { readRepoScope, readToolsetScope } from './scope.js'

/**
 * `<dir>/<key_id>.json`: what is known of a key besides its digest, for people
 * and for `check-age`. Never the key itself.
 */
export interface KeyMetadata {
  keyId: string
  description: string
  /** null when the key was made before it had metadata. */
  createdAt: Date | null
  expiresAt: Date | null
  /** `abcdefgh...wxyz`; null when unknown (a key known only by its digest). */
  hint: string | null
  /** The key's scope as its keys file entry has it; absent: not narrowed. */
  repos?: readonly string[]
  toolsets?: readonly string[]
}

const KEY_ID = /^[0-9a-f]{12}$/
const FIELDS = ['key_id', 'description', 'created_at', 'expires_at', 'hint', 'repos', 'toolsets']

export function metadataPath (dir: string, keyId: string): string {
  return join(dir, `${keyId}.json`)
}

export function formatMetadata (metadata: KeyMetadata): string {
  return JSON.stringify({
    key_id: metadata.keyId,
    description: metadata.description,
    created_at: metadata.createdAt?.toISOString() ?? null,
    expires_at: metadata.expiresAt?.toISOString() ?? null,
    hint: metadata.hint,
    ...(metadata.repos === undefined ? {} : { repos: metadata.repos }),
    ...(metadata.toolsets === undefined ? {} : { toolsets: metadata.toolsets })
  }, null, 2) + '\n'
}

/** Parses one metadata file; throws an Error whose message says what is wrong (never a value but the key id). */
export function parseMetadata (text: string, expectedKeyId?: string): KeyMetadata {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error('is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('must be a JSON object')
  const record = value as Record<string, unknown>
  if ('key' in record) throw new Error('has a "key" property: metadata must never hold the key; delete the file and make a new key')
  const unknown = Object.keys(record).find(name => !FIELDS.includes(name))
  if (unknown !== undefined) throw new Error(/^[A-Za-z_]{1,32}$/.test(unknown) ? `unknown property "${unknown}"` : 'has an unknown property')
  const keyId = record.key_id
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) throw new Error('"key_id" must be 12 lowercase hex digits')
  if (expectedKeyId !== undefined && keyId !== expectedKeyId) throw new Error(`"key_id" ${keyId} does not match the file name`)
  const description = record.description ?? ''
  if (typeof description !== 'string') throw new Error('"description" must be a string')
  const hint = record.hint ?? null
  if (hint !== null && typeof hint !== 'string') throw new Error('"hint" must be a string or null')
  const repos = 'repos' in record ? readRepoScope(record.repos) : null
  const toolsets = 'toolsets' in record ? readToolsetScope(record.toolsets) : null
  const problems = [...repos?.problems ?? [], ...toolsets?.problems ?? []]
  if (problems.length > 0) throw new Error(problems.join('; '))
  return {
    keyId,
    description,
    createdAt: dateOf(record, 'created_at'),
    expiresAt: dateOf(record, 'expires_at'),
    hint,
    ...(repos?.patterns == null ? {} : { repos: repos.patterns }),
    ...(toolsets?.names == null ? {} : { toolsets: toolsets.names })
  }
}

function dateOf (record: Record<string, unknown>, name: string): Date | null {
  const value = record[name]
  if (value === undefined || value === null) return null
  const date = typeof value === 'string' ? parseIsoDate(value) : undefined
  if (date === undefined) throw new Error(`"${name}" must be an ISO 8601 date (e.g. 2026-05-01T00:00:00Z) or null`)
  return date
}

/** Every `<key_id>.json` in `dir`, sorted by key id. A missing directory or an invalid file is a CliError. */
export async function readMetadataDir (dir: string): Promise<KeyMetadata[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw new CliError(EXIT.NO_INPUT, `cannot read the metadata directory ${describeFsError(error, dir)}`)
  }
  const out: KeyMetadata[] = []
  for (const name of names.filter(n => /^[0-9a-f]{12}\.json$/.test(n)).sort()) {
    const metadata = await readMetadata(dir, name.slice(0, 12))
    if (metadata !== null) out.push(metadata)
  }
  return out
}

/** The metadata of one key, or null when it has none. An unreadable or invalid file is a CliError. */
export async function readMetadata (dir: string, keyId: string): Promise<KeyMetadata | null> {
  const path = metadataPath(dir, keyId)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError(error, path)}`)
  }
  try {
    return parseMetadata(text, keyId)
  } catch (error) {
    throw new CliError(EXIT.DATA, `${path}: ${(error as Error).message}`)
  }
}
