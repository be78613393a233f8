import type { EventLogStore, EventRecord } from '../orchestration/index.js'
import type { Page } from '../shared/pagination.js'
import type { RecallLog } from './recall.js'

/** One turn's recall, as logged in the `memory.recalled` event (hashes and scores, never text). */
export interface RecallLogEntry extends Partial<RecallLog> {
  recall_id: string
  contact_id: string | null
  recalled_at: string
  /** The memories that entered the prompt, with their scores. */
  included: unknown[]
}

const entryOf = (event: EventRecord): RecallLogEntry => {
  const log = (event.data.log ?? {}) as Partial<RecallLog>
  return {
    recall_id: event.event_id,
    contact_id: event.contact_id,
    recalled_at: event.occurred_at,
    included: Array.isArray(event.data.included) ? event.data.included : [],
    ...log,
  }
}

/**
 * The recall log (design §2 `recall_log`, "why did the agent say this"): every turn's
 * `memory.recalled` event, newest first, read from the event log where the turn wrote it.
 */
export const listRecallLog = async (
  events: Pick<EventLogStore, 'list'>,
  input: { tenantId: string; limit: number; cursor?: string; contactId?: string },
): Promise<Page<RecallLogEntry>> => {
  const page = await events.list({ tenantId: input.tenantId, type: 'memory.recalled', limit: input.limit, cursor: input.cursor, contactId: input.contactId })
  return { ...page, items: page.items.map(entryOf) }
}
