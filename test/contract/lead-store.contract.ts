import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Lead, LeadStore } from '../../src/domains/crm/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileLeadStore, createPostgresLeadStore } from '../../src/domains/crm/index.js'

export interface LeadStoreContractOptions {
  createStore(): Promise<LeadStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()

export const createTestLead = (overrides: Partial<Lead> = {}): Lead => ({
  tenant_id: randomTenantId(),
  lead_id: `lead_${randomBytes(8).toString('hex')}`,
  customer_id: `cus_${randomBytes(8).toString('hex')}`,
  source: 'whatsapp',
  stage: 'new',
  notes: [],
  stage_history: [{ at: at(0), from: null, to: 'new', reason: 'lead criado' }],
  tags: [],
  last_contact_at: null,
  created_at: at(0),
  updated_at: at(0),
  ...overrides,
})

/** The behaviour every LeadStore backend must have. */
export const runLeadStoreContract = ({ createStore }: LeadStoreContractOptions): void => {
  describe('LeadStore contract', () => {
    it('saves a lead and gets it back by id and by customer', async () => {
      const store = await createStore()
      const lead = createTestLead({ notes: [{ at: at(1), text: 'quer orçamento' }], tags: ['vip'], last_contact_at: at(2) })
      expect(await store.save({ lead })).toEqual(lead)
      expect(await store.get({ tenantId: lead.tenant_id, leadId: lead.lead_id })).toEqual(lead)
      expect(await store.getByCustomer({ tenantId: lead.tenant_id, customerId: lead.customer_id })).toEqual(lead)
    })

    it('answers null for what does not exist, and keeps tenants apart', async () => {
      const store = await createStore()
      const lead = createTestLead()
      await store.save({ lead })
      const other = randomTenantId()
      expect(await store.get({ tenantId: other, leadId: lead.lead_id })).toBeNull()
      expect(await store.getByCustomer({ tenantId: other, customerId: lead.customer_id })).toBeNull()
      expect(await store.update({ lead: { ...lead, tenant_id: other } })).toBeNull()
      expect((await store.list({ tenantId: other, limit: 10 })).total).toBe(0)
    })

    it('refuses a second lead for the same customer', async () => {
      const store = await createStore()
      const lead = createTestLead()
      await store.save({ lead })
      const duplicate = createTestLead({ tenant_id: lead.tenant_id, customer_id: lead.customer_id })
      await expect(store.save({ lead: duplicate })).rejects.toMatchObject({ code: 'CRM_LEAD_ALREADY_EXISTS' })
      await expect(store.save({ lead })).rejects.toMatchObject({ code: 'CRM_LEAD_ALREADY_EXISTS' })
      expect((await store.list({ tenantId: lead.tenant_id, limit: 10 })).total).toBe(1)
    })

    it('updates a lead in place', async () => {
      const store = await createStore()
      const lead = createTestLead()
      await store.save({ lead })
      const moved: Lead = {
        ...lead,
        stage: 'contacted',
        stage_history: [...lead.stage_history, { at: at(3), from: 'new', to: 'contacted', reason: 'ligou' }],
        updated_at: at(3),
      }
      expect(await store.update({ lead: moved })).toEqual(moved)
      expect(await store.get({ tenantId: lead.tenant_id, leadId: lead.lead_id })).toEqual(moved)
    })

    it('lists newest first with filters and keyset pages', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const leads = [
        createTestLead({ tenant_id: tenantId, created_at: at(1), stage: 'new', source: 'whatsapp' }),
        createTestLead({ tenant_id: tenantId, created_at: at(2), stage: 'qualified', source: 'campaign' }),
        createTestLead({ tenant_id: tenantId, created_at: at(3), stage: 'new', source: 'manual' }),
        createTestLead({ tenant_id: tenantId, created_at: at(4), stage: 'new', source: 'whatsapp' }),
      ]
      for (const lead of leads) await store.save({ lead })
      const first = await store.list({ tenantId, limit: 2 })
      expect(first.items.map((lead) => lead.created_at)).toEqual([at(4), at(3)])
      expect(first.total).toBe(4)
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect(second.items.map((lead) => lead.created_at)).toEqual([at(2), at(1)])
      expect(second.next_cursor).toBeNull()
      expect((await store.list({ tenantId, limit: 10, stage: 'new' })).total).toBe(3)
      expect((await store.list({ tenantId, limit: 10, source: 'whatsapp' })).items.map((lead) => lead.created_at)).toEqual([at(4), at(1)])
      expect((await store.list({ tenantId, limit: 10, since: at(3) })).total).toBe(2)
    })

    it('counts leads per stage and per source', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.save({ lead: createTestLead({ tenant_id: tenantId, created_at: at(1), stage: 'won', source: 'campaign' }) })
      await store.save({ lead: createTestLead({ tenant_id: tenantId, created_at: at(2), stage: 'won', source: 'whatsapp' }) })
      await store.save({ lead: createTestLead({ tenant_id: tenantId, created_at: at(3), stage: 'lost', source: 'whatsapp' }) })
      const kpis = await store.kpis({ tenantId })
      expect(kpis.total).toBe(3)
      expect(kpis.by_stage).toMatchObject({ won: 2, lost: 1, new: 0, nurturing: 0 })
      expect(kpis.by_source).toEqual({ whatsapp: 2, campaign: 1, manual: 0 })
      expect((await store.kpis({ tenantId, since: at(2) })).by_source).toEqual({ whatsapp: 2, campaign: 0, manual: 0 })
    })
  })
}
