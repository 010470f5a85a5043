// `aegis-keys verify-audit`: streams audit log files through the chain verifier.
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { ChainVerifier, type ChainReport } from '../audit-chain.js'
import { CliError, describeFsError, EXIT } from './errors.js'

/** No audit record comes near this; a longer line is reported, never held in memory whole. */
export const MAX_AUDIT_LINE_BYTES = 1024 * 1024

interface Line { bytes: Buffer, terminated: boolean, tooLong: boolean }

/**
 * The lines of a stream as their exact bytes (readline would decode them, and could not tell a
 * last line cut short by a crash from one that ended with its newline).
 */
export async function * linesOf (stream: Readable, maxBytes = MAX_AUDIT_LINE_BYTES): AsyncGenerator<Line> {
  let parts: Buffer[] = []
  let length = 0
  const line = (terminated: boolean): Line => {
    const tooLong = length > maxBytes
    return { bytes: tooLong ? Buffer.alloc(0) : Buffer.concat(parts), terminated, tooLong }
  }
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let from = 0; ;) {
      const newline = chunk.indexOf(0x0a, from)
      const piece = chunk.subarray(from, newline === -1 ? chunk.length : newline)
      length += piece.length
      // A line past the limit is only counted, never kept (copied: the stream may reuse its buffers).
      if (length > maxBytes) parts = []
      else if (piece.length > 0) parts.push(Buffer.from(piece))
      if (newline === -1) break
      yield line(true)
      parts = []
      length = 0
      from = newline + 1
    }
  }
  if (length > 0) yield line(false)
}

export interface AuditFile { shown: string, handle: FileHandle }

/** Opens every file before any is read: a missing one is a usage problem (66), not a broken chain. */
export async function openAuditFiles (names: readonly string[], cwd: string): Promise<AuditFile[]> {
  const files: AuditFile[] = []
  try {
    for (const shown of names) {
      let handle: FileHandle
      try {
        handle = await open(resolve(cwd, shown), 'r')
      } catch (error) {
        throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError(error, shown)}`)
      }
      files.push({ shown, handle })
      if ((await handle.stat()).isDirectory()) throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError({ code: 'EISDIR' }, shown)}`)
    }
  } catch (error) {
    await Promise.all(files.map(async file => { await file.handle.close() }))
    throw error
  }
  return files
}

/** Verifies the files as one chain, oldest first; closes them. */
export async function verifyAuditFiles (files: readonly AuditFile[], options: { fromGenesis: boolean }): Promise<ChainReport> {
  const verifier = new ChainVerifier(options)
  try {
    for (const file of files) {
      const raw = file.handle.createReadStream({ autoClose: false })
      const stream = file.shown.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
      let number = 0
      try {
        for await (const line of linesOf(stream)) {
          number++
          if (line.tooLong) verifier.reject(file.shown, number, 'malformed', `line ${number} is longer than ${MAX_AUDIT_LINE_BYTES} bytes: not an audit record`)
          else verifier.push(file.shown, number, line.bytes, line.terminated)
          if (verifier.failed) break
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code?.startsWith('Z_') === true) throw new CliError(EXIT.DATA, `${file.shown}: not a valid gzip file`)
        throw new CliError(EXIT.NO_INPUT, `cannot read ${describeFsError(error, file.shown)}`)
      } finally {
        raw.destroy()
      }
      if (verifier.failed) break
    }
  } finally {
    await Promise.all(files.map(async file => { await file.handle.close() }))
  }
  return verifier.end()
}
