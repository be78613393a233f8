import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Confirmation, ConfirmationStore } from '../../src/orchestration/confirmations/index.js'
import { randomTenantId } from '../support/factories.js'

// Re-exported so each backend test adds one import line and one call (the store factories with the contract).
export { createFileConfirmationStore, createPostgresConfirmationStore } from '../../src/orchestration/confirmations/index.js'

export interface ConfirmationStoreContractOptions {
  createStore(): Promise<ConfirmationStore>
}

const t0 = new Date('2030-01-01T12:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const minute = 60_000

const confirmation = (tenantId: string, overrides: Partial<Confirmation> = {}): Confirmation => ({
  tenant_id: tenantId,
  confirmation_id: `cnf_${randomBytes(8).toString('hex')}`,
  contact_id: 'cus_owner',
  tool: 'create_charge',
  arguments: { customer_phone: '5511999990000', amount_cents: 5000, description: 'Corte' },
  summary: 'Criar cobrança de R$ 50,00 para 5511999990000 (Corte)',
  status: 'pending',
  created_at: t0.toISOString(),
  expires_at: at(10 * minute).toISOString(),
  decided_at: null,
  decided_by: null,
  result: null,
  error: null,
  ...overrides,
})

/** The behaviour every ConfirmationStore backend must have. */
export const runConfirmationStoreContract = ({ createStore }: ConfirmationStoreContractOptions): void => {
  describe('ConfirmationStore contract', () => {
    it('saves and gets a confirmation with every field intact', async () => {
      const store = await createStore()
      const item = confirmation(randomTenantId(), { arguments: { nested: { list: [1, 'a', null] }, flag: true } })
      expect(await store.save({ confirmation: item })).toEqual(item)
      expect(await store.get({ tenantId: item.tenant_id, confirmationId: item.confirmation_id })).toEqual(item)
      expect(await store.get({ tenantId: item.tenant_id, confirmationId: 'cnf_missing' })).toBeNull()
    })

    it('refuses to save the same confirmation id twice', async () => {
      const store = await createStore()
      const item = confirmation(randomTenantId())
      await store.save({ confirmation: item })
      await expect(store.save({ confirmation: { ...item, summary: 'other' } })).rejects.toThrow()
      expect((await store.get({ tenantId: item.tenant_id, confirmationId: item.confirmation_id }))?.summary).toBe(item.summary)
    })

    it('returns copies: changing a returned confirmation changes nothing stored', async () => {
      const store = await createStore()
      const item = confirmation(randomTenantId())
      const saved = await store.save({ confirmation: item })
      saved.summary = 'changed'
      ;(saved.arguments as Record<string, unknown>).amount_cents = 1
      const got = (await store.get({ tenantId: item.tenant_id, confirmationId: item.confirmation_id })) as Confirmation
      got.status = 'executed'
      const again = await store.get({ tenantId: item.tenant_id, confirmationId: item.confirmation_id })
      expect(again).toEqual(item)
      const listed = (await store.list({ tenantId: item.tenant_id, limit: 10 })).items[0] as Confirmation
      listed.status = 'failed'
      expect((await store.findPending({ tenantId: item.tenant_id, contactId: 'cus_owner', now: t0 }))?.status).toBe('pending')
    })

    it('lists newest first with pagination and filters', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const items = [1, 2, 3, 4].map((n) =>
        confirmation(tenantId, {
          confirmation_id: `cnf_${n}`,
          created_at: at(n * minute).toISOString(),
          status: n % 2 ? 'pending' : 'executed',
          contact_id: n < 3 ? 'cus_a' : 'cus_b',
        }),
      )
      for (const item of items) await store.save({ confirmation: item })
      const first = await store.list({ tenantId, limit: 3 })
      expect(first.items.map((item) => item.confirmation_id)).toEqual(['cnf_4', 'cnf_3', 'cnf_2'])
      expect(first.total).toBe(4)
      const second = await store.list({ tenantId, limit: 3, cursor: first.next_cursor as string })
      expect(second.items.map((item) => item.confirmation_id)).toEqual(['cnf_1'])
      expect(second.next_cursor).toBeNull()
      const pending = await store.list({ tenantId, status: 'pending', limit: 10 })
      expect(pending.items.map((item) => item.confirmation_id)).toEqual(['cnf_3', 'cnf_1'])
      expect(pending.total).toBe(2)
      const ofB = await store.list({ tenantId, contactId: 'cus_b', status: 'pending', limit: 10 })
      expect(ofB.items.map((item) => item.confirmation_id)).toEqual(['cnf_3'])
    })

    it('orders confirmations created at the same instant by id, without losing any across pages', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const id of ['cnf_a', 'cnf_c', 'cnf_b']) await store.save({ confirmation: confirmation(tenantId, { confirmation_id: id }) })
      const first = await store.list({ tenantId, limit: 2 })
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect([...first.items, ...second.items].map((item) => item.confirmation_id)).toEqual(['cnf_c', 'cnf_b', 'cnf_a'])
    })

    it("finds the contact's newest pending confirmation that has not expired", async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const older = confirmation(tenantId, { created_at: at(0).toISOString(), expires_at: at(10 * minute).toISOString() })
      const newer = confirmation(tenantId, { created_at: at(minute).toISOString(), expires_at: at(11 * minute).toISOString() })
      const decided = confirmation(tenantId, { created_at: at(2 * minute).toISOString(), status: 'rejected' })
      const otherContact = confirmation(tenantId, { created_at: at(3 * minute).toISOString(), contact_id: 'cus_other' })
      for (const item of [older, newer, decided, otherContact]) await store.save({ confirmation: item })
      expect((await store.findPending({ tenantId, contactId: 'cus_owner', now: at(5 * minute) }))?.confirmation_id).toBe(newer.confirmation_id)
      // At expires_at it is expired: the boundary belongs to expiry.
      expect(await store.findPending({ tenantId, contactId: 'cus_owner', now: at(11 * minute) })).toBeNull()
      expect(await store.findPending({ tenantId, contactId: 'cus_nobody', now: t0 })).toBeNull()
    })

    it('skips an expired newest pending confirmation for an older one still valid', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const longLived = confirmation(tenantId, { created_at: at(0).toISOString(), expires_at: at(60 * minute).toISOString() })
      const shortLived = confirmation(tenantId, { created_at: at(minute).toISOString(), expires_at: at(2 * minute).toISOString() })
      for (const item of [longLived, shortLived]) await store.save({ confirmation: item })
      expect((await store.findPending({ tenantId, contactId: 'cus_owner', now: at(3 * minute) }))?.confirmation_id).toBe(longLived.confirmation_id)
    })

    it('transitions only from the expected statuses (compare-and-set)', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const item = confirmation(tenantId)
      await store.save({ confirmation: item })
      const key = { tenantId, confirmationId: item.confirmation_id }
      const approved = await store.transition({ ...key, from: ['pending'], to: 'approved', patch: { decided_by: 'wamid-1' }, now: at(1000) })
      expect(approved).toMatchObject({ status: 'approved', decided_by: 'wamid-1', decided_at: at(1000).toISOString(), result: null })
      // The second caller loses: nothing changes.
      expect(await store.transition({ ...key, from: ['pending'], to: 'approved', patch: { decided_by: 'wamid-2' }, now: at(2000) })).toBeNull()
      expect(await store.transition({ ...key, from: ['pending'], to: 'rejected', now: at(2000) })).toBeNull()
      expect(await store.get(key)).toEqual(approved)
      // Leaving `approved` keeps decided_at and decided_by; the patch sets the result.
      const executed = await store.transition({ ...key, from: ['approved'], to: 'executed', patch: { result: 'Cobrança criada.' }, now: at(3000) })
      expect(executed).toMatchObject({ status: 'executed', decided_by: 'wamid-1', decided_at: at(1000).toISOString(), result: 'Cobrança criada.' })
      expect(await store.get(key)).toEqual(executed)
      expect(await store.transition({ ...key, from: ['pending', 'approved'], to: 'failed', now: at(4000) })).toBeNull()
    })

    it('lets exactly one of several concurrent transitions win', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const item = confirmation(tenantId)
      await store.save({ confirmation: item })
      const results = await Promise.all(
        ['m1', 'm2', 'm3', 'm4'].map((messageId) =>
          store.transition({ tenantId, confirmationId: item.confirmation_id, from: ['pending'], to: 'approved', patch: { decided_by: messageId }, now: t0 }),
        ),
      )
      const winners = results.filter((result) => result !== null)
      expect(winners).toHaveLength(1)
      expect((await store.get({ tenantId, confirmationId: item.confirmation_id }))?.decided_by).toBe(winners[0]?.decided_by)
    })

    it('returns null when transitioning a confirmation that does not exist', async () => {
      const store = await createStore()
      expect(await store.transition({ tenantId: randomTenantId(), confirmationId: 'cnf_missing', from: ['pending'], to: 'approved', now: t0 })).toBeNull()
    })

    it('finds a confirmation by the message that decided it', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const item = confirmation(tenantId)
      await store.save({ confirmation: item })
      expect(await store.findByDecision({ tenantId, decidedBy: 'wamid-x' })).toBeNull()
      await store.transition({ tenantId, confirmationId: item.confirmation_id, from: ['pending'], to: 'rejected', patch: { decided_by: 'wamid-x' }, now: t0 })
      expect(await store.findByDecision({ tenantId, decidedBy: 'wamid-x' })).toMatchObject({ confirmation_id: item.confirmation_id, status: 'rejected' })
      expect(await store.findByDecision({ tenantId: randomTenantId(), decidedBy: 'wamid-x' })).toBeNull()
    })

    it('lists pending confirmations past their expiry across tenants, oldest expiry first', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      // Far in the future, so confirmations other tests left pending are not in the way.
      const base = new Date('2099-06-01T00:00:00.000Z').getTime()
      const late = confirmation(a, { expires_at: new Date(base + 2000).toISOString() })
      const early = confirmation(b, { expires_at: new Date(base + 1000).toISOString() })
      const notYet = confirmation(a, { expires_at: new Date(base + 9000).toISOString() })
      const decided = confirmation(b, { expires_at: new Date(base + 500).toISOString(), status: 'executed' })
      for (const item of [late, early, notYet, decided]) await store.save({ confirmation: item })
      const overdue = (await store.listOverdue({ now: new Date(base + 5000), limit: 10_000 })).filter((item) => [a, b].includes(item.tenant_id))
      expect(overdue.map((item) => item.confirmation_id)).toEqual([early.confirmation_id, late.confirmation_id])
      const limited = await store.listOverdue({ now: new Date(base + 5000), limit: 1 })
      expect(limited).toHaveLength(1)
    })

    it('keeps tenants apart', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      await store.save({ confirmation: confirmation(a, { confirmation_id: 'cnf_same' }) })
      await store.save({ confirmation: confirmation(b, { confirmation_id: 'cnf_same', summary: 'B' }) })
      expect((await store.get({ tenantId: b, confirmationId: 'cnf_same' }))?.summary).toBe('B')
      expect((await store.list({ tenantId: a, limit: 10 })).total).toBe(1)
      await store.transition({ tenantId: a, confirmationId: 'cnf_same', from: ['pending'], to: 'rejected', patch: { decided_by: 'm' }, now: t0 })
      expect((await store.get({ tenantId: b, confirmationId: 'cnf_same' }))?.status).toBe('pending')
      expect(await store.findByDecision({ tenantId: b, decidedBy: 'm' })).toBeNull()
      expect(await store.findPending({ tenantId: a, contactId: 'cus_owner', now: t0 })).toBeNull()
      expect((await store.findPending({ tenantId: b, contactId: 'cus_owner', now: t0 }))?.summary).toBe('B')
    })
  })
}
