import type { TenantConfig } from '../../tenants/index.js'
import type { Appointment } from './appointment.js'
import { describeLocalDateTime, formatLocalDateTime } from './local-time.js'

/** A reminder sent `minutes` before the appointment, recorded under `key` in reminders_sent. */
export interface ReminderOffset {
  key: string
  minutes: number
}

export const defaultReminderOffsets: readonly ReminderOffset[] = [
  { key: '24h', minutes: 24 * 60 },
  { key: '2h', minutes: 2 * 60 },
]

/**
 * The reminder to send now for a booked appointment, or null. Of the reminders whose time has
 * passed only the latest counts (after downtime the customer gets one message, not two), and
 * not when it was already sent; never for a cancelled or past appointment.
 */
export const dueReminderKey = (appointment: Appointment, now: Date, offsets: readonly ReminderOffset[]): string | null => {
  const start = Date.parse(appointment.start_at)
  if (appointment.status !== 'booked' || start <= now.getTime()) return null
  const due = offsets.filter((offset) => start - offset.minutes * 60_000 <= now.getTime()).sort((a, b) => a.minutes - b.minutes)[0]
  if (!due) return null
  const laterOrSameSent = offsets.some((offset) => offset.minutes <= due.minutes && appointment.reminders_sent.includes(offset.key))
  return laterOrSameSent ? null : due.key
}

/** The reminder message to the customer (pt-BR). */
export const reminderText = (appointment: Appointment, config: TenantConfig): string => {
  const when = describeLocalDateTime(formatLocalDateTime(appointment.start_at, config.timezone))
  return [
    `Olá! Lembrete de ${config.display_name}: você tem ${appointment.service_name} marcado para ${when}.`,
    'Responda *confirmo* para confirmar ou *remarcar* se precisar de outro horário.',
  ].join('\n')
}
