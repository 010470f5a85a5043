/**
 * Text from a repository reaches a language model. Characters that render as
 * nothing can carry instructions a person reviewing the same text never sees:
 * Unicode tag characters (U+E0000-U+E007F, "ASCII smuggling"), bidirectional
 * controls (which reorder what is displayed, "Trojan Source") and zero-width
 * characters. Each one is replaced by a visible escape such as `[U+200B]`, so
 * nothing is silently lost and nothing stays hidden; every other character is
 * left exactly as it was.
 */

// Tag block; bidi embeddings, overrides, isolates and marks; zero-width and invisible formatting characters.
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
