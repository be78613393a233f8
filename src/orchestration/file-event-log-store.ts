import { decodeCursor, encodeCursor, type CursorPosition } from '../shared/pagination.js'
import type { FileStorage } from '../storage/file/index.js'
import type { EventRecord } from './event.js'
import type { EventLogStore } from './event-log-store.js'

const isBeforeCursor = (position: CursorPosition, cursor: CursorPosition | null): boolean =>
  cursor === null || position.sort < cursor.sort || (position.sort === cursor.sort && position.id < cursor.id)

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
      const before = decodeCursor(cursor)
      const matching = collection
        .list(tenantId, (event) => (type === undefined || event.type === type) && (contactId === undefined || event.contact_id === contactId))
        .sort(newestFirst)
      const remaining = matching.filter((event) => isBeforeCursor({ sort: event.occurred_at, id: event.event_id }, before))
      const items = remaining.slice(0, limit)
      const last = items.at(-1)
      return {
        items,
        total: matching.length,
        next_cursor: remaining.length > limit && last ? encodeCursor({ sort: last.occurred_at, id: last.event_id }) : null,
      }
    },
  }
}
