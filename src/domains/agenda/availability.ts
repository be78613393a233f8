import type { TenantConfig } from '../../tenants/index.js'
import { appointmentsConflict, overlapsBlock, type AgendaBlock, type Appointment } from './appointment.js'
import { localToUtc, minutesOfDay, timeOfDay, weekdayOf, weekdayName } from './local-time.js'

/** One of the tenant's services, as the config describes it. */
export type BusinessService = TenantConfig['business']['services'][number]

/** A free slot: local times for the model, UTC instants for booking. */
export interface AvailableSlot {
  service_name: string
  /** Local `YYYY-MM-DDTHH:mm`. */
  start: string
  end: string
  start_at: string
  end_at: string
}

/** A candidate appointment window, checked against the day's hours. */
export interface Placement {
  start_at: string
  end_at: string
}

const minuteMs = 60_000

/** Slots are offered every `duration` minutes from the start of each interval, between 15 and 60. */
export const slotStepMinutes = (service: BusinessService): number => Math.min(60, Math.max(15, service.duration_minutes))

export const intervalsOf = (config: TenantConfig, date: string): Array<[number, number]> =>
  (config.business.hours[weekdayOf(date)] ?? [])
    .map(([start, end]) => [minutesOfDay(start), minutesOfDay(end)] as [number, number])
    .sort((a, b) => a[0] - b[0])

/**
 * Why a local start does not fit the day's hours (pt-BR, for the model to relay), or null when
 * the whole appointment lies inside one interval. Breaks are the gaps between intervals.
 */
export const hoursProblem = (config: TenantConfig, date: string, startMinute: number, durationMinutes: number): string | null => {
  const intervals = intervalsOf(config, date)
  const day = weekdayName(weekdayOf(date))
  if (intervals.length === 0) return `Não há atendimento nesse dia (${day}).`
  const end = startMinute + durationMinutes
  if (intervals.some(([open, close]) => startMinute >= open && end <= close)) return null
  const listed = intervals.map(([open, close]) => `${timeOfDay(open)}–${timeOfDay(close)}`).join(', ')
  const gaps = intervals.slice(1).map(([open], index) => [(intervals[index] as [number, number])[1], open] as const)
  const gap = gaps.find(([from, to]) => startMinute < to && end > from)
  const first = (intervals[0] as [number, number])[0]
  const last = (intervals.at(-1) as [number, number])[1]
  if (gap && startMinute >= first && end <= last) {
    return `Esse horário cai no intervalo entre ${timeOfDay(gap[0])} e ${timeOfDay(gap[1])}. Atendimento de ${day}: ${listed}.`
  }
  return `Fora do horário de atendimento. Atendimento de ${day}: ${listed}.`
}

/** The free slots of one local date, in order. */
export const slotsOfDay = (input: {
  config: TenantConfig
  service: BusinessService
  date: string
  now: Date
  booked: readonly Appointment[]
  blocks: readonly AgendaBlock[]
}): AvailableSlot[] => {
  const { config, service, date, now, booked, blocks } = input
  const step = slotStepMinutes(service)
  const slots: AvailableSlot[] = []
  for (const [open, close] of intervalsOf(config, date)) {
    for (let minute = open; minute + service.duration_minutes <= close; minute += step) {
      const start = localToUtc(`${date}T${timeOfDay(minute)}`, config.timezone)
      const endLocal = `${date}T${timeOfDay(minute + service.duration_minutes)}`
      const end = localToUtc(endLocal, config.timezone)
      // A DST jump inside the slot (or a skipped local time) makes it no slot at all.
      if (!start || !end || end.getTime() - start.getTime() !== service.duration_minutes * minuteMs) continue
      if (start.getTime() <= now.getTime()) continue
      const candidate = { start_at: start.toISOString(), end_at: end.toISOString(), buffer_minutes: service.buffer_minutes ?? 0 }
      if (booked.some((appointment) => appointmentsConflict(candidate, appointment))) continue
      if (blocks.some((block) => overlapsBlock(candidate, block))) continue
      slots.push({ service_name: service.name, start: `${date}T${timeOfDay(minute)}`, end: endLocal, start_at: candidate.start_at, end_at: candidate.end_at })
    }
  }
  return slots
}
