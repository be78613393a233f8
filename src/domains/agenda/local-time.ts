import { weekdays } from '../../tenants/index.js'

/**
 * Local wall-clock time ↔ UTC instants for an IANA zone, with Intl only (no dependency).
 * Local date-times are `YYYY-MM-DDTHH:mm`, local dates `YYYY-MM-DD`.
 */
export type Weekday = (typeof weekdays)[number]

const minuteMs = 60_000
const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0')

/** The wall-clock fields of an instant in the zone. */
const wallClock = (instant: Date, timeZone: string) => {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]))
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) }
}

/** Minutes the zone is ahead of UTC at an instant (−180 in São Paulo). */
const offsetMinutes = (instantMs: number, timeZone: string): number => {
  const wall = wallClock(new Date(instantMs), timeZone)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)
  return Math.round((asUtc - Math.floor(instantMs / minuteMs) * minuteMs) / minuteMs)
}

/** `YYYY-MM-DDTHH:mm` of an instant in the zone. */
export const formatLocalDateTime = (instant: Date | string, timeZone: string): string => {
  const wall = wallClock(new Date(instant), timeZone)
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`
}

export const formatLocalDate = (instant: Date | string, timeZone: string): string =>
  formatLocalDateTime(instant, timeZone).slice(0, 10)

const parseLocal = (local: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local)
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map((value) => Number(value ?? 0)) as [number, number, number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(asUtc)
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59) return null
  return asUtc
}

/**
 * The UTC instant of a local wall-clock time, or null when the text is not a valid local time or
 * the time does not exist in the zone (skipped by a DST jump). A time that happens twice (DST
 * ends) is the first occurrence.
 */
export const localToUtc = (local: string, timeZone: string): Date | null => {
  const asUtc = parseLocal(local)
  if (asUtc === null) return null
  const normalized = local.length === 10 ? `${local}T00:00` : local
  // Try the offsets in force a day either side; keep the earliest instant that reads back the same.
  const candidates = [...new Set([offsetMinutes(asUtc - 86_400_000, timeZone), offsetMinutes(asUtc, timeZone), offsetMinutes(asUtc + 86_400_000, timeZone)])]
    .map((offset) => asUtc - offset * minuteMs)
    .filter((instant) => formatLocalDateTime(new Date(instant), timeZone) === normalized)
    .sort((a, b) => a - b)
  return candidates[0] === undefined ? null : new Date(candidates[0])
}

/** Calendar arithmetic on a local date. */
export const addDays = (date: string, days: number): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** `mon` … `sun` of a local date. */
export const weekdayOf = (date: string): Weekday => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return weekdays[(sundayFirst + 6) % 7] as Weekday
}

/** `HH:mm` → minutes since midnight. */
export const minutesOfDay = (time: string): number => {
  const [hour, minute] = time.split(':').map(Number) as [number, number]
  return hour * 60 + minute
}

export const timeOfDay = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`

export const isValidLocalDateTime = (local: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) && parseLocal(local) !== null
export const isValidLocalDate = (local: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(local) && parseLocal(local) !== null

const weekdayNames: Record<Weekday, string> = {
  mon: 'segunda-feira',
  tue: 'terça-feira',
  wed: 'quarta-feira',
  thu: 'quinta-feira',
  fri: 'sexta-feira',
  sat: 'sábado',
  sun: 'domingo',
}

export const weekdayName = (weekday: Weekday): string => weekdayNames[weekday]

/** "sexta-feira, 06/03 às 14:30" for a local date-time. */
export const describeLocalDateTime = (local: string): string => {
  const date = local.slice(0, 10)
  return `${weekdayName(weekdayOf(date))}, ${date.slice(8, 10)}/${date.slice(5, 7)} às ${local.slice(11, 16)}`
}
