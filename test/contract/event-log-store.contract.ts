import { describe, expect, it } from 'vitest'
import type { EventLogStore, EventRecord } from '../../src/orchestration/index.js'
import { randomTenantId } from '../support/factories.js'

export interface EventLogStoreContractOptions {
  createStore(): Promise<EventLogStore>
}

const event = (tenantId: string, overrides: Partial<EventRecord> = {}): EventRecord => ({
  tenant_id: tenantId,
  event_id: `evt_${Math.random().toString(36).slice(2)}`,
  type: 'message.received',
  contact_id: 'cus_1',
  data: { text: 'Olá' },
  occurred_at: '2030-01-01T12:00:00.000Z',
  ...overrides,
})

/** The behaviour every EventLogStore backend must have. */
export const runEventLogStoreContract = ({ createStore }: EventLogStoreContractOptions): void => {
  describe('EventLogStore contract', () => {
    it('appends once per event id and keeps the first', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const first = event(tenantId)
      expect(await store.append({ event: first })).toEqual({ event: first, created: true })
      expect(await store.append({ event: { ...first, data: { text: 'changed' } } })).toEqual({ event: first, created: false })
      expect((await store.list({ tenantId, limit: 10 })).items).toEqual([first])
    })

    it('lists newest first with pagination and filters', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const events = [1, 2, 3, 4].map((minute) =>
        event(tenantId, {
          occurred_at: `2030-01-01T12:0${minute}:00.000Z`,
          type: minute % 2 ? 'message.received' : 'message.sent',
          contact_id: minute < 3 ? 'cus_a' : 'cus_b',
        }),
      )
      for (const item of events) await store.append({ event: item })
      const first = await store.list({ tenantId, limit: 3 })
      expect(first.items.map((item) => item.occurred_at.slice(14, 16))).toEqual(['04', '03', '02'])
      expect(first.total).toBe(4)
      const second = await store.list({ tenantId, limit: 3, cursor: first.next_cursor as string })
      expect(second.items.map((item) => item.occurred_at.slice(14, 16))).toEqual(['01'])
      expect(second.next_cursor).toBeNull()
      expect((await store.list({ tenantId, limit: 10, type: 'message.sent' })).total).toBe(2)
      expect((await store.list({ tenantId, limit: 10, contactId: 'cus_b' })).items.map((item) => item.contact_id)).toEqual(['cus_b', 'cus_b'])
    })

    it("erases one contact's events only, in its tenant only", async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      await store.append({ event: event(a, { contact_id: 'cus_gone' }) })
      await store.append({ event: event(a, { contact_id: 'cus_gone', type: 'turn.completed' }) })
      await store.append({ event: event(a, { contact_id: 'cus_kept' }) })
      await store.append({ event: event(a, { contact_id: null, type: 'instance.connected' }) })
      await store.append({ event: event(b, { contact_id: 'cus_gone' }) })
      expect(await store.eraseContact({ tenantId: a, contactId: 'cus_gone' })).toBe(2)
      expect((await store.list({ tenantId: a, limit: 10, contactId: 'cus_gone' })).items).toEqual([])
      expect((await store.list({ tenantId: a, limit: 10 })).total).toBe(2)
      expect((await store.list({ tenantId: b, limit: 10 })).total).toBe(1)
      expect(await store.eraseContact({ tenantId: a, contactId: 'cus_gone' })).toBe(0)
    })

    it('keeps tenants apart', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      await store.append({ event: event(a, { event_id: 'same' }) })
      expect((await store.append({ event: event(b, { event_id: 'same', data: { x: 1 } }) })).created).toBe(true)
      expect((await store.list({ tenantId: b, limit: 10 })).items[0]?.data).toEqual({ x: 1 })
      expect((await store.list({ tenantId: a, limit: 10 })).total).toBe(1)
    })
  })
}
