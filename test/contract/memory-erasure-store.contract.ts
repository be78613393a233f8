import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MemoryErasure, MemoryErasureStore } from '../../src/memory/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileMemoryErasureStore, createPostgresMemoryErasureStore } from '../../src/memory/index.js'

export interface MemoryErasureStoreContractOptions {
  createStore(): Promise<MemoryErasureStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 12, minute)).toISOString()

export const createTestErasure = (overrides: Partial<MemoryErasure> = {}): MemoryErasure => ({
  tenant_id: randomTenantId(),
  subject_kind: 'customer',
  subject_id: `cus_${randomBytes(5).toString('hex')}`,
  erased_at: at(10),
  ...overrides,
})

/** Erasure tombstones: what every backend must keep (design memory.md §7). */
export const runMemoryErasureStoreContract = ({ createStore }: MemoryErasureStoreContractOptions): void => {
  describe('MemoryErasureStore contract', () => {
    it('keeps a tombstone per subject and reads it back, scoped to the tenant', async () => {
      const store = await createStore()
      const erasure = createTestErasure()
      const key = { subjectKind: 'customer' as const, subjectId: erasure.subject_id }
      expect(await store.get({ tenantId: erasure.tenant_id, ...key })).toBeNull()
      expect(await store.save({ erasure })).toEqual(erasure)
      expect(await store.get({ tenantId: erasure.tenant_id, ...key })).toEqual(erasure)
      expect(await store.get({ tenantId: randomTenantId(), ...key })).toBeNull()
      expect(await store.get({ tenantId: erasure.tenant_id, subjectKind: 'customer', subjectId: 'cus_other' })).toBeNull()
    })

    it('moves the erasure time only forward when a subject is erased again', async () => {
      const store = await createStore()
      const first = createTestErasure({ erased_at: at(10) })
      await store.save({ erasure: first })
      expect(await store.save({ erasure: { ...first, erased_at: at(30) } })).toMatchObject({ erased_at: at(30) })
      // A late writer with an older time (clock skew between replicas) does not move it back.
      expect(await store.save({ erasure: { ...first, erased_at: at(20) } })).toMatchObject({ erased_at: at(30) })
      expect(await store.get({ tenantId: first.tenant_id, subjectKind: 'customer', subjectId: first.subject_id })).toMatchObject({ erased_at: at(30) })
    })

    it('lists a tenant’s tombstones, most recent first, in pages', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const erasures = [1, 3, 2].map((minute) => createTestErasure({ tenant_id: tenantId, erased_at: at(minute) }))
      for (const erasure of erasures) await store.save({ erasure })
      await store.save({ erasure: createTestErasure() })
      const first = await store.list({ tenantId, limit: 2 })
      expect(first.total).toBe(3)
      expect(first.items.map((item) => item.erased_at)).toEqual([at(3), at(2)])
      const second = await store.list({ tenantId, limit: 2, cursor: first.next_cursor ?? undefined })
      expect(second.items.map((item) => item.erased_at)).toEqual([at(1)])
      expect(second.next_cursor).toBeNull()
    })
  })
}
