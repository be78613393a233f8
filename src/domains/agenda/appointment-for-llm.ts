import type { Appointment } from './appointment.js'
import type { AvailableSlot } from './availability.js'
import { describeLocalDateTime, formatLocalDateTime } from './local-time.js'

const statusNames: Record<Appointment['status'], string> = { booked: 'agendado', cancelled: 'cancelado' }

/** What the model sees of an appointment: id, service, local date and time in pt-BR, status. */
export const appointmentForLlm = (appointment: Appointment, timeZone: string, customerName?: string | null): string => {
  const local = formatLocalDateTime(appointment.start_at, timeZone)
  const who = customerName === undefined ? '' : ` — ${customerName ?? 'cliente sem nome'}`
  return `[${appointment.appointment_id}] ${appointment.service_name}, ${describeLocalDateTime(local)} (${local})${who} — ${statusNames[appointment.status]}`
}

/** A free slot as the model sees it: the local start to pass back to book_appointment. */
export const slotForLlm = (slot: AvailableSlot): string => `${describeLocalDateTime(slot.start)} (start: ${slot.start})`
