// The last lines of a log that may be far larger than memory should hold
// (an Actions job log can run to hundreds of megabytes): the body is read as
// a stream, and only a ring of the last `keep` lines is held, each cut at
// `maxLineChars`, plus the line being read (cut the same way).

export interface LogTail {
  /** The last lines, oldest first (at most `keep`), without line ends. */
  lines: string[]
  /** Lines in the whole log. */
  totalLines: number
  /** Bytes of the whole log. */
  totalBytes: number
  /** Lines among `lines` that were longer than `maxLineChars` and are cut. */
  cutLines: number
  /** Most characters held at once (ring and the line being read): the memory the read needed. */
  peakHeldChars: number
}

/** Reads `body` to its end, keeping its last `keep` lines. */
export async function tailLog (body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null, keep: number, maxLineChars: number): Promise<LogTail> {
  if (!Number.isSafeInteger(keep) || keep < 1) throw new RangeError('keep must be a whole number from 1')
  const ring: Array<{ text: string, cut: boolean }> = []
  let next = 0
  let held = 0
  let peak = 0
  let totalLines = 0
  let totalBytes = 0
  let pending = ''
  let pendingCut = false

  function push (text: string, cut: boolean): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text
    totalLines++
    if (ring.length < keep) {
      ring.push({ text: line, cut })
    } else {
      held -= (ring[next] as { text: string }).text.length
      ring[next] = { text: line, cut }
      next = (next + 1) % keep
    }
    held += line.length
  }

  function take (chunk: string): void {
    let start = 0
    for (;;) {
      const end = chunk.indexOf('\n', start)
      const piece = end === -1 ? chunk.slice(start) : chunk.slice(start, end)
      if (!pendingCut) {
        const room = maxLineChars - pending.length
        if (piece.length > room) {
          pending += piece.slice(0, room)
          pendingCut = true
        } else {
          pending += piece
        }
      }
      peak = Math.max(peak, held + pending.length)
      if (end === -1) return
      push(pending, pendingCut)
      pending = ''
      pendingCut = false
      start = end + 1
    }
  }

  if (body !== null) {
    const decoder = new TextDecoder('utf-8')
    // Node's streams and web streams are both async iterables of chunks.
    for await (const value of body as AsyncIterable<Uint8Array>) {
      totalBytes += value.byteLength
      take(decoder.decode(value, { stream: true }))
    }
    take(decoder.decode())
  }
  // A last line without a line end is still a line.
  if (pending !== '' || pendingCut) push(pending, pendingCut)
  const ordered = ring.length < keep ? ring : [...ring.slice(next), ...ring.slice(0, next)]
  return {
    lines: ordered.map((line) => line.text),
    totalLines,
    totalBytes,
    cutLines: ordered.filter((line) => line.cut).length,
    peakHeldChars: peak
  }
}
