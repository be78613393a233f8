import { z } from 'zod'

/** One entry of a tenant's append-only audit log. Types are `noun.pastVerb` (`message.received`). */
export const eventRecordSchema = z.object({
  tenant_id: z.string(),
  /** Deterministic when the event stands for something that may be retried (dedupe key). */
  event_id: z.string(),
  type: z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/),
  contact_id: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  occurred_at: z.string(),
})

export type EventRecord = z.infer<typeof eventRecordSchema>

export const listEventsQuerySchema = z.object({
  type: z.string().min(1).max(100).optional(),
  contact_id: z.string().min(1).max(100).optional(),
})
