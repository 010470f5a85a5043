import { chmod, mkdir, readFile, rm, stat, unlink, utimes } from 'node:fs/promises'
import { writeBackup, writeFileAtomic } from './atomic.js'
import { CliError, describeFsError, EXIT } from './errors.js'

/**
 * The file changes of one command, made one by one and undone in reverse
 * order when one fails: a command changes every file it means to, or none.
 */
export class Changes {
  private readonly undo: Array<() => Promise<void>> = []

  /** Backs `path` up (its bytes as read); the backup is removed again on failure. */
  async backup (path: string, bytes: Buffer, now: Date): Promise<string> {
    const backup = await this.step(path, async () => await writeBackup(path, bytes, now))
    this.undo.push(async () => { await unlink(backup) })
    return backup
  }

  /** Creates `dir` (mode 0700) and its parents when missing; removed again on failure. */
  async ensureDir (dir: string): Promise<void> {
    const created = await this.step(dir, async () => await mkdir(dir, { recursive: true, mode: 0o700 }))
    if (created === undefined) return
    this.undo.push(async () => { await rm(created, { recursive: true, force: true }) })
    await this.step(dir, async () => { await chmod(dir, 0o700) })
  }

  /** Replaces (or creates) `path` atomically. */
  async write (path: string, data: string, mode?: number): Promise<void> {
    const before = await snapshot(path)
    await this.step(path, async () => { await writeFileAtomic(path, data, { mode }) })
    this.undo.push(async () => {
      if (before === null) await unlink(path)
      else await restore(path, before)
    })
  }

  /** Deletes `path`; true when it existed. */
  async remove (path: string): Promise<boolean> {
    const before = await snapshot(path)
    if (before === null) return false
    await this.step(path, async () => { await unlink(path) })
    this.undo.push(async () => { await restore(path, before) })
    return true
  }

  private async step<T> (path: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action()
    } catch (error) {
      const undone = await this.rollback()
      throw new CliError(EXIT.IO, `cannot write ${describeFsError(error, path)}; ${undone ? 'nothing was changed' : 'some changes could not be undone'}`)
    }
  }

  private async rollback (): Promise<boolean> {
    let complete = true
    for (const action of this.undo.reverse()) {
      try {
        await action()
      } catch {
        complete = false
      }
    }
    this.undo.length = 0
    return complete
  }
}

interface Snapshot { bytes: Buffer, mode: number, atimeMs: number, mtimeMs: number }

// Bytes, mode and times as they were: an undone change leaves no trace.
async function restore (path: string, before: Snapshot): Promise<void> {
  await writeFileAtomic(path, before.bytes, { mode: before.mode })
  await utimes(path, before.atimeMs / 1000, before.mtimeMs / 1000)
}

async function snapshot (path: string): Promise<Snapshot | null> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)])
    return { bytes, mode: info.mode & 0o7777, atimeMs: info.atimeMs, mtimeMs: info.mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError(error, path)}`)
  }
}
