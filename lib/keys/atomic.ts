import { randomBytes } from 'node:crypto'
import { chmod, chown, open, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { backupStamp } from './dates.js'

export interface AtomicWriteOptions {
  /** The file's mode; default: the existing file's, or 0600 for a new file. */
  mode?: number
}

/**
 * Replaces `path` with `data` so that a reader sees either the old or the new
 * file, never half of one: a temporary file in the same directory, written and
 * fsynced, then renamed over the target. A symbolic link is followed (the file
 * it points at is replaced); the owner is kept when the process may.
 */
export async function writeFileAtomic (path: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await realpath(path).catch(() => path)
  const existing = await stat(target).catch(() => null)
  const mode = options.mode ?? (existing === null ? 0o600 : existing.mode & 0o7777)
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'wx', mode)
  try {
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await chmod(temporary, mode) // the umask may have taken bits off
    if (existing !== null && typeof process.getuid === 'function') {
      await chown(temporary, existing.uid, existing.gid).catch(() => {})
    }
    await rename(temporary, target)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  await syncDirectory(dirname(target))
}

// So the rename itself survives a power cut. Some file systems refuse; that is not an error.
async function syncDirectory (dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {}
}

/**
 * Copies `data` (the file's bytes as read) to `<path>.backup-YYYYMMDDTHHMMSSZ`,
 * mode 0600, never overwriting an earlier backup (a second one in the same
 * second gets `-2`, `-3`, ...). Returns the backup's path.
 */
export async function writeBackup (path: string, data: Buffer, now: Date): Promise<string> {
  const base = `${path}.backup-${backupStamp(now)}`
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`
    let handle
    try {
      handle = await open(candidate, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue
      throw error
    }
    try {
      await handle.writeFile(data)
      await handle.sync()
      await handle.chmod(0o600)
    } catch (error) {
      await handle.close()
      await unlink(candidate).catch(() => {})
      throw error
    }
    await handle.close()
    return candidate
  }
}
