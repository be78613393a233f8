import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import { followUpExistsError } from './crm-errors.js'
import type { FollowUp } from './follow-up.js'
import type { FollowUpStore } from './follow-up-store.js'

const byDue = (a: FollowUp, b: FollowUp) => a.due_at.localeCompare(b.due_at) || a.follow_up_id.localeCompare(b.follow_up_id)

export const createFileFollowUpStore = async (storage: FileStorage): Promise<FollowUpStore> => {
  const collection = await storage.collection<FollowUp>({
    folder: 'crm-automation',
    name: 'follow-ups',
    idOf: (followUp) => followUp.follow_up_id,
    indexes: {
      customer: (followUp) => followUp.customer_id,
      // Only scheduled ones are indexed, so the scheduler's scan stays small.
      status: (followUp) => (followUp.status === 'scheduled' ? 'scheduled' : null),
    },
  })

  return {
    get: async ({ tenantId, followUpId }) => collection.get(tenantId, followUpId),
    save: async ({ followUp }) => {
      if (collection.get(followUp.tenant_id, followUp.follow_up_id)) throw followUpExistsError(followUp.follow_up_id)
      const stored = { ...followUp, due_at: new Date(followUp.due_at).toISOString() }
      await collection.put(stored)
      return structuredClone(stored)
    },
    listDue: async ({ tenantId, now, limit }) => {
      const cutoff = Date.parse(now)
      return collection
        .findByIndex(tenantId, 'status', 'scheduled')
        .filter((followUp) => Date.parse(followUp.due_at) <= cutoff)
        .sort(byDue)
        .slice(0, limit)
    },
    listByCustomer: async ({ tenantId, customerId, status }) =>
      collection
        .findByIndex(tenantId, 'customer', customerId)
        .filter((followUp) => status === undefined || followUp.status === status)
        .sort(byDue),
    list: async ({ tenantId, status, limit, cursor }) => {
      const sorted = collection.list(tenantId, (followUp) => status === undefined || followUp.status === status).sort(byDue)
      return pageInMemory(sorted, { limit, cursor, position: (followUp) => ({ sort: followUp.due_at, id: followUp.follow_up_id }) })
    },
    // Check and put run in one synchronous step, so two callers cannot both win.
    transition: async ({ tenantId, followUpId, from, to, reason, at }) => {
      const current = collection.get(tenantId, followUpId)
      if (!current || current.status !== from) return null
      const changed: FollowUp = { ...current, status: to, reason, updated_at: new Date(at).toISOString() }
      await collection.put(changed)
      return structuredClone(changed)
    },
  }
}
