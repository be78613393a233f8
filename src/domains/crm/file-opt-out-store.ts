import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import type { OptOut } from './opt-out.js'
import type { OptOutStore } from './opt-out-store.js'

export const createFileOptOutStore = async (storage: FileStorage): Promise<OptOutStore> => {
  const collection = await storage.collection<OptOut>({ folder: 'crm', name: 'opt-outs', idOf: (optOut) => optOut.customer_id })

  return {
    record: async ({ tenantId, customerId, text, at }) => {
      const existing = collection.get(tenantId, customerId)
      if (existing) return existing
      const optOut: OptOut = { tenant_id: tenantId, customer_id: customerId, text, at: new Date(at).toISOString() }
      await collection.put(optOut)
      return structuredClone(optOut)
    },
    get: async ({ tenantId, customerId }) => collection.get(tenantId, customerId),
    isOptedOut: async ({ tenantId, customerId }) => collection.get(tenantId, customerId) !== null,
    list: async ({ tenantId, limit, cursor }) => {
      const sorted = collection.list(tenantId).sort((a, b) => b.at.localeCompare(a.at) || b.customer_id.localeCompare(a.customer_id))
      return pageInMemory(sorted, { limit, cursor, descending: true, position: (optOut) => ({ sort: optOut.at, id: optOut.customer_id }) })
    },
    delete: async ({ tenantId, customerId }) => collection.delete(tenantId, customerId),
  }
}
