import { AppError } from '../../shared/app-error.js'
import type { SendWindow } from './follow-up.js'

const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/
const localDate = /^(\d{4})-(\d{2})-(\d{2})$/

/** The wall-clock parts of `date` in `timeZone`. */
export const localParts = (date: Date, timeZone: string): { date: string; time: string; minutes: number } => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '00'
  const hour = part('hour')
  const minute = part('minute')
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${hour}:${minute}`, minutes: Number(hour) * 60 + Number(minute) }
}

const offsetMs = (instant: number, timeZone: string): number => {
  const { date, time } = localParts(new Date(instant), timeZone)
  const asUtc = Date.parse(`${date}T${time}:00Z`)
  return asUtc - Math.floor(instant / 60_000) * 60_000
}

const wallClockToUtc = (wallClockAsUtc: number, timeZone: string): Date => {
  // Two passes settle the offset for any zone; a time skipped by DST lands just after the gap.
  let guess = wallClockAsUtc - offsetMs(wallClockAsUtc, timeZone)
  guess = wallClockAsUtc - offsetMs(guess, timeZone)
  return new Date(guess)
}

const invalid = (value: string, expected: string) =>
  new AppError('CRM_LOCAL_TIME_INVALID', `"${value}" não é ${expected} válida.`)

/** `YYYY-MM-DDTHH:mm` in the tenant's zone → the UTC instant. */
export const parseLocalDateTime = (value: string, timeZone: string): Date => {
  const match = localDateTime.exec(value)
  if (!match) throw invalid(value, 'uma data e hora (use AAAA-MM-DDTHH:mm)')
  const [, year, month, day, hour, minute] = match.map(Number) as number[]
  const wallClock = Date.UTC(year as number, (month as number) - 1, day, hour, minute)
  const check = new Date(wallClock)
  if (check.getUTCDate() !== day || check.getUTCMonth() !== (month as number) - 1 || (hour as number) > 23 || (minute as number) > 59) {
    throw invalid(value, 'uma data e hora (use AAAA-MM-DDTHH:mm)')
  }
  return wallClockToUtc(wallClock, timeZone)
}

/** `YYYY-MM-DD` in the tenant's zone → the UTC instant its local day starts. */
export const parseLocalDate = (value: string, timeZone: string): Date => {
  if (!localDate.test(value)) throw invalid(value, 'uma data (use AAAA-MM-DD)')
  return parseLocalDateTime(`${value}T00:00`, timeZone)
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** True when `now` is inside the local send window (start inclusive, end exclusive). */
export const isInsideSendWindow = (now: Date, timeZone: string, window: SendWindow): boolean => {
  const minutes = localParts(now, timeZone).minutes
  return minutes >= minutesOf(window.start) && minutes < minutesOf(window.end)
}

/** The first instant at or after `from` inside the send window. */
export const nextSendWindowOpening = (from: Date, timeZone: string, window: SendWindow): Date => {
  if (isInsideSendWindow(from, timeZone, window)) return from
  const local = localParts(from, timeZone)
  const today = parseLocalDateTime(`${local.date}T${window.start}`, timeZone)
  if (today.getTime() > from.getTime()) return today
  const tomorrow = new Date(Date.parse(`${local.date}T12:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10)
  return parseLocalDateTime(`${tomorrow}T${window.start}`, timeZone)
}
