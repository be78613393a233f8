import { pageInMemory } from '../shared/pagination.js'
import type { FileStorage } from '../storage/file/index.js'
import type { EventRecord } from './event.js'
import type { EventLogStore } from './event-log-store.js'

const newestFirst = (a: EventRecord, b: EventRecord) =>
  b.occurred_at.localeCompare(a.occurred_at) || b.event_id.localeCompare(a.event_id)

export const createFileEventLogStore = async (storage: FileStorage): Promise<EventLogStore> => {
  const collection = await storage.collection<EventRecord>({
    folder: 'orchestration',
    name: 'events',
    idOf: (event) => event.event_id,
  })
  return {
    append: async ({ event }) => {
      const existing = collection.get(event.tenant_id, event.event_id)
      if (existing) return { event: existing, created: false }
      await collection.put(event)
      return { event: structuredClone(event), created: true }
    },
    list: async ({ tenantId, limit, cursor, type, contactId }) => {
      const matching = collection
        .list(tenantId, (event) => (type === undefined || event.type === type) && (contactId === undefined || event.contact_id === contactId))
        .sort(newestFirst)
      return pageInMemory(matching, { limit, cursor, descending: true, position: (event) => ({ sort: event.occurred_at, id: event.event_id }) })
    },
    eraseContact: async ({ tenantId, contactId }) => {
      const about = collection.list(tenantId, (event) => event.contact_id === contactId)
      if (about.length > 0) await collection.write(about.map((event) => ({ type: 'delete' as const, tenantId, id: event.event_id })))
      return about.length
    },
  }
}
