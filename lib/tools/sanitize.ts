/**
 * Text from a repository reaches a language model. Characters that render as
 * nothing can carry instructions a person reviewing the same text never sees:
 * Unicode tag characters (U+E0000-U+E007F, "ASCII smuggling"), bidirectional
 * controls (which reorder what is displayed, "Trojan Source") and zero-width
 * characters. Each one is replaced by a visible escape such as `[U+200B]`, so
 * nothing is silently lost and nothing stays hidden; every other character is
 * left exactly as it was.
 *
 * Every tool that escapes reports it the same way: `escaped_characters` (the
 * count, absent when 0) and the sanitize note at the end of `note`
 * (`escapeFields`, with the schema fields in `EscapeReport`).
 */
import { Type } from 'typebox'

// Tag block; bidi embeddings, overrides, isolates and marks; zero-width and invisible formatting characters.
// eslint-disable-next-line no-misleading-character-class -- U+034F is listed on its own on purpose: it is invisible
const INVISIBLE = /[\u{E0000}-\u{E007F}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u034F\u115F\u1160\u3164\uFFA0]/gu

export interface SanitizedText {
  text: string
  /** How many invisible characters were escaped; 0 when the text is unchanged. */
  escaped: number
}

export function escapeInvisible (text: string): SanitizedText {
  let escaped = 0
  const result = text.replace(INVISIBLE, (char) => {
    escaped++
    return `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`
  })
  return { text: result, escaped }
}

/** The note a tool result carries when it escaped anything. */
export function sanitizeNote (escaped: number): string | undefined {
  if (escaped === 0) return undefined
  return `${escaped} invisible Unicode character(s) (tag, bidirectional or zero-width) were shown as [U+XXXX] escapes; they can hide text from people.`
}

export const EscapedCharacters = Type.Optional(Type.Integer({ description: 'Invisible Unicode characters (tag, bidirectional, zero-width) in text from the repository, shown as [U+XXXX] escapes; absent when none' }))
export const Note = Type.Optional(Type.String({ description: 'What was left out or changed, and how to get the rest' }))

/** The output schema fields of the escape report (last in a result, as `escapeFields` fills them). */
export const EscapeReport = { escaped_characters: EscapedCharacters, note: Note }

/**
 * `escaped_characters` (when > 0) and `note`: the other `notes` (undefined
 * and empty ones skipped), then the sanitize note.
 */
export function escapeFields (count: number, notes: ReadonlyArray<string | undefined> = []): { escaped_characters?: number, note?: string } {
  const all = notes.filter((note): note is string => note !== undefined && note !== '')
  const note = sanitizeNote(count)
  if (note !== undefined) all.push(note)
  return {
    ...(count > 0 ? { escaped_characters: count } : {}),
    ...(all.length > 0 ? { note: all.join(' ') } : {})
  }
}

/** Escapes the text of one result (or one list item) and counts what it escaped, for the result's note. */
export class Escapes {
  count = 0

  text (value: string): string {
    const result = escapeInvisible(value)
    this.count += result.escaped
    return result.text
  }
}

/** An item of a list with the number of characters escaped in it, so a cut list counts only what it shows. */
export interface Escaped<T> {
  value: T
  escaped: number
}

/** `map` applied to each item with its own Escapes. */
export function escapeEach<I, T> (items: readonly I[], map: (item: I, escapes: Escapes) => T): Array<Escaped<T>> {
  return items.map((item) => {
    const escapes = new Escapes()
    const value = map(item, escapes)
    return { value, escaped: escapes.count }
  })
}

/** The values of a (shown) list and the characters escaped in them. */
export function unwrap<T> (items: ReadonlyArray<Escaped<T>>): { values: T[], escaped: number } {
  return { values: items.map((item) => item.value), escaped: items.reduce((sum, item) => sum + item.escaped, 0) }
}
