import { describe, expect, it } from 'vitest'
import type { StoredTenant, TenantStore } from '../../src/tenants/index.js'
import { randomTenantId } from '../support/factories.js'

export interface TenantStoreContractOptions {
  createStore(): Promise<TenantStore>
}

const createTestTenant = (overrides: Partial<StoredTenant> = {}): StoredTenant => {
  const now = new Date().toISOString()
  return {
    tenant_id: randomTenantId(),
    display_name: 'Clínica Sorriso',
    config: { display_name: 'Clínica Sorriso', openai: { api_key: 'enc:v1:a:b:c' }, owner_numbers: ['5511999990000'] },
    webhook_token_encrypted: 'enc:v1:x:y:z',
    owner_access_key_hash: 'sha256:abc',
    persona_history: { owner: [{ version: 1, persona: { name: 'Lia', instructions: '' }, created_at: now }] },
    config_version: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  }
}

/** The behaviour every TenantStore backend must have. */
export const runTenantStoreContract = ({ createStore }: TenantStoreContractOptions): void => {
  describe('TenantStore contract', () => {
    it('saves a tenant and gets it back', async () => {
      const store = await createStore()
      const tenant = createTestTenant()
      await store.save({ tenant })
      expect(await store.get({ tenantId: tenant.tenant_id })).toEqual(tenant)
      expect(await store.get({ tenantId: randomTenantId() })).toBeNull()
    })

    it('refuses a duplicate tenant id and keeps the first', async () => {
      const store = await createStore()
      const tenant = createTestTenant()
      await store.save({ tenant })
      await expect(store.save({ tenant: { ...tenant, display_name: 'Outra' } })).rejects.toMatchObject({
        code: 'TENANT_ALREADY_EXISTS',
      })
      expect((await store.get({ tenantId: tenant.tenant_id }))?.display_name).toBe('Clínica Sorriso')
    })

    it('lists tenants in creation order', async () => {
      const store = await createStore()
      const later = createTestTenant({ created_at: '2099-01-02T00:00:00.000Z' })
      const earlier = createTestTenant({ created_at: '2099-01-01T00:00:00.000Z' })
      await store.save({ tenant: later })
      await store.save({ tenant: earlier })
      const { items, total } = await store.list()
      const ids = items.map((tenant) => tenant.tenant_id)
      expect(ids.indexOf(earlier.tenant_id)).toBeLessThan(ids.indexOf(later.tenant_id))
      expect(total).toBe(items.length)
    })

    it('updates only when the version still matches (optimistic concurrency)', async () => {
      const store = await createStore()
      const tenant = createTestTenant()
      await store.save({ tenant })
      const next = { ...tenant, config: { display_name: 'Nova' }, display_name: 'Nova', config_version: 2 }
      expect(await store.update({ tenant: next, expectedVersion: 1 })).toEqual(next)
      expect(await store.update({ tenant: { ...next, config_version: 3 }, expectedVersion: 1 })).toBeNull()
      expect(await store.get({ tenantId: tenant.tenant_id })).toEqual(next)
      expect(await store.update({ tenant: createTestTenant(), expectedVersion: 1 })).toBeNull()
    })

    it('returns copies', async () => {
      const store = await createStore()
      const tenant = createTestTenant()
      await store.save({ tenant })
      const read = await store.get({ tenantId: tenant.tenant_id })
      ;(read as StoredTenant).config.display_name = 'mutated'
      expect((await store.get({ tenantId: tenant.tenant_id }))?.config.display_name).toBe('Clínica Sorriso')
    })
  })
}
