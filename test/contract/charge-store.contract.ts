import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Charge, ChargeStore } from '../../src/domains/billing/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileChargeStore, createPostgresChargeStore } from '../../src/domains/billing/index.js'

export interface ChargeStoreContractOptions {
  createStore(): Promise<ChargeStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString()

export const createTestCharge = (overrides: Partial<Charge> = {}): Charge => {
  const now = new Date().toISOString()
  return {
    tenant_id: randomTenantId(),
    charge_id: `chg_${randomBytes(8).toString('hex')}`,
    customer_id: `cus_${randomBytes(8).toString('hex')}`,
    description: 'Sessão de fisioterapia',
    amount_cents: 15000,
    due_date: '2026-03-05',
    status: 'open',
    txid: `tx${randomBytes(10).toString('hex')}`,
    paid_at: null,
    payment_reference: null,
    history: [{ at: now, from: null, to: 'open', reason: 'cobrança criada' }],
    reminders_sent: [],
    created_at: now,
    updated_at: now,
    ...overrides,
  }
}

/** The behaviour every ChargeStore backend must have. */
export const runChargeStoreContract = ({ createStore }: ChargeStoreContractOptions): void => {
  describe('ChargeStore contract', () => {
    it('saves a charge and gets it back by id and by txid', async () => {
      const store = await createStore()
      const charge = createTestCharge()
      expect(await store.save({ charge })).toEqual(charge)
      expect(await store.get({ tenantId: charge.tenant_id, chargeId: charge.charge_id })).toEqual(charge)
      expect(await store.getByTxid({ tenantId: charge.tenant_id, txid: charge.txid })).toEqual(charge)
    })

    it('answers null or false for what does not exist', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      expect(await store.get({ tenantId, chargeId: 'chg_missing' })).toBeNull()
      expect(await store.getByTxid({ tenantId, txid: 'nothing' })).toBeNull()
      const historyEntry = { at: at(0), reason: 'x' }
      expect(await store.transition({ tenantId, chargeId: 'chg_missing', from: ['open'], to: 'paid', patch: { updated_at: at(0) }, historyEntry })).toBeNull()
      expect(await store.markReminderSent({ tenantId, chargeId: 'chg_missing', day: '2026-03-06', at: at(0) })).toBe(false)
    })

    it('refuses a second charge with the same id or the same txid in one tenant', async () => {
      const store = await createStore()
      const charge = createTestCharge()
      await store.save({ charge })
      await expect(store.save({ charge: { ...charge, txid: 'othertxid' } })).rejects.toMatchObject({ code: 'BILLING_CHARGE_ALREADY_EXISTS' })
      await expect(store.save({ charge: createTestCharge({ tenant_id: charge.tenant_id, txid: charge.txid }) })).rejects.toMatchObject({
        code: 'BILLING_CHARGE_ALREADY_EXISTS',
      })
    })

    it('keeps tenants apart: the same ids and txid under two tenants never see each other', async () => {
      const store = await createStore()
      const first = createTestCharge({ charge_id: 'chg_same', txid: 'SAMETXID' })
      const second = { ...first, tenant_id: randomTenantId(), description: 'Outra' }
      await store.save({ charge: first })
      await store.save({ charge: second })
      expect((await store.get({ tenantId: first.tenant_id, chargeId: 'chg_same' }))?.description).toBe('Sessão de fisioterapia')
      expect((await store.getByTxid({ tenantId: second.tenant_id, txid: 'SAMETXID' }))?.description).toBe('Outra')
      expect((await store.list({ tenantId: first.tenant_id, limit: 10 })).items).toEqual([first])
      expect(await store.recordPaymentEvent({ tenantId: first.tenant_id, providerEventId: 'evt_1', at: at(0) })).toBe(true)
      expect(await store.recordPaymentEvent({ tenantId: second.tenant_id, providerEventId: 'evt_1', at: at(0) })).toBe(true)
    })

    it('returns copies: changing a returned object changes nothing stored', async () => {
      const store = await createStore()
      const charge = createTestCharge()
      const saved = await store.save({ charge })
      saved.description = 'mutated'
      saved.history.push({ at: at(1), from: 'open', to: 'paid', reason: 'mutated' })
      charge.reminders_sent.push('2026-01-01')
      const read = await store.get({ tenantId: charge.tenant_id, chargeId: charge.charge_id })
      expect(read?.description).toBe('Sessão de fisioterapia')
      expect(read?.history).toHaveLength(1)
      expect(read?.reminders_sent).toEqual([])
    })

    it('lists newest first with filters, keyset pagination and a total', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const make = (minute: number, overrides: Partial<Charge> = {}) =>
        createTestCharge({ tenant_id: tenantId, charge_id: `chg_${minute}`, created_at: at(minute), updated_at: at(minute), ...overrides })
      const charges = [
        make(3),
        make(1, { status: 'paid', paid_at: at(2), payment_reference: 'evt' }),
        make(2, { customer_id: 'cus_ana', due_date: '2026-02-01' }),
        make(0, { customer_id: 'cus_ana' }),
        make(4),
      ]
      for (const charge of charges) await store.save({ charge })
      const first = await store.list({ tenantId, limit: 2 })
      expect(first.items.map((c) => c.charge_id)).toEqual(['chg_4', 'chg_3'])
      expect(first.total).toBe(5)
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect(second.items.map((c) => c.charge_id)).toEqual(['chg_2', 'chg_1'])
      const third = await store.list({ tenantId, limit: 2, cursor: second.next_cursor as string })
      expect(third.items.map((c) => c.charge_id)).toEqual(['chg_0'])
      expect(third.next_cursor).toBeNull()

      const ids = async (input: Partial<Parameters<ChargeStore['list']>[0]>) =>
        (await store.list({ tenantId, limit: 10, ...input })).items.map((c) => c.charge_id)
      expect(await ids({ status: 'paid' })).toEqual(['chg_1'])
      expect(await ids({ customerId: 'cus_ana' })).toEqual(['chg_2', 'chg_0'])
      expect(await ids({ status: 'open', dueBefore: '2026-03-01' })).toEqual(['chg_2'])
      expect((await store.list({ tenantId, limit: 1, status: 'open' })).total).toBe(4)
      expect(await store.get({ tenantId, chargeId: 'chg_1' })).toEqual(charges[1])
    })

    it('rejects a cursor it did not issue', async () => {
      const store = await createStore()
      await expect(store.list({ tenantId: randomTenantId(), limit: 2, cursor: 'garbage!' })).rejects.toMatchObject({
        code: 'PAGINATION_CURSOR_INVALID',
      })
    })

    it('transitions only from the expected statuses, patching and recording history', async () => {
      const store = await createStore()
      const charge = createTestCharge()
      await store.save({ charge })
      const key = { tenantId: charge.tenant_id, chargeId: charge.charge_id }
      const refused = await store.transition({ ...key, from: ['overdue'], to: 'paid', patch: { updated_at: at(1) }, historyEntry: { at: at(1), reason: 'x' } })
      expect(refused).toBeNull()
      const paid = await store.transition({
        ...key,
        from: ['open', 'overdue'],
        to: 'paid',
        patch: { updated_at: at(2), paid_at: at(2), payment_reference: 'evt_9' },
        historyEntry: { at: at(2), reason: 'pagamento confirmado' },
      })
      const expected: Charge = {
        ...charge,
        status: 'paid',
        paid_at: at(2),
        payment_reference: 'evt_9',
        updated_at: at(2),
        history: [...charge.history, { at: at(2), from: 'open', to: 'paid', reason: 'pagamento confirmado' }],
      }
      expect(paid).toEqual(expected)
      expect(await store.get(key)).toEqual(expected)
    })

    it('lets exactly one of two concurrent transitions win', async () => {
      const store = await createStore()
      const charge = createTestCharge()
      await store.save({ charge })
      const pay = (reference: string) =>
        store.transition({
          tenantId: charge.tenant_id,
          chargeId: charge.charge_id,
          from: ['open', 'overdue'],
          to: 'paid',
          patch: { updated_at: at(3), paid_at: at(3), payment_reference: reference },
          historyEntry: { at: at(3), reason: reference },
        })
      const results = await Promise.all([pay('a'), pay('b'), pay('c')])
      expect(results.filter((result) => result !== null)).toHaveLength(1)
      expect((await store.get({ tenantId: charge.tenant_id, chargeId: charge.charge_id }))?.history).toHaveLength(2)
    })

    it('records a payment event id once', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const results = await Promise.all([1, 2, 3].map(() => store.recordPaymentEvent({ tenantId, providerEventId: 'evt_dup', at: at(0) })))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store.recordPaymentEvent({ tenantId, providerEventId: 'evt_dup', at: at(1) })).toBe(false)
      expect(await store.recordPaymentEvent({ tenantId, providerEventId: 'evt_other', at: at(1) })).toBe(true)
    })

    it('marks a reminder day once, and never on a paid or cancelled charge', async () => {
      const store = await createStore()
      const charge = createTestCharge({ status: 'overdue' })
      const paid = createTestCharge({ tenant_id: charge.tenant_id, status: 'paid', paid_at: at(0), payment_reference: 'x' })
      await store.save({ charge })
      await store.save({ charge: paid })
      const mark = (chargeId: string, day: string) => store.markReminderSent({ tenantId: charge.tenant_id, chargeId, day, at: at(5) })
      expect(await Promise.all([mark(charge.charge_id, '2026-03-06'), mark(charge.charge_id, '2026-03-06')])).toEqual(
        expect.arrayContaining([true, false]),
      )
      expect(await mark(charge.charge_id, '2026-03-08')).toBe(true)
      expect((await store.get({ tenantId: charge.tenant_id, chargeId: charge.charge_id }))?.reminders_sent).toEqual(['2026-03-06', '2026-03-08'])
      expect(await mark(paid.charge_id, '2026-03-06')).toBe(false)
    })
  })
}
