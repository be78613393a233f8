import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { FollowUp, FollowUpStore } from '../../src/domains/crm/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileFollowUpStore, createPostgresFollowUpStore } from '../../src/domains/crm/index.js'

export interface FollowUpStoreContractOptions {
  createStore(): Promise<FollowUpStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()

export const createTestFollowUp = (overrides: Partial<FollowUp> = {}): FollowUp => ({
  tenant_id: randomTenantId(),
  follow_up_id: `fup_${randomBytes(8).toString('hex')}`,
  customer_id: `cus_${randomBytes(8).toString('hex')}`,
  message: 'Oi! Conseguiu ver a proposta?',
  due_at: at(30),
  status: 'scheduled',
  reason: null,
  created_by: 'owner',
  created_at: at(0),
  updated_at: at(0),
  ...overrides,
})

/** The behaviour every FollowUpStore backend must have. */
export const runFollowUpStoreContract = ({ createStore }: FollowUpStoreContractOptions): void => {
  describe('FollowUpStore contract', () => {
    it('saves a follow-up and gets it back; absence is null; tenants stay apart', async () => {
      const store = await createStore()
      const followUp = createTestFollowUp()
      expect(await store.save({ followUp })).toEqual(followUp)
      expect(await store.get({ tenantId: followUp.tenant_id, followUpId: followUp.follow_up_id })).toEqual(followUp)
      expect(await store.get({ tenantId: randomTenantId(), followUpId: followUp.follow_up_id })).toBeNull()
      await expect(store.save({ followUp })).rejects.toMatchObject({ code: 'CRM_FOLLOW_UP_ALREADY_EXISTS' })
    })

    it('lists scheduled follow-ups that are due, oldest first', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const late = createTestFollowUp({ tenant_id: tenantId, due_at: at(20) })
      const early = createTestFollowUp({ tenant_id: tenantId, due_at: at(10) })
      const future = createTestFollowUp({ tenant_id: tenantId, due_at: at(50) })
      const sent = createTestFollowUp({ tenant_id: tenantId, due_at: at(5), status: 'sent' })
      for (const followUp of [late, early, future, sent]) await store.save({ followUp })
      expect((await store.listDue({ tenantId, now: at(30), limit: 10 })).map((item) => item.follow_up_id)).toEqual([early.follow_up_id, late.follow_up_id])
      expect(await store.listDue({ tenantId, now: at(30), limit: 1 })).toHaveLength(1)
      expect(await store.listDue({ tenantId: randomTenantId(), now: at(30), limit: 10 })).toEqual([])
    })

    it('lists a contact’s follow-ups by status, and all of them in pages', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const customerId = 'cus_contract'
      await store.save({ followUp: createTestFollowUp({ tenant_id: tenantId, customer_id: customerId, due_at: at(1) }) })
      await store.save({ followUp: createTestFollowUp({ tenant_id: tenantId, customer_id: customerId, due_at: at(2), status: 'cancelled' }) })
      await store.save({ followUp: createTestFollowUp({ tenant_id: tenantId, due_at: at(3) }) })
      expect(await store.listByCustomer({ tenantId, customerId })).toHaveLength(2)
      expect(await store.listByCustomer({ tenantId, customerId, status: 'scheduled' })).toHaveLength(1)
      const first = await store.list({ tenantId, limit: 2 })
      expect(first.total).toBe(3)
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect(second.items.map((item) => item.due_at)).toEqual([at(3)])
      expect((await store.list({ tenantId, status: 'scheduled', limit: 10 })).total).toBe(2)
    })

    it('transitions by compare-and-set: only one of two callers wins', async () => {
      const store = await createStore()
      const followUp = createTestFollowUp()
      await store.save({ followUp })
      const key = { tenantId: followUp.tenant_id, followUpId: followUp.follow_up_id }
      const results = await Promise.all([
        store.transition({ ...key, from: 'scheduled', to: 'sent', reason: null, at: at(31) }),
        store.transition({ ...key, from: 'scheduled', to: 'sent', reason: null, at: at(31) }),
      ])
      expect(results.filter((result) => result !== null)).toHaveLength(1)
      expect(await store.get(key)).toMatchObject({ status: 'sent', updated_at: at(31) })
      expect(await store.transition({ ...key, from: 'scheduled', to: 'cancelled', reason: 'x', at: at(32) })).toBeNull()
      expect(await store.transition({ tenantId: followUp.tenant_id, followUpId: 'fup_missing', from: 'scheduled', to: 'sent', reason: null, at: at(1) })).toBeNull()
      expect(await store.listDue({ tenantId: followUp.tenant_id, now: at(59), limit: 10 })).toEqual([])
    })
  })
}
