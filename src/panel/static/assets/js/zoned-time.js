// Calendar arithmetic on local dates ("YYYY-MM-DD") of the tenant's time zone, with Intl only:
// day boundaries for the API's from/to queries (agenda, 01's status strip, campaigns) and labels.

/** Minutes the zone is ahead of UTC at `instant` (São Paulo: -180). */
export const zoneOffsetMinutes = (instant, timeZone) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  )
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/** The instant of local `date` at `time` ("HH:mm") in the zone. */
export const zonedInstant = (date, time, timeZone) => {
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000
  // Once more, in case the offset changes between the guess and the answer (DST).
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000
  return new Date(guess)
}

/** The start of local `date` in the zone. */
export const zonedMidnight = (date, timeZone) => zonedInstant(date, '00:00', timeZone)

/** `date` plus `days` (negative goes back). */
export const addDays = (date, days) => {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date) => {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/** The Monday of the week of `date`. */
export const mondayOf = (date) => addDays(date, -((weekdayOf(date) + 6) % 7))

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** "segunda-feira, 30 de novembro" for a local date (formatted at noon UTC, so any zone works). */
export const longDateLabel = (date, options = { weekday: 'long', day: 'numeric', month: 'long' }) => {
  const [year, month, day] = date.split('-').map(Number)
  return new Intl.DateTimeFormat('pt-BR', { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day, 12)))
}
