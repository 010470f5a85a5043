/**
 * Exit codes of `aegis-keys`. check-age reports its findings with 0 to 3, so
 * errors use the sysexits.h codes above them: a cron job can tell "a key
 * expires soon" (1, 2, 3) from "the check itself could not run" (64 and up).
 */
export const EXIT = {
  OK: 0,
  /** check-age: a key expires within the warning days; other commands: the wizard was answered "no". */
  WARNING: 1,
  /** check-age: a key expires within the critical days. */
  CRITICAL: 2,
  /** check-age: a key has expired. */
  EXPIRED: 3,
  /** EX_USAGE: unknown command or option, a bad option value, options that exclude each other. */
  USAGE: 64,
  /** EX_DATAERR: a file holds something invalid (malformed line, duplicate key, short key). */
  DATA: 65,
  /** EX_NOINPUT: a file or directory to read is missing or unreadable. */
  NO_INPUT: 66,
  /** EX_IOERR: a file could not be written (every change was undone). */
  IO: 74
} as const

/** A failure the CLI reports as one line on standard error, exiting with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number
  constructor (exitCode: number, message: string) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/** One line naming the file and what went wrong with it, from a Node.js file-system error. */
export function describeFsError (error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'ENOENT': return `${path}: no such file or directory`
    case 'EACCES':
    case 'EPERM': return `${path}: permission denied`
    case 'EISDIR': return `${path}: is a directory, not a file`
    case 'ENOTDIR': return `${path}: a part of the path is not a directory`
    case 'EEXIST': return `${path}: already exists`
    case 'ENOSPC': return `${path}: no space left on the device`
    case 'EROFS': return `${path}: read-only file system`
    default: return `${path}: ${code ?? 'cannot be accessed'}`
  }
}
