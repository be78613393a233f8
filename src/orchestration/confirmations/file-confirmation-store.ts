import { AppError } from '../../shared/app-error.js'
import { decodeCursor, encodeCursor, type CursorPosition } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import { definedPatch, isConfirmationExpired, type Confirmation } from './confirmation.js'
import type { ConfirmationStore } from './confirmation-store.js'

const isBeforeCursor = (position: CursorPosition, cursor: CursorPosition | null): boolean =>
  cursor === null || position.sort < cursor.sort || (position.sort === cursor.sort && position.id < cursor.id)

const newestFirst = (a: Confirmation, b: Confirmation) =>
  b.created_at.localeCompare(a.created_at) || b.confirmation_id.localeCompare(a.confirmation_id)

/**
 * Confirmations on the file backend (`orchestration/confirmations.jsonl`). The collection
 * updates memory synchronously on put, so `transition`'s check and put, with no await between
 * them, cannot interleave with another caller's.
 */
export const createFileConfirmationStore = async (storage: FileStorage): Promise<ConfirmationStore> => {
  const collection = await storage.collection<Confirmation>({
    folder: 'orchestration',
    name: 'confirmations',
    idOf: (confirmation) => confirmation.confirmation_id,
    indexes: {
      pendingByContact: (confirmation) => (confirmation.status === 'pending' ? confirmation.contact_id : null),
      pending: (confirmation) => (confirmation.status === 'pending' ? 'pending' : null),
      decision: (confirmation) => confirmation.decided_by,
    },
  })

  return {
    save: async ({ confirmation }) => {
      if (collection.get(confirmation.tenant_id, confirmation.confirmation_id)) {
        throw new AppError('INTERNAL_ERROR', `confirmation ${confirmation.confirmation_id} already exists`, { category: 'system' })
      }
      await collection.put(confirmation)
      return structuredClone(confirmation)
    },

    get: async ({ tenantId, confirmationId }) => collection.get(tenantId, confirmationId),

    list: async ({ tenantId, status, contactId, limit, cursor }) => {
      const before = decodeCursor(cursor)
      const matching = collection
        .list(tenantId, (item) => (status === undefined || item.status === status) && (contactId === undefined || item.contact_id === contactId))
        .sort(newestFirst)
      const remaining = matching.filter((item) => isBeforeCursor({ sort: item.created_at, id: item.confirmation_id }, before))
      const items = remaining.slice(0, limit)
      const last = items.at(-1)
      return {
        items,
        total: matching.length,
        next_cursor: remaining.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.confirmation_id }) : null,
      }
    },

    findPending: async ({ tenantId, contactId, now }) =>
      collection
        .findByIndex(tenantId, 'pendingByContact', contactId)
        .filter((item) => !isConfirmationExpired(item, now))
        .sort(newestFirst)[0] ?? null,

    findByDecision: async ({ tenantId, decidedBy }) =>
      collection
        .findByIndex(tenantId, 'decision', decidedBy)
        .sort((a, b) => (b.decided_at ?? '').localeCompare(a.decided_at ?? '') || newestFirst(a, b))[0] ?? null,

    listOverdue: async ({ now, limit }) => {
      const overdue: Confirmation[] = []
      for (const tenantId of collection.tenantIds()) {
        for (const item of collection.peekByIndex(tenantId, 'pending', 'pending')) {
          if (isConfirmationExpired(item, now)) overdue.push(structuredClone(item) as Confirmation)
        }
      }
      return overdue.sort((a, b) => a.expires_at.localeCompare(b.expires_at)).slice(0, limit)
    },

    transition: async ({ tenantId, confirmationId, from, to, patch = {}, now }) => {
      // Check and put in the same tick: no await until the put has changed memory.
      const current = collection.get(tenantId, confirmationId)
      if (!current || !from.includes(current.status)) return null
      const updated: Confirmation = {
        ...current,
        ...definedPatch(patch),
        status: to,
        decided_at: current.status === 'pending' ? now.toISOString() : current.decided_at,
      }
      await collection.put(updated)
      return structuredClone(updated)
    },
  }
}
