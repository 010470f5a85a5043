import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import fp from 'fastify-plugin'
import { createKeyring, type KeyEntry, type Keyring } from '../lib/api-keys.js'
import { NO_REQUEST } from '../lib/audit-log.js'
import { combineKeys, KeysFileError, readKeysFile } from '../lib/keys/keys-file.js'

declare module 'fastify' {
  interface FastifyInstance {
    keyring: KeyringHolder
  }
}

/** What made the server re-read its keys file. */
export type ReloadTrigger = 'signal' | 'file_change' | 'manual'

export interface ReloadResult {
  /** false: the file was unreadable or invalid, and the previous keys stay in use. */
  ok: boolean
  /** The key set differs from the one before. */
  changed: boolean
  keyCount: number
  /** Why the reload failed, one line each; empty when it worked. */
  problems: string[]
}

export interface KeyringHolder {
  /** The keys in force now. Take it once per request: a reload swaps it whole, never half. */
  current (): Keyring
  /** Re-reads MCP_API_KEYS_FILE; keeps the current keys when it is unreadable or invalid. Never throws. */
  reload (trigger?: ReloadTrigger): Promise<ReloadResult>
}

export interface KeyringPluginOptions {
  /** Re-read the keys file when it changes (default true). */
  watch?: boolean
  /** Quiet time after the last change before re-reading (ms, default 200): an editor's save is several events. */
  debounceMs?: number
}

// What identifies a key set: ids, expiry, description and scope of every entry, in order.
function fingerprint (entries: readonly KeyEntry[]): string {
  return JSON.stringify(entries.map(entry => [entry.keyId, entry.source, entry.expiresAt?.getTime() ?? null, entry.description, entry.scopeText ?? null]))
}

/**
 * The server's keys, swappable at run time: MCP_API_KEYS (fixed for the life
 * of the process) and MCP_API_KEYS_FILE, re-read on reload() (SIGHUP, see
 * bin/) and when the file changes. The directory is watched, not the file, so
 * an editor's or aegis-keys' atomic rename (a new file under the old name) is seen.
 */
export default fp<KeyringPluginOptions>(async function keyringPlugin (app, options) {
  const { keys, keysFile } = app.config.auth
  const envKeys = keys.filter(entry => entry.source === 'env')
  let ring = createKeyring(keys)
  let queue: Promise<ReloadResult> = Promise.resolve({ ok: true, changed: false, keyCount: ring.size, problems: [] })
  let failing = false

  async function load (trigger: ReloadTrigger): Promise<ReloadResult> {
    if (keysFile === null) {
      app.log.info({ trigger }, 'no MCP_API_KEYS_FILE is set: there are no keys to reload (MCP_API_KEYS is read at start-up only)')
      return { ok: true, changed: false, keyCount: ring.size, problems: [] }
    }
    let next: KeyEntry[]
    try {
      next = combineKeys(envKeys, (await readKeysFile(keysFile)).entries)
    } catch (error) {
      const problems = error instanceof KeysFileError
        ? error.problems.map(problem => error.unreadable ? `cannot read ${keysFile}: ${problem}` : problem)
        : [(error as Error).message]
      app.audit.record('keys_reload_failed', 'high', NO_REQUEST, { trigger, keys_file: keysFile, reason: problems.join('; '), key_count: ring.size })
      failing = true
      app.log.error({ trigger, keys_file: keysFile, problems }, 'the keys file is unreadable or invalid: the previous keys stay in use')
      return { ok: false, changed: false, keyCount: ring.size, problems }
    }
    const changed = fingerprint(next) !== fingerprint(ring.entries)
    // A change event can be a touch, or a file beside it: re-reading the same keys is not news
    // (unless the last read failed: then the fix is).
    if (!changed && !failing && trigger === 'file_change') return { ok: true, changed, keyCount: ring.size, problems: [] }
    failing = false
    ring = createKeyring(next)
    const fileKeys = next.length - envKeys.length
    app.audit.record('keys_reloaded', 'info', NO_REQUEST, { trigger, keys_file: keysFile, key_count: ring.size, file_key_count: fileKeys, changed })
    app.log.info({ trigger, keys: ring.size, file_keys: fileKeys, changed }, 'API keys reloaded')
    return { ok: true, changed, keyCount: ring.size, problems: [] }
  }

  const holder: KeyringHolder = {
    current: () => ring,
    async reload (trigger = 'manual') {
      // One reload at a time, in order: the last file read wins. A failed one never blocks the next.
      const run = async (): Promise<ReloadResult> => await load(trigger)
      queue = queue.then(run, run)
      return await queue
    }
  }
  app.decorate('keyring', holder)

  if (keysFile === null || options.watch === false) return
  const name = basename(keysFile)
  const debounceMs = options.debounceMs ?? 200
  let timer: NodeJS.Timeout | null = null
  let watcher: FSWatcher | null = null
  try {
    watcher = watch(dirname(keysFile), { persistent: false }, (_event, changed) => {
      const file = changed === null ? null : String(changed)
      // Kubernetes swaps a `..data` symbolic link when a mounted ConfigMap or Secret changes.
      if (file !== null && file !== name && !file.startsWith('..')) return
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        holder.reload('file_change').catch((error: unknown) => { app.log.error({ err: error }, 'reloading the keys failed') })
      }, debounceMs)
    })
    watcher.on('error', (error) => {
      app.log.warn({ err: error, keys_file: keysFile }, 'stopped watching the keys file; send SIGHUP after changing it')
    })
  } catch (error) {
    app.log.warn({ err: error, keys_file: keysFile }, 'cannot watch the keys file; send SIGHUP after changing it')
  }
  app.addHook('onClose', async () => {
    watcher?.close()
    if (timer !== null) clearTimeout(timer)
    await queue
  })
}, { fastify: '5.x', name: 'keyring', dependencies: ['config', 'audit'] })
