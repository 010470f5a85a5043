/**
 * Reading and rewriting the MCP_API_KEYS line of an `.env` file. Every other
 * byte of the file (comments, other variables, line endings) is kept as it is.
 */

const KEYS_LINE = /^(\s*(?:export\s+)?MCP_API_KEYS\s*=)(.*)$/

export interface EnvKeys {
  /** The entries of MCP_API_KEYS as written (plain keys or `sha256:` digests), in order. */
  entries: string[]
  /** 1-based line of MCP_API_KEYS; null when the file has none. */
  lineNumber: number | null
}

interface Line { text: string, eol: string }

function splitLines (text: string): Line[] {
  const lines: Line[] = []
  for (const match of text.matchAll(/([^\n]*?)(\r?\n|$)/g)) {
    if (match.index === text.length && match[0] === '') break
    lines.push({ text: match[1] ?? '', eol: match[2] ?? '' })
  }
  return lines
}

interface ValuePart {
  /** What precedes the value: leading space, an optional `export`, the name and `=`. */
  head: string
  value: string
  quote: '' | '"' | "'"
  /** An inline comment after the value, with the space before it. */
  tail: string
}

// As dotenv (and node:util parseEnv) read a value: quoted, or up to a `#`.
function splitValue (head: string, rest: string, lineNumber: number): ValuePart {
  const leading = /^\s*/.exec(rest)?.[0] ?? ''
  const body = rest.slice(leading.length)
  const quote = body[0]
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = body.indexOf(quote, 1)
    if (close === -1) throw new Error(`line ${lineNumber}: MCP_API_KEYS has an unclosed quote (a value over several lines is not supported)`)
    if (quote === '`') throw new Error(`line ${lineNumber}: write MCP_API_KEYS without backquotes`)
    return { head: head + leading, value: body.slice(1, close), quote, tail: body.slice(close + 1) }
  }
  const hash = body.indexOf('#')
  const value = hash === -1 ? body : body.slice(0, hash)
  const trimmed = value.trimEnd()
  return { head: head + leading, value: trimmed, quote: '', tail: body.slice(trimmed.length) }
}

function findKeysLine (lines: Line[]): { index: number, part: ValuePart } | null {
  let found: { index: number, part: ValuePart } | null = null
  lines.forEach((line, index) => {
    const match = KEYS_LINE.exec(line.text.replace(/\r$/, ''))
    if (match === null) return
    if (found !== null) throw new Error(`MCP_API_KEYS is set on line ${found.index + 1} and again on line ${index + 1}; keep one`)
    found = { index, part: splitValue(match[1] ?? '', match[2] ?? '', index + 1) }
  })
  return found
}

/** The MCP_API_KEYS entries of an .env file. Throws an Error (one line, no value) when the line cannot be read. */
export function readEnvKeys (text: string): EnvKeys {
  const found = findKeysLine(splitLines(text))
  if (found === null) return { entries: [], lineNumber: null }
  const entries = found.part.value.split(',').map(entry => entry.trim()).filter(entry => entry !== '')
  return { entries, lineNumber: found.index + 1 }
}

/**
 * The file with MCP_API_KEYS set to `entries`: only that line changes (its
 * `export`, quotes, inline comment and line ending are kept); a file without
 * one gets it appended.
 */
export function writeEnvKeys (text: string, entries: readonly string[]): string {
  const lines = splitLines(text)
  const found = findKeysLine(lines)
  const joined = entries.join(',')
  if (found === null) {
    const eol = lines.find(line => line.eol !== '')?.eol ?? '\n'
    const separator = text === '' || text.endsWith('\n') ? '' : eol
    return `${text}${separator}MCP_API_KEYS=${joined}${eol}`
  }
  const line = lines[found.index] as Line
  const carriageReturn = line.text.endsWith('\r') ? '\r' : ''
  const { head, quote, tail } = found.part
  line.text = `${head}${quote}${joined}${quote}${tail.replace(/\r$/, '')}${carriageReturn}`
  return lines.map(l => l.text + l.eol).join('')
}
