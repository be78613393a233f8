import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import type { Customer } from './customer.js'
import { customerExistsError, phoneTakenError, whatsappLidTakenError } from './customer-conflicts.js'
import type { CustomerStore } from './customer-store.js'
import { matchesCustomerQuery } from './customer-query.js'

export const createFileCustomerStore = async (storage: FileStorage): Promise<CustomerStore> => {
  const collection = await storage.collection<Customer>({
    folder: 'customers',
    name: 'customers',
    idOf: (customer) => customer.customer_id,
    indexes: {
      phone: (customer) => customer.phone,
      whatsappLid: (customer) => customer.whatsapp_lid,
    },
  })

  const firstByIndex = (tenantId: string, index: string, key: string): Customer | null =>
    collection.findByIndex(tenantId, index, key)[0] ?? null

  // Runs synchronously before the write is queued, so check-then-put cannot race.
  const assertUnique = (customer: Customer): void => {
    if (customer.phone) {
      const holder = firstByIndex(customer.tenant_id, 'phone', customer.phone)
      if (holder && holder.customer_id !== customer.customer_id) throw phoneTakenError(customer.phone)
    }
    if (customer.whatsapp_lid) {
      const holder = firstByIndex(customer.tenant_id, 'whatsappLid', customer.whatsapp_lid)
      if (holder && holder.customer_id !== customer.customer_id) throw whatsappLidTakenError(customer.whatsapp_lid)
    }
  }

  return {
    get: async ({ tenantId, customerId }) => collection.get(tenantId, customerId),
    getByPhone: async ({ tenantId, phone }) => firstByIndex(tenantId, 'phone', phone),
    getByWhatsappLid: async ({ tenantId, whatsappLid }) => firstByIndex(tenantId, 'whatsappLid', whatsappLid),
    list: async ({ tenantId, limit, cursor, query }) => {
      const matching = collection
        .list(tenantId, (customer) => query === undefined || matchesCustomerQuery(customer, query))
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.customer_id.localeCompare(b.customer_id))
      return pageInMemory(matching, { limit, cursor, position: (customer) => ({ sort: customer.created_at, id: customer.customer_id }) })
    },
    save: async ({ customer }) => {
      if (collection.get(customer.tenant_id, customer.customer_id)) {
        throw customerExistsError(customer.customer_id)
      }
      assertUnique(customer)
      await collection.put(customer)
      return structuredClone(customer)
    },
    update: async ({ customer }) => {
      if (!collection.get(customer.tenant_id, customer.customer_id)) return null
      assertUnique(customer)
      await collection.put(customer)
      return structuredClone(customer)
    },
    delete: async ({ tenantId, customerId }) => collection.delete(tenantId, customerId),
  }
}
