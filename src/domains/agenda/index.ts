export {
  appointmentSchema,
  agendaBlockSchema,
  appointmentStatuses,
  agendaBlockKinds,
  localDateSchema,
  localDateTimeSchema,
  listAppointmentsQuerySchema,
  appointmentsConflict,
  type Appointment,
  type AppointmentStatus,
  type AgendaBlock,
  type AgendaBlockKind,
} from './appointment.js'
export type { AgendaStore, ListAppointmentsInput } from './agenda-store.js'
export { createFileAgendaStore } from './file-agenda-store.js'
export { createPostgresAgendaStore } from './postgres-agenda-store.js'
export { createAgendaService, type AgendaService, type AgendaActor, type DueReminder } from './agenda-service.js'
export { slotStepMinutes, type AvailableSlot, type BusinessService } from './availability.js'
export { defaultReminderOffsets, dueReminderKey, reminderText, type ReminderOffset } from './reminders.js'
export { createAgendaTools } from './agenda-tools.js'
export { appointmentForLlm, slotForLlm } from './appointment-for-llm.js'
export { formatLocalDateTime, formatLocalDate, localToUtc, addDays, weekdayOf, describeLocalDateTime } from './local-time.js'
