import { z } from 'zod'

export const followUpStatuses = ['scheduled', 'sent', 'cancelled', 'skipped'] as const
export type FollowUpStatus = (typeof followUpStatuses)[number]

/** A message fabio sends a contact later. Dates are ISO-8601 strings in UTC in both backends. */
export const followUpSchema = z.object({
  tenant_id: z.string(),
  follow_up_id: z.string(),
  customer_id: z.string(),
  message: z.string(),
  due_at: z.string(),
  status: z.enum(followUpStatuses),
  /** Why it left `scheduled` other than by sending ("contact_wrote_first", "opted_out"). */
  reason: z.string().nullable(),
  created_by: z.enum(['owner', 'rule']),
  created_at: z.string(),
  updated_at: z.string(),
})

export type FollowUp = z.infer<typeof followUpSchema>

/** Local send window `HH:mm`–`HH:mm` (start inclusive, end exclusive). */
export interface SendWindow {
  start: string
  end: string
}

/** Issue #5: automated messages only between 08:00 and 20:00 local unless the tenant says otherwise. */
export const defaultSendWindow: SendWindow = { start: '08:00', end: '20:00' }
