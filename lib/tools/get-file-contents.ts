import { Type, type Static } from 'typebox'
import { asMeasured, largestFitting } from './budget.js'
import { ToolError } from './errors.js'
import { describeBinary, readPath, type PathRead } from './files.js'
import { escapeFields, escapeInvisible } from './sanitize.js'
import { Owner, Path, Ref, Repo } from './schemas.js'
import { countLines, decodePart, formatBytes, lineRangeOfBytes, sliceLines, snapToLine, trimIncompleteUtf8, withoutBom, type LineRange, type LineSlice } from './text.js'
import { READ_ONLY, type ToolDefinition } from './types.js'

const input = Type.Object({
  owner: Owner,
  repo: Repo,
  path: Path,
  ref: Type.Optional(Ref),
  start_line: Type.Optional(Type.Integer({ minimum: 1, description: 'First line, from 1' })),
  end_line: Type.Optional(Type.Integer({ minimum: 1, description: 'Last line, inclusive (default: the end)' }))
}, { additionalProperties: false })

const output = Type.Object({
  owner: Type.String(),
  repo: Type.String(),
  path: Type.String(),
  ref: Type.String({ description: 'The branch, tag or commit read' }),
  sha: Type.String({ description: 'Blob SHA of the file' }),
  size: Type.Integer({ description: 'Size of the whole file in bytes' }),
  encoding: Type.Union([Type.Literal('utf-8'), Type.Literal('binary')]),
  text: Type.Union([Type.String(), Type.Null()], { description: 'The lines asked for, as UTF-8 text; null for a binary file' }),
  start_line: Type.Union([Type.Integer(), Type.Null()], { description: 'First line in `text`; null for a binary file' }),
  end_line: Type.Union([Type.Integer(), Type.Null()], { description: 'Last line in `text` (inclusive); null for a binary file' }),
  total_lines: Type.Union([Type.Integer(), Type.Null()], { description: 'Lines in the whole file; null when unknown (binary, or only the start of the file was read)' }),
  truncated: Type.Boolean({ description: 'Not everything asked for is in `text`: the file is larger than the server reads, or the text was cut to fit the response size limit; see `next` and `note`' }),
  url: Type.String({ description: 'Web page of the file in Gitea' }),
  binary: Type.Optional(Type.Object({
    kind: Type.String({ description: 'png, jpeg, gif, pdf, zip, gzip, non_utf8_text, other, ...' }),
    description: Type.String()
  })),
  next: Type.Optional(Type.Object({ start_line: Type.Integer() }, { description: 'Call again with these arguments (and the same owner, repo, path, ref) to read on' })),
  escaped_characters: Type.Optional(Type.Integer({ description: 'Invisible Unicode characters (tag, bidirectional, zero-width) in `text`, shown as [U+XXXX] escapes so they cannot hide anything; absent when none. Everything else is exactly as in the file' })),
  note: Type.Optional(Type.String())
})

type Output = Static<typeof output>

export interface TextFit {
  text: string
  endLine: number
  /** The text stops before the end of what was asked for. */
  cut: boolean
  /** The cut fell inside a line (a single line longer than the budget). */
  midLine: boolean
}

/** Cuts `slice.text` after `n` code units, at a line end when possible. */
export function cutSlice (slice: LineSlice, n: number): TextFit {
  const end = snapToLine(slice.text, n)
  if (end >= slice.text.length) return { text: slice.text, endLine: slice.endLine, cut: false, midLine: false }
  const text = slice.text.slice(0, end)
  const midLine = text.length > 0 && !text.endsWith('\n')
  return { text, endLine: slice.startLine + countLines(text) - 1, cut: true, midLine }
}

export function maxFileBytesNote (size: number, maxFileBytes: number): string {
  return `The file is ${formatBytes(size)}; this server reads only its first ${formatBytes(maxFileBytes)} (MAX_FILE_SIZE_BYTES), so lines past that are not available here: open the URL in Gitea for the rest.`
}

/**
 * Lines startLine..endLine of the file, decoding only what could be shown:
 * text of n bytes is at least n bytes of JSON, so of a longer range only the
 * first `maxResponseBytes` bytes are decoded (that much never fits beside
 * the other fields, so the result still reads as cut, at the same place).
 * The bytes are valid UTF-8 (checked); line numbers come from the bytes.
 */
function sliceOrExplain (read: Extract<PathRead, { kind: 'file' }>, startLine: number | undefined, endLine: number | undefined, maxFileBytes: number, maxResponseBytes: number): LineSlice {
  const bytes = withoutBom(read.bytes)
  let range: LineRange
  try {
    range = lineRangeOfBytes(bytes, startLine, endLine)
  } catch (error) {
    if (error instanceof ToolError && read.fileTruncated) {
      throw new ToolError('invalid_arguments', `${error.message.replace(/\.$/, '')} in the part this server reads. ${maxFileBytesNote(read.meta.size, maxFileBytes)}`)
    }
    throw error
  }
  const wanted = bytes.subarray(range.from, range.to)
  const shown = wanted.length > maxResponseBytes ? trimIncompleteUtf8(wanted.subarray(0, maxResponseBytes)) : wanted
  return { text: decodePart(shown), startLine: range.startLine, endLine: range.endLine, totalLines: range.totalLines }
}

