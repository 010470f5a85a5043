import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../keys/atomic.js'

/** One stored OAuth record as oidc-provider hands it over: plain JSON. */
export type StoredPayload = Record<string, unknown> & { grantId?: string, uid?: string, userCode?: string, consumed?: number }

/**
 * Where the authorization server keeps its state: oidc-provider's adapter API
 * with the model name as an argument, so one store serves every model. Shaped
 * for Redis (a later implementation): values are JSON, TTLs whole seconds,
 * secondary lookups by grant id (a set of keys per grant), session uid and
 * device user code (a key each), and consume is one field set on the record.
 */
export interface OAuthStore {
  /** Saves `payload` under `model:id` for `ttlSeconds` (undefined: until destroyed), and indexes it. */
  upsert (model: string, id: string, payload: StoredPayload, ttlSeconds?: number): Promise<void>
  find (model: string, id: string): Promise<StoredPayload | undefined>
  /** The Session whose `uid` is this. */
  findByUid (uid: string): Promise<StoredPayload | undefined>
  /** The DeviceCode whose `userCode` is this. */
  findByUserCode (userCode: string): Promise<StoredPayload | undefined>
  /** Marks the record used (`consumed`: epoch seconds); a second use is then seen. */
  consume (model: string, id: string): Promise<void>
  destroy (model: string, id: string): Promise<void>
  /** Deletes every token and code of a grant. */
  revokeByGrantId (grantId: string): Promise<void>
  /** Writes out what is pending; call on shutdown. */
  close (): Promise<void>
}

/** Records that must outlive a restart: registered clients, grants and the tokens of them. Others (sessions, interactions, codes) may be lost. */
export const DURABLE_MODELS: ReadonlySet<string> = new Set(['Client', 'Grant', 'RefreshToken', 'AccessToken', 'GiteaAccount'])

/**
 * Registered clients carry no expiry of their own; one unused this long is forgotten (each read
 * pushes the date back, as Redis' GETEX would), so open registration cannot fill the store.
 */
export const UNUSED_CLIENT_TTL_SECONDS = 90 * 24 * 3600
const SLIDE_STEP_MS = 24 * 3600 * 1000

export const STATE_FILE = 'oauth-state.json'
export const DATA_FILE_MODE = 0o600
export const DATA_DIRECTORY_MODE = 0o700

interface Entry {
  model: string
  id: string
  payload: StoredPayload
  /** Epoch milliseconds; null: no expiry. */
  expiresAt: number | null
  /** Seconds of idle time after which the record goes (clients); each read renews it. */
  idleTtl?: number
}

export interface MemoryOAuthStoreOptions {
  /** Where durable records are written (STATE_FILE); null keeps everything in memory. */
  dataDir: string | null
  clock?: () => number
  /** Told when writing the state file fails (the server's log). */
  onWriteError?: (error: unknown) => void
}

/** Creates DATA_DIR (0700) when missing. */
export function ensureDataDir (dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIRECTORY_MODE })
  chmodSync(dataDir, DATA_DIRECTORY_MODE)
}

/**
 * The store in this process's memory. Durable records are also written to
 * DATA_DIR/oauth-state.json (0600, replaced atomically, one write at a time,
 * coalesced) and read back at start. Every record with a TTL is dropped once
 * it expires, on access and in a sweep, so nothing grows forever.
 */
