/** Calendar arithmetic on local `YYYY-MM-DD` dates (no time zone: a date is a date). */

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export const localDateOf = (instant: Date, timeZone: string): string => {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, formatter)
  }
  return formatter.format(instant)
}

const toUtcDay = (date: string): number => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(year, month - 1, day) / 86_400_000
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export const isValidLocalDate = (date: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const parsed = new Date(Date.UTC(year, month - 1, day))
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => toUtcDay(to) - toUtcDay(from)

export const addDays = (date: string, days: number): string =>
  new Date((toUtcDay(date) + days) * 86_400_000).toISOString().slice(0, 10)

/** "05/03/2026" */
export const formatDatePtBr = (date: string): string => {
  const [year, month, day] = date.split('-')
  return `${day}/${month}/${year}`
}

/** "05/03" */
export const formatDayMonthPtBr = (date: string): string => formatDatePtBr(date).slice(0, 5)
