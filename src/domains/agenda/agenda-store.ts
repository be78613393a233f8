import type { Page } from '../../shared/pagination.js'
import type { AgendaBlock, Appointment, AppointmentStatus } from './appointment.js'

export interface ListAppointmentsInput {
  tenantId: string
  /** Appointments starting at or after this instant (ISO). */
  from: string
  /** … and before this instant (ISO, exclusive). */
  to: string
  customerId?: string
  status?: AppointmentStatus
  limit: number
  cursor?: string
}

/**
 * Every method is scoped to one tenant. Instants are ISO strings in UTC; returned objects are
 * copies. `book` and `reschedule` are the only writes that check for conflicts, and they do it
 * atomically (file: check and put in one synchronous tick; Postgres: a per-tenant advisory
 * transaction lock around the check and the write), so two processes cannot double-book.
 */
export interface AgendaStore {
  /** The appointment, or null. */
  get(input: { tenantId: string; appointmentId: string }): Promise<Appointment | null>
  /** Ordered by start_at (then id) ascending, keyset-paginated, with the total of the filter. */
  list(input: ListAppointmentsInput): Promise<Page<Appointment>>
  /** Inserts without checking conflicts (imports); throws AGENDA_APPOINTMENT_EXISTS for a taken id. */
  save(input: { appointment: Appointment }): Promise<Appointment>
  /** Replaces an existing appointment without checking conflicts (status, reminders); null when absent. */
  update(input: { appointment: Appointment }): Promise<Appointment | null>
  /**
   * Inserts a booked appointment unless another booked appointment of the tenant is closer to it
   * than the larger of their buffers (see `appointmentsConflict`): then throws AGENDA_SLOT_TAKEN.
   */
  book(input: { appointment: Appointment }): Promise<Appointment>
  /**
   * Replaces an existing appointment with new times, with `book`'s conflict check (ignoring the
   * appointment itself); AGENDA_SLOT_TAKEN on conflict, null when it does not exist.
   */
  reschedule(input: { appointment: Appointment }): Promise<Appointment | null>
  /** Inserts or replaces a holiday / blocked period. */
  saveBlock(input: { block: AgendaBlock }): Promise<AgendaBlock>
  /** Blocks overlapping [from, to), ordered by start_at. */
  listBlocks(input: { tenantId: string; from: string; to: string }): Promise<AgendaBlock[]>
  /** True when a block was deleted. */
  deleteBlock(input: { tenantId: string; blockId: string }): Promise<boolean>
}
