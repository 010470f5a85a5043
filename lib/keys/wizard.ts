import { createInterface } from 'node:readline'

/** Asks questions one line at a time; null once the input has ended (Ctrl-D). */
export interface Prompter {
  ask (question: string): Promise<string | null>
  close (): void
}

export function createPrompter (input: NodeJS.ReadableStream, output: { write (text: string): unknown }): Prompter {
  const rl = createInterface({ input, terminal: false })
  // The iterator queues lines, so an answer typed (or piped) early is not lost.
  const lines = rl[Symbol.asyncIterator]()
  return {
    async ask (question) {
      output.write(question)
      const next = await lines.next()
      return next.done === true ? null : String(next.value).trim()
    },
    close () {
      rl.close()
    }
  }
}

/** Asks until the answer passes `check` (which returns the value, or a message to show). null when the input ends. */
export async function askUntil<T> (prompter: Prompter, output: { write (text: string): unknown }, question: string, check: (answer: string) => { value: T } | { error: string }): Promise<{ value: T } | null> {
  for (;;) {
    const answer = await prompter.ask(question)
    if (answer === null) return null
    const result = check(answer)
    if ('value' in result) return result
    output.write(`  ${result.error}\n`)
  }
}

/** y/yes or n/no; an empty answer takes `fallback`. */
export function yesNo (fallback: boolean): (answer: string) => { value: boolean } | { error: string } {
  return answer => {
    if (answer === '') return { value: fallback }
    if (/^(y|yes)$/i.test(answer)) return { value: true }
    if (/^(n|no)$/i.test(answer)) return { value: false }
    return { error: 'answer y or n' }
  }
}

/** A whole number from min to max; an empty answer takes `fallback`. */
export function wholeNumber (min: number, max: number, fallback: number): (answer: string) => { value: number } | { error: string } {
  return answer => {
    if (answer === '') return { value: fallback }
    if (/^\d{1,6}$/.test(answer) && Number(answer) >= min && Number(answer) <= max) return { value: Number(answer) }
    return { error: `a whole number from ${min} to ${max}, please` }
  }
}

/** One line of printable text, at most 200 characters. */
export function description (answer: string): { value: string } | { error: string } {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(answer)) return { error: 'printable text only, please' }
  if (answer.length > 200) return { error: 'at most 200 characters, please' }
  return { value: answer }
}