export function createMemoryOAuthStore (options: MemoryOAuthStoreOptions): OAuthStore {
  const clock = options.clock ?? Date.now
  const entries = new Map<string, Entry>()
  const grants = new Map<string, Set<string>>()
  const uids = new Map<string, string>()
  const userCodes = new Map<string, string>()
  const file = options.dataDir === null ? null : join(options.dataDir, STATE_FILE)
  let writing: Promise<void> = Promise.resolve()
  let dirty = false
  let scheduled = false
  let lastSweep = clock()

  const keyOf = (model: string, id: string): string => `${model}:${id}`

  function index (key: string, entry: Entry): void {
    const { grantId, uid, userCode } = entry.payload
    if (typeof grantId === 'string') {
      const members = grants.get(grantId) ?? new Set<string>()
      members.add(key)
      grants.set(grantId, members)
    }
    if (entry.model === 'Session' && typeof uid === 'string') uids.set(uid, key)
    if (typeof userCode === 'string') userCodes.set(userCode, key)
  }

  function unindex (key: string, entry: Entry): void {
    const { grantId, uid, userCode } = entry.payload
    if (typeof grantId === 'string') {
      const members = grants.get(grantId)
      members?.delete(key)
      if (members?.size === 0) grants.delete(grantId)
    }
    if (typeof uid === 'string' && uids.get(uid) === key) uids.delete(uid)
    if (typeof userCode === 'string' && userCodes.get(userCode) === key) userCodes.delete(userCode)
  }

  function remove (key: string): Entry | undefined {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    entries.delete(key)
    unindex(key, entry)
    if (DURABLE_MODELS.has(entry.model)) persist()
    return entry
  }

  function live (key: string | undefined): Entry | undefined {
    if (key === undefined) return undefined
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    const now = clock()
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      remove(key)
      return undefined
    }
    // Renewed at most once a day, so reads do not each rewrite the state file.
    if (entry.idleTtl !== undefined && entry.expiresAt !== null && entry.expiresAt - now < entry.idleTtl * 1000 - SLIDE_STEP_MS) {
      entry.expiresAt = now + entry.idleTtl * 1000
      if (DURABLE_MODELS.has(entry.model)) persist()
    }
    return entry
  }

  // At most once a minute: drop every expired record.
  function sweep (): void {
    const now = clock()
    if (now - lastSweep < 60_000) return
    lastSweep = now
    for (const [key, entry] of entries) if (entry.expiresAt !== null && entry.expiresAt <= now) remove(key)
  }

  function snapshot (): string {
    const now = clock()
    const durable = [...entries.values()].filter(entry => DURABLE_MODELS.has(entry.model) && (entry.expiresAt === null || entry.expiresAt > now))
    return JSON.stringify({ version: 1, records: durable })
  }

  // One write at a time; changes made while one runs are written by the next.
  function persist (): void {
    if (file === null) return
    dirty = true
    if (scheduled) return
    scheduled = true
    writing = writing.then(async () => {
      scheduled = false
      if (!dirty) return
      dirty = false
      try {
        await writeFileAtomic(file, snapshot(), { mode: DATA_FILE_MODE })
      } catch (error) {
        options.onWriteError?.(error)
      }
    })
  }

  function load (): void {
    if (file === null) return
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    const parsed = JSON.parse(text) as { records?: Entry[] }
    const now = clock()
    for (const entry of parsed.records ?? []) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) continue
      const key = keyOf(entry.model, entry.id)
      entries.set(key, entry)
      index(key, entry)
    }
  }

  if (options.dataDir !== null) ensureDataDir(options.dataDir)
  load()

  return {
    async upsert (model, id, payload, ttlSeconds) {
      sweep()
      const key = keyOf(model, id)
      const previous = entries.get(key)
      if (previous !== undefined) unindex(key, previous)
      const idleTtl = model === 'Client' && ttlSeconds === undefined ? UNUSED_CLIENT_TTL_SECONDS : undefined
      const ttl = ttlSeconds ?? idleTtl
      const entry: Entry = { model, id, payload, expiresAt: typeof ttl === 'number' ? clock() + ttl * 1000 : null, ...(idleTtl === undefined ? {} : { idleTtl }) }
      entries.set(key, entry)
      index(key, entry)
      if (DURABLE_MODELS.has(model)) persist()
    },
    async find (model, id) {
      return live(keyOf(model, id))?.payload
    },
    async findByUid (uid) {
      return live(uids.get(uid))?.payload
    },
    async findByUserCode (userCode) {
      return live(userCodes.get(userCode))?.payload
    },
    async consume (model, id) {
      const entry = live(keyOf(model, id))
      if (entry === undefined) return
      entry.payload = { ...entry.payload, consumed: Math.floor(clock() / 1000) }
      if (DURABLE_MODELS.has(model)) persist()
    },
    async destroy (model, id) {
      remove(keyOf(model, id))
    },
    async revokeByGrantId (grantId) {
      for (const key of [...grants.get(grantId) ?? []]) remove(key)
      grants.delete(grantId)
    },
    async close () {
      await writing
      if (dirty) {
        persist()
        await writing
      }
    }
  }
}
