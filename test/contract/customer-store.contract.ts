import { describe, expect, it } from 'vitest'
import type { Customer, CustomerStore } from '../../src/domains/customers/index.js'
import { createTestCustomer, randomPhone, randomTenantId } from '../support/factories.js'

export interface CustomerStoreContractOptions {
  createStore(): Promise<CustomerStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()

/** The behaviour every CustomerStore backend must have. */
export const runCustomerStoreContract = ({ createStore }: CustomerStoreContractOptions): void => {
  describe('CustomerStore contract', () => {
    it('saves a customer and gets it back by id, phone and LID', async () => {
      const store = await createStore()
      const customer = createTestCustomer({ whatsapp_lid: '162534879012345' })
      await store.save({ customer })
      const tenantId = customer.tenant_id
      expect(await store.get({ tenantId, customerId: customer.customer_id })).toEqual(customer)
      expect(await store.getByPhone({ tenantId, phone: customer.phone as string })).toEqual(customer)
      expect(await store.getByWhatsappLid({ tenantId, whatsappLid: '162534879012345' })).toEqual(customer)
    })

    it('answers null for what does not exist', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      expect(await store.get({ tenantId, customerId: 'cus_missing' })).toBeNull()
      expect(await store.getByPhone({ tenantId, phone: randomPhone() })).toBeNull()
      expect(await store.getByWhatsappLid({ tenantId, whatsappLid: '999' })).toBeNull()
      expect(await store.update({ customer: createTestCustomer({ tenant_id: tenantId }) })).toBeNull()
      expect(await store.delete({ tenantId, customerId: 'cus_missing' })).toBe(false)
    })

    it('keeps tenants apart: the same ids under two tenants never see each other', async () => {
      const store = await createStore()
      const first = createTestCustomer({ customer_id: 'cus_same', phone: '5511987654321', whatsapp_lid: '111' })
      const second = { ...first, tenant_id: randomTenantId(), display_name: 'Outra Pessoa' }
      await store.save({ customer: first })
      await store.save({ customer: second })
      expect((await store.get({ tenantId: first.tenant_id, customerId: 'cus_same' }))?.display_name).toBe('Maria Silva')
      expect((await store.get({ tenantId: second.tenant_id, customerId: 'cus_same' }))?.display_name).toBe('Outra Pessoa')
      expect((await store.getByPhone({ tenantId: second.tenant_id, phone: '5511987654321' }))?.tenant_id).toBe(second.tenant_id)
      expect((await store.list({ tenantId: first.tenant_id, limit: 10 })).items).toEqual([first])
      expect(await store.delete({ tenantId: second.tenant_id, customerId: 'cus_same' })).toBe(true)
      expect(await store.get({ tenantId: first.tenant_id, customerId: 'cus_same' })).toEqual(first)
    })

    it('refuses a second customer with the same phone or LID in one tenant', async () => {
      const store = await createStore()
      const customer = createTestCustomer({ whatsapp_lid: '222' })
      await store.save({ customer })
      const samePhone = createTestCustomer({ tenant_id: customer.tenant_id, phone: customer.phone })
      await expect(store.save({ customer: samePhone })).rejects.toMatchObject({ code: 'CUSTOMER_PHONE_TAKEN' })
      const sameLid = createTestCustomer({ tenant_id: customer.tenant_id, whatsapp_lid: '222' })
      await expect(store.save({ customer: sameLid })).rejects.toMatchObject({ code: 'CUSTOMER_WHATSAPP_LID_TAKEN' })
      const other = createTestCustomer({ tenant_id: customer.tenant_id })
      await store.save({ customer: other })
      await expect(store.update({ customer: { ...other, phone: customer.phone } })).rejects.toMatchObject({
        code: 'CUSTOMER_PHONE_TAKEN',
      })
      expect(await store.get({ tenantId: other.tenant_id, customerId: other.customer_id })).toEqual(other)
    })

    it('allows several customers without phone or LID', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.save({ customer: createTestCustomer({ tenant_id: tenantId, phone: null, whatsapp_lid: '1' }) })
      await store.save({ customer: createTestCustomer({ tenant_id: tenantId, phone: null, whatsapp_lid: '2' }) })
      expect((await store.list({ tenantId, limit: 10 })).total).toBe(2)
    })

    it('updates a customer in place', async () => {
      const store = await createStore()
      const customer = createTestCustomer()
      await store.save({ customer })
      const changed: Customer = { ...customer, display_name: 'Maria S.', whatsapp_lid: '333', updated_at: at(5) }
      expect(await store.update({ customer: changed })).toEqual(changed)
      expect(await store.get({ tenantId: customer.tenant_id, customerId: customer.customer_id })).toEqual(changed)
      expect(await store.getByWhatsappLid({ tenantId: customer.tenant_id, whatsappLid: '333' })).toEqual(changed)
    })

    it('returns copies: changing a returned object changes nothing stored', async () => {
      const store = await createStore()
      const customer = createTestCustomer()
      const saved = await store.save({ customer })
      saved.display_name = 'mutated'
      customer.display_name = 'mutated too'
      const read = await store.get({ tenantId: customer.tenant_id, customerId: customer.customer_id })
      expect(read?.display_name).toBe('Maria Silva')
    })

    it('lists in creation order with keyset pagination and a total', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const customers = [3, 1, 2, 0, 4].map((minute) =>
        createTestCustomer({ tenant_id: tenantId, customer_id: `cus_${minute}`, created_at: at(minute), updated_at: at(minute) }),
      )
      for (const customer of customers) await store.save({ customer })
      const first = await store.list({ tenantId, limit: 2 })
      expect(first.items.map((c) => c.customer_id)).toEqual(['cus_0', 'cus_1'])
      expect(first.total).toBe(5)
      expect(first.next_cursor).not.toBeNull()
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect(second.items.map((c) => c.customer_id)).toEqual(['cus_2', 'cus_3'])
      const third = await store.list({ tenantId, limit: 2, cursor: second.next_cursor as string })
      expect(third.items.map((c) => c.customer_id)).toEqual(['cus_4'])
      expect(third.next_cursor).toBeNull()
    })

    it('rejects a cursor it did not issue', async () => {
      const store = await createStore()
      await expect(store.list({ tenantId: randomTenantId(), limit: 2, cursor: 'garbage!' })).rejects.toMatchObject({
        code: 'PAGINATION_CURSOR_INVALID',
      })
    })

    it('filters by name, email or phone digits, case-insensitively', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.save({ customer: createTestCustomer({ tenant_id: tenantId, display_name: 'João Pereira', phone: '5511912345678' }) })
      await store.save({
        customer: createTestCustomer({ tenant_id: tenantId, display_name: 'Ana', email: 'ana@exemplo.com.br', phone: '5521998765432' }),
      })
      const names = async (query: string) =>
        (await store.list({ tenantId, limit: 10, query })).items.map((c) => c.display_name)
      expect(await names('joão')).toEqual(['João Pereira'])
      expect(await names('EXEMPLO')).toEqual(['Ana'])
      expect(await names('(21) 99876')).toEqual(['Ana'])
      expect(await names('nobody')).toEqual([])
      expect((await store.list({ tenantId, limit: 10, query: 'ana' })).total).toBe(1)
    })
  })
}
