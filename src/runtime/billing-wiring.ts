import type { AutomatedMessageSource } from '../conversation/index.js'
import type { BillingService } from '../domains/billing/index.js'

/** Reminders start at this local hour: "a daily job in the tenant's morning". */
const morningHour = 9

const localHour = (now: Date, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now))

/** Overdue charges to remind, each claimed for the day before it is queued (never twice a day). */
export const overdueReminderMessages = (billing: BillingService): AutomatedMessageSource => ({
  name: 'billing.overdue_reminders',
  due: async ({ tenantId, config, now }) => {
    if (localHour(now, config.timezone) < morningHour || localHour(now, config.timezone) >= 20) return []
    await billing.refreshOverdue({ tenantId, config, now })
    return (await billing.dueOverdueReminders({ tenantId, config, now })).map((charge) => {
      let pix: string | null = null
      try {
        pix = billing.pixCopiaECola(charge, config)
      } catch {
        pix = null
      }
      return {
        customerId: charge.customer_id,
        text: billing.overdueReminderText(charge, pix),
        dedupeKey: `overdue:${charge.charge_id}:${now.toISOString().slice(0, 10)}`,
        claim: () => billing.markReminderSent({ tenantId, chargeId: charge.charge_id, config, now }),
      }
    })
  },
})
