import type { AutomatedMessageSource } from '../conversation/index.js'
import { reminderText, type AgendaService } from '../domains/agenda/index.js'
import { isInsideSendWindow, sendWindowOf } from '../domains/crm/index.js'

/** Appointment reminders due now, each marked sent before it is queued (exactly once per key). */
export const appointmentReminderMessages = (agenda: AgendaService): AutomatedMessageSource => ({
  name: 'agenda.reminders',
  // Reminders respect the send window too: one due at night goes out when it opens, if still ahead.
  due: async ({ tenantId, config, now }) =>
    !isInsideSendWindow(now, config.timezone, sendWindowOf(config))
      ? []
      : (await agenda.dueReminders({ tenantId, config, now, offsets: config.agenda.reminder_hours_before.map((hours) => ({ key: `${hours}h`, minutes: hours * 60 })) })).map(({ appointment, key }) => ({
      customerId: appointment.customer_id,
      text: reminderText(appointment, config),
      dedupeKey: `reminder:${appointment.appointment_id}:${key}`,
      claim: async () => {
        await agenda.markReminderSent({ tenantId, appointmentId: appointment.appointment_id, key })
        return true
      },
    })),
})
