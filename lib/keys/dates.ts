export const DAY_MS = 86_400_000

// ISO 8601 as JSON and people write it: a date, or a date and time with Z or an offset.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

/** An ISO 8601 date (`2026-05-01`) or date-time with a zone (`2026-05-01T12:00:00Z`); undefined when it is not one. */
export function parseIsoDate (value: string): Date | undefined {
  if (!ISO_DATE.test(value)) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : new Date(time)
}

export function addDays (date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}

/** `YYYYMMDDTHHMMSSZ` in UTC: the stamp of backup file names. */
export function backupStamp (now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
}

/** Whole days from `from` to `to`, rounded towards zero (negative when `to` is earlier). */
export function daysBetween (from: Date, to: Date): number {
  return Math.trunc((to.getTime() - from.getTime()) / DAY_MS)
}

/** `2026-05-01 12:00 UTC`: a date people read at a glance. */
export function formatDate (date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
