import { z } from 'zod'

export const appointmentStatuses = ['booked', 'cancelled'] as const
export const agendaBlockKinds = ['holiday', 'blocked'] as const

/** Instants are ISO-8601 strings in UTC (`toISOString()`) in both backends; shown in local time. */
export const appointmentSchema = z.object({
  tenant_id: z.string(),
  appointment_id: z.string(),
  customer_id: z.string(),
  service_name: z.string(),
  start_at: z.string(),
  /** start_at + the service's duration. */
  end_at: z.string(),
  /** Minimum gap kept free around the appointment (the service's buffer at booking time). */
  buffer_minutes: z.number().int().min(0),
  price_cents: z.number().int().min(0),
  status: z.enum(appointmentStatuses),
  cancelled_reason: z.string().nullable(),
  /** Reminder keys already sent for the current start time ('24h', '2h'). */
  reminders_sent: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
})

export type Appointment = z.infer<typeof appointmentSchema>
export type AppointmentStatus = (typeof appointmentStatuses)[number]

/** A period nothing can be booked in: a holiday or a blocked stretch (instants in UTC). */
export const agendaBlockSchema = z.object({
  tenant_id: z.string(),
  block_id: z.string(),
  start_at: z.string(),
  end_at: z.string(),
  reason: z.string(),
  kind: z.enum(agendaBlockKinds),
})

export type AgendaBlock = z.infer<typeof agendaBlockSchema>
export type AgendaBlockKind = (typeof agendaBlockKinds)[number]

/** The tenant's local wall-clock time, as tool arguments carry it. */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'use YYYY-MM-DDTHH:mm (local time)')
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')

/** Filters of `GET /tenants/:tenantId/appointments` (besides limit and cursor). */
export const listAppointmentsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  customer_id: z.string().min(1).max(100).optional(),
  status: z.enum(appointmentStatuses).optional(),
})

const minuteMs = 60_000

/**
 * The one overlap rule, mirrored in the Postgres store's SQL: two booked appointments conflict
 * unless the gap between them is at least the larger of their buffers.
 */
export const appointmentsConflict = (
  a: Pick<Appointment, 'start_at' | 'end_at' | 'buffer_minutes'>,
  b: Pick<Appointment, 'start_at' | 'end_at' | 'buffer_minutes'>,
): boolean => {
  const gap = Math.max(a.buffer_minutes, b.buffer_minutes) * minuteMs
  return Date.parse(a.start_at) < Date.parse(b.end_at) + gap && Date.parse(b.start_at) < Date.parse(a.end_at) + gap
}

/** True when [start, end) and the block overlap. */
export const overlapsBlock = (range: { start_at: string; end_at: string }, block: AgendaBlock): boolean =>
  Date.parse(range.start_at) < Date.parse(block.end_at) && Date.parse(block.start_at) < Date.parse(range.end_at)
