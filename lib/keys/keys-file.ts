import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { keyIdOfDigest, type KeyEntry } from '../api-keys.js'
import { parseIsoDate } from './dates.js'
import { readRepoScope, readToolsetScope, resolveScope } from './scope.js'

/**
 * The keys file (MCP_API_KEYS_FILE): one JSON object per line,
 * `{"key_id","digest":"sha256:<64 hex>","description","created_at","expires_at"}`,
 * optionally with `"repos": ["owner/repo", "owner/*"]` and `"toolsets":
 * ["issues"]` to narrow the key (lists, as the line is JSON; the patterns and
 * names of REPO_ALLOWLIST and MCP_TOOLSETS).
 * It holds digests only, never a key. Blank lines are allowed.
 */
export interface KeysFileEntry {
  /** First 12 hex characters of the digest. */
  keyId: string
  /** The key's SHA-256 digest, 64 lowercase hex digits (without the `sha256:` prefix). */
  digest: string
  description: string
  createdAt: Date | null
  /** After this instant the server refuses the key; null: never. */
  expiresAt: Date | null
  /** Only these repositories (REPO_ALLOWLIST patterns); absent: no narrowing. */
  repos?: readonly string[]
  /** Only these toolsets (MCP_TOOLSETS names, or `all`); absent: no narrowing. */
  toolsets?: readonly string[]
}

/** A keys file larger than this is refused (a mistake, not a list of keys). */
export const MAX_KEYS_FILE_BYTES = 1_048_576

const FIELDS = ['key_id', 'digest', 'description', 'created_at', 'expires_at'] as const
const OPTIONAL_FIELDS = ['repos', 'toolsets']
const DIGEST = /^sha256:([0-9a-fA-F]{64})$/
const KEY_ID = /^[0-9a-f]{12}$/

export interface ParsedKeysFile {
  entries: KeysFileEntry[]
  /** One line per problem, `line N: ...`; never a value read from the file except key ids. */
  problems: string[]
}

export function parseKeysFile (text: string): ParsedKeysFile {
  const entries: KeysFileEntry[] = []
  const problems: string[] = []
  const seen = new Map<string, number>()
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') return
    const number = index + 1
    const entry = parseLine(line, message => problems.push(`line ${number}: ${message}`))
    if (entry === null) return
    const first = seen.get(entry.keyId)
    if (first !== undefined) {
      problems.push(`line ${number}: key id ${entry.keyId} repeats line ${first}`)
      return
    }
    seen.set(entry.keyId, number)
    entries.push(entry)
  })
  return { entries, problems }
}

function parseLine (line: string, problem: (message: string) => void): KeysFileEntry | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    // JSON.parse's message quotes the text, which could be a pasted key.
    problem('is not valid JSON (each line must be one JSON object)')
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('must be a JSON object')
    return null
  }
  const record = value as Record<string, unknown>
  let ok = true
  const fail = (message: string): void => { ok = false; problem(message) }

  if ('key' in record) {
    problem('has a "key" property: a keys file holds digests only ("digest": "sha256:<64 hex>"), never a key')
    return null
  }
  const unknown = Object.keys(record).filter(name => name !== 'key' && !(FIELDS as readonly string[]).includes(name) && !OPTIONAL_FIELDS.includes(name))
  // A property name is shown only when it looks like a name, not like a pasted secret.
  for (const name of unknown) fail(/^[A-Za-z_]{1,32}$/.test(name) ? `unknown property "${name}"` : 'has an unknown property')
  for (const name of FIELDS) if (!(name in record)) fail(`"${name}" is missing`)

  const digestMatch = typeof record.digest === 'string' ? DIGEST.exec(record.digest) : null
  const digest = digestMatch?.[1]?.toLowerCase()
  if ('digest' in record && digest === undefined) fail('"digest" must be "sha256:" followed by 64 hex digits')
  const keyId = record.key_id
  if ('key_id' in record && (typeof keyId !== 'string' || !KEY_ID.test(keyId))) fail('"key_id" must be 12 lowercase hex digits')
  else if (typeof keyId === 'string' && digest !== undefined && keyId !== digest.slice(0, 12)) fail(`"key_id" ${keyId} is not the first 12 hex digits of the digest`)
  if ('description' in record && typeof record.description !== 'string') fail('"description" must be a string')
  else if (typeof record.description === 'string' && record.description.length > 500) fail('"description" must be at most 500 characters')
  const createdAt = dateField(record, 'created_at', fail)
  const expiresAt = dateField(record, 'expires_at', fail)
  const repos = 'repos' in record ? readRepoScope(record.repos) : null
  const toolsets = 'toolsets' in record ? readToolsetScope(record.toolsets) : null
  for (const message of [...repos?.problems ?? [], ...toolsets?.problems ?? []]) fail(message)

  if (!ok || digest === undefined || typeof keyId !== 'string') return null
  return {
    keyId,
    digest,
    description: record.description as string,
    createdAt: createdAt ?? null,
    expiresAt: expiresAt ?? null,
    ...(repos?.patterns == null ? {} : { repos: repos.patterns }),
    ...(toolsets?.names == null ? {} : { toolsets: toolsets.names })
  }
}

