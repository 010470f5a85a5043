/** A pino destination that keeps every line, for asserting what was logged. */
export class LineCollector {
  readonly lines: string[] = []

  write (chunk: string): boolean {
    for (const line of chunk.split('\n')) if (line !== '') this.lines.push(line)
    return true
  }

  records (): Array<Record<string, unknown>> {
    return this.lines.map(line => JSON.parse(line) as Record<string, unknown>)
  }

  events (event: string): Array<Record<string, unknown>> {
    return this.records().filter(record => record.event === event)
  }

  text (): string {
    return this.lines.join('\n')
  }
}
