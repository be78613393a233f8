import type { Page } from '../shared/pagination.js'
import type { EventRecord } from './event.js'

export interface ListEventsInput {
  tenantId: string
  limit: number
  cursor?: string
  type?: string
  contactId?: string
}

/** Append-only: events are never changed or deleted. */
export interface EventLogStore {
  /** Appends once: a second append with the same event_id keeps the first (`created: false`). */
  append(input: { event: EventRecord }): Promise<{ event: EventRecord; created: boolean }>
  /** Newest first, keyset-paginated. */
  list(input: ListEventsInput): Promise<Page<EventRecord>>
  /** Deletes every event about the contact (LGPD erasure: events carry replies and tool arguments); answers how many. */
  eraseContact(input: { tenantId: string; contactId: string }): Promise<number>
}
