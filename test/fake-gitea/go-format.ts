// Go standard-library formatting that Gitea's responses depend on, reproduced
// byte for byte: url.PathEscape / url.QueryEscape, url.Values parsing and
// encoding, strconv.Atoi / ParseBool, time.Time JSON and json.Encoder output.

const HEX = '0123456789ABCDEF'

function isUnreserved (c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e // - _ . ~
}

function escapeBytes (s: string, keep: (c: number) => boolean, spaceAsPlus: boolean): string {
  let out = ''
  for (const c of Buffer.from(s, 'utf8')) {
    if (keep(c)) out += String.fromCharCode(c)
    else if (spaceAsPlus && c === 0x20) out += '+'
    else out += '%' + HEX[c >> 4] + HEX[c & 15]
  }
  return out
}

/** Go's url.PathEscape: also keeps $ & + : = @ (reserved chars legal in a path segment). */
export function pathEscape (s: string): string {
  return escapeBytes(s, (c) => isUnreserved(c) || '$&+:=@'.includes(String.fromCharCode(c)), false)
}

/** Gitea's util.PathEscapeSegments: PathEscape each "/"-separated segment. */
export function pathEscapeSegments (p: string): string {
  return p.split('/').map(pathEscape).join('/')
}

/** Go's url.QueryEscape: only unreserved characters survive, space becomes "+". */
export function queryEscape (s: string): string {
  return escapeBytes(s, isUnreserved, true)
}

/** Go's url.PathUnescape / QueryUnescape; undefined where Go returns an error. */
export function goUnescape (s: string, plusIsSpace: boolean): string | undefined {
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    if (ch === '%') {
      const hex = s.slice(i + 1, i + 3)
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined
      bytes.push(parseInt(hex, 16))
      i += 2
    } else if (ch === '+' && plusIsSpace) {
      bytes.push(0x20)
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b)
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** An ordered multi-map like Go's url.Values. */
export type QueryValues = Map<string, string[]>

/** Go's url.ParseQuery as used by req.URL.Query(): bad pairs (bad escapes, ";") are dropped. */
export function parseQuery (raw: string): QueryValues {
  const values: QueryValues = new Map()
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue
    const eq = pair.indexOf('=')
    const key = goUnescape(eq === -1 ? pair : pair.slice(0, eq), true)
    const value = goUnescape(eq === -1 ? '' : pair.slice(eq + 1), true)
    if (key === undefined || value === undefined) continue
    const list = values.get(key)
    if (list) list.push(value)
    else values.set(key, [value])
  }
  return values
}

/** Go's url.Values.Encode: keys sorted (byte order), values in their original order. */
export function encodeQuery (values: QueryValues): string {
  const keys = [...values.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const parts: string[] = []
  for (const key of keys) {
    for (const value of values.get(key) ?? []) parts.push(queryEscape(key) + '=' + queryEscape(value))
  }
  return parts.join('&')
}

/** ctx.FormString: the first value, or "". */
export function formString (values: QueryValues, key: string): string {
  return values.get(key)?.[0] ?? ''
}

const INT64_MAX = 9223372036854775807n

/** ctx.FormInt: strconv.Atoi of the first value, 0 when absent or invalid (including int64 overflow). */
export function formInt (values: QueryValues, key: string): number {
  const s = formString(values, key)
  if (!/^[+-]?\d+$/.test(s)) return 0
  const n = BigInt(s)
  if (n > INT64_MAX || n < -INT64_MAX - 1n) return 0
  return Number(n)
}

/** ctx.FormBool: strconv.ParseBool, false when absent or invalid. */
export function formBool (values: QueryValues, key: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(formString(values, key))
}

/** The JSON form of a Go time.Time: RFC 3339 with the value's own zone ("Z" for UTC). */
export function goTime (unixSeconds: number, offsetMinutes = 0): string {
  const local = new Date((unixSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19)
  if (offsetMinutes === 0) return local + 'Z'
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** Go's zero time.Time, which Gitea sends for never-set timestamps (no omitempty on structs). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

/** http.TimeFormat, used by Last-Modified. */
export function httpDate (unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toUTCString()
}

/**
 * What json.NewEncoder(w).Encode(v) writes: HTML-sensitive characters escaped
 * (Go's default SetEscapeHTML(true)), U+2028/U+2029 escaped, trailing newline.
 */
export function goJson (value: unknown): string {
  return JSON.stringify(value)
    .replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n'
}