export function notAFileMessage (read: Exclude<PathRead, { kind: 'file' }>, path: string): string {
  switch (read.kind) {
    case 'dir':
      return `${JSON.stringify(path)} is a directory, not a file: list it with get_file_tree (path ${JSON.stringify(path)}), then read one of its files.`
    case 'symlink':
      return `${JSON.stringify(path)} is a symbolic link to ${JSON.stringify(read.target)}` +
        (read.resolved === null
          ? ', which points outside the repository.'
          : `: read the target with get_file_contents and path ${JSON.stringify(read.resolved)}.`)
    case 'submodule':
      return `${JSON.stringify(path)} is a git submodule` +
        (read.meta.submodule_git_url === null ? '' : ` (${read.meta.submodule_git_url})`) +
        ', another repository: its files are not in this one. Use get_file_tree to see what else is here.'
  }
}

export const getFileContents: ToolDefinition<typeof input, typeof output> = {
  name: 'get_file_contents',
  toolset: 'repos',
  title: 'Read a file',
  description: 'Reads one file at a branch, tag or commit: its UTF-8 text with size, SHA and URL. `start_line`/`end_line` read part of it; ' +
    'a large file is cut to fit, with `truncated` and `next` (the `start_line` to continue from). Binary files are described, not returned. ' +
    'Find paths with get_file_tree or search.',
  inputSchema: input,
  outputSchema: output,
  annotations: READ_ONLY,
  tooLargeAdvice: 'Ask for fewer lines with `start_line` and `end_line`.',
  async run (args, ctx) {
    const { owner, repo, path } = args
    if (args.start_line !== undefined && args.end_line !== undefined && args.end_line < args.start_line) {
      throw new ToolError('invalid_arguments', `Invalid arguments: \`end_line\` (${args.end_line}) must be >= \`start_line\` (${args.start_line}).`)
    }
    const read = await readPath(ctx, owner, repo, path, args.ref)
    if (read.kind !== 'file') throw new ToolError('not_a_file', notAFileMessage(read, path))

    const base = {
      owner,
      repo,
      path: read.meta.path,
      ref: read.ref,
      sha: read.meta.sha,
      size: read.meta.size,
      url: read.url
    }
    const maxFileBytes = ctx.limits.maxFileBytes
    if (read.check.binary) {
      const binary = describeBinary(read.meta.path, read.meta.size, read.meta.sha, read.bytes, read.check.reason)
      return { ...base, encoding: 'binary', text: null, start_line: null, end_line: null, total_lines: null, truncated: false, binary }
    }

    // Never the whole file as a string: only the part that could be shown is decoded.
    const raw = sliceOrExplain(read, args.start_line, args.end_line, maxFileBytes, ctx.limits.maxResponseBytes)
    // Invisible characters become visible escapes (line numbers do not change).
    const sanitized = escapeInvisible(raw.text)
    const slice: LineSlice = { ...raw, text: sanitized.text }
    const build = (n: number, escaped = sanitized.escaped): Output => {
      const fit = cutSlice(slice, n)
      const notes: string[] = []
      const result: Output = {
        ...base,
        encoding: 'utf-8',
        text: fit.text,
        start_line: slice.startLine,
        end_line: fit.endLine,
        total_lines: read.fileTruncated ? null : slice.totalLines,
        truncated: fit.cut || read.fileTruncated
      }
      if (fit.cut) {
        const nextLine = fit.endLine + 1
        result.next = { start_line: nextLine }
        notes.push(fit.midLine
          ? `Line ${fit.endLine} is longer than the response size limit and was cut; call again with start_line ${nextLine} to read on after it.`
          : `Cut at line ${fit.endLine} to fit the response size limit; call again with start_line ${nextLine} to read on.`)
      }
      if (read.fileTruncated) notes.push(maxFileBytesNote(read.meta.size, maxFileBytes))
      return { ...result, ...escapeFields(escaped, notes) }
    }
    // Text of n UTF-16 code units is at least n bytes of JSON: a cut past MAX_RESPONSE_BYTES
    // never fits, so a large file is never serialised whole just to learn that.
    const fitted = largestFitting(Math.min(slice.text.length, ctx.limits.maxResponseBytes), (n) => build(n), ctx.limits.maxResponseBytes)
    if (fitted === null || (fitted.result.text === '' && slice.text !== '')) {
      throw new ToolError('too_large', `Not even one character of the file fits the response size limit (MAX_RESPONSE_BYTES = ${ctx.limits.maxResponseBytes}).`)
    }
    if (sanitized.escaped > 0 && fitted.result.truncated && fitted.result.end_line !== null) {
      // Count only the escapes in the lines returned (never more than measured, so it still fits).
      const shownLines = sliceLines(raw.text, 1, fitted.result.end_line - raw.startLine + 1).text
      return build(fitted.n, escapeInvisible(shownLines).escaped)
    }
    // Returned as measured: the registry sends the JSON largestFitting made.
    return asMeasured(fitted.result, fitted.measured)
  }
}
