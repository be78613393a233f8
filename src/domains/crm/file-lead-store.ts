import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import { leadExistsError } from './crm-errors.js'
import { emptyLeadKpis, type Lead } from './lead.js'
import type { LeadStore } from './lead-store.js'

const createdAfter = (lead: Lead, since: string | undefined) => since === undefined || Date.parse(lead.created_at) >= Date.parse(since)

export const createFileLeadStore = async (storage: FileStorage): Promise<LeadStore> => {
  const collection = await storage.collection<Lead>({
    folder: 'crm',
    name: 'leads',
    idOf: (lead) => lead.lead_id,
    indexes: { customer: (lead) => lead.customer_id },
  })

  return {
    get: async ({ tenantId, leadId }) => collection.get(tenantId, leadId),
    getByCustomer: async ({ tenantId, customerId }) => collection.findByIndex(tenantId, 'customer', customerId)[0] ?? null,
    list: async ({ tenantId, stage, source, since, limit, cursor }) => {
      const matching = collection
        .list(tenantId, (lead) => (stage === undefined || lead.stage === stage) && (source === undefined || lead.source === source) && createdAfter(lead, since))
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.lead_id.localeCompare(a.lead_id))
      return pageInMemory(matching, { limit, cursor, descending: true, position: (lead) => ({ sort: lead.created_at, id: lead.lead_id }) })
    },
    // Checks run synchronously before the write is queued, so check-then-put cannot race.
    save: async ({ lead }) => {
      if (collection.get(lead.tenant_id, lead.lead_id) || collection.findByIndex(lead.tenant_id, 'customer', lead.customer_id).length > 0) {
        throw leadExistsError(lead.customer_id)
      }
      await collection.put(lead)
      return structuredClone(lead)
    },
    update: async ({ lead }) => {
      const current = collection.get(lead.tenant_id, lead.lead_id)
      if (!current) return null
      const changed = { ...lead, customer_id: current.customer_id }
      await collection.put(changed)
      return structuredClone(changed)
    },
    kpis: async ({ tenantId, since }) => {
      const kpis = emptyLeadKpis()
      for (const lead of collection.list(tenantId, (item) => createdAfter(item, since))) {
        kpis.total += 1
        kpis.by_stage[lead.stage] += 1
        kpis.by_source[lead.source] += 1
      }
      return kpis
    },
  }
}