function dateField (record: Record<string, unknown>, name: string, fail: (message: string) => void): Date | null | undefined {
  if (!(name in record)) return undefined
  const value = record[name]
  if (value === null) return null
  const date = typeof value === 'string' ? parseIsoDate(value) : undefined
  if (date === undefined) fail(`"${name}" must be an ISO 8601 date (e.g. 2026-05-01T00:00:00Z) or null`)
  return date
}

/** One line of the keys file, with its newline. Fields in the documented order. */
export function formatKeysFileLine (entry: KeysFileEntry): string {
  return JSON.stringify({
    key_id: entry.keyId,
    digest: `sha256:${entry.digest}`,
    description: entry.description,
    created_at: entry.createdAt?.toISOString() ?? null,
    expires_at: entry.expiresAt?.toISOString() ?? null,
    // Only a narrowed key has them: other lines stay as they were.
    ...(entry.repos === undefined ? {} : { repos: entry.repos }),
    ...(entry.toolsets === undefined ? {} : { toolsets: entry.toolsets })
  }) + '\n'
}

export function formatKeysFile (entries: readonly KeysFileEntry[]): string {
  return entries.map(formatKeysFileLine).join('')
}

/** What the server's keyring holds of a keys-file entry. */
export function toKeyEntry (entry: KeysFileEntry): KeyEntry {
  const digest = Buffer.from(entry.digest, 'hex')
  const key: KeyEntry = { keyId: keyIdOfDigest(digest), digest, expiresAt: entry.expiresAt, description: entry.description, source: 'file' }
  if (entry.repos === undefined && entry.toolsets === undefined) return key
  const scopeText = { repos: entry.repos ?? null, toolsets: entry.toolsets ?? null }
  return { ...key, scope: resolveScope(scopeText), scopeText }
}

/** Thrown when a keys file cannot be read or is invalid: one problem a line, never a key. */
export class KeysFileError extends Error {
  readonly problems: string[]
  /** true: the file could not be read at all; false: it was read and is invalid. */
  readonly unreadable: boolean
  constructor (problems: string[], unreadable: boolean) {
    super(problems.join('; '))
    this.name = 'KeysFileError'
    this.problems = problems
    this.unreadable = unreadable
  }
}

function checked (text: string): KeysFileEntry[] {
  if (Buffer.byteLength(text) > MAX_KEYS_FILE_BYTES) throw new KeysFileError([`is larger than ${MAX_KEYS_FILE_BYTES} bytes`], false)
  const { entries, problems } = parseKeysFile(text)
  if (problems.length > 0) throw new KeysFileError(problems, false)
  return entries
}

function unreadable (error: unknown): KeysFileError {
  const code = (error as NodeJS.ErrnoException).code
  const reason = code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`
  return new KeysFileError([reason], true)
}

/** Reads and checks a keys file; throws KeysFileError. For start-up, where configuration is synchronous. */
export function readKeysFileSync (path: string): { text: string, entries: KeysFileEntry[] } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw unreadable(error)
  }
  return { text, entries: checked(text) }
}

/** Reads and checks a keys file; throws KeysFileError. */
export async function readKeysFile (path: string): Promise<{ text: string, entries: KeysFileEntry[] }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw unreadable(error)
  }
  return { text, entries: checked(text) }
}

/**
 * The server's key set: MCP_API_KEYS and the keys file together. The same key
 * in both is an error (which expiry would hold?); throws KeysFileError.
 */
export function combineKeys (envEntries: readonly KeyEntry[], fileEntries: readonly KeysFileEntry[]): KeyEntry[] {
  const envIds = new Set(envEntries.map(entry => entry.keyId))
  const problems = fileEntries
    .filter(entry => envIds.has(entry.keyId))
    .map(entry => `key id ${entry.keyId} is in MCP_API_KEYS too; keep it in one place`)
  if (problems.length > 0) throw new KeysFileError(problems, false)
  return [...envEntries, ...fileEntries.map(toKeyEntry)]
}
