import { describe, expect, it } from 'vitest'
import type { LlmUsageStore } from '../../src/llm/index.js'
import { randomTenantId } from '../support/factories.js'

export interface LlmUsageStoreContractOptions {
  createStore(): Promise<LlmUsageStore>
}

const zero = { prompt_tokens: 0, completion_tokens: 0, embedding_tokens: 0, audio_seconds: 0, requests: 0 }

/** The behaviour every LlmUsageStore backend must have. */
export const runLlmUsageStoreContract = ({ createStore }: LlmUsageStoreContractOptions): void => {
  describe('LlmUsageStore contract', () => {
    it('creates a day at zero and adds deltas to it, returning the totals', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      expect(await store.get({ tenantId, day: '2030-01-01' })).toBeNull()
      expect(await store.add({ tenantId, day: '2030-01-01', delta: { prompt_tokens: 100, completion_tokens: 20, requests: 1 } })).toEqual({
        ...zero,
        tenant_id: tenantId,
        day: '2030-01-01',
        prompt_tokens: 100,
        completion_tokens: 20,
        requests: 1,
      })
      await store.add({ tenantId, day: '2030-01-01', delta: { embedding_tokens: 7, audio_seconds: 12, requests: 2 } })
      expect(await store.get({ tenantId, day: '2030-01-01' })).toEqual({
        tenant_id: tenantId,
        day: '2030-01-01',
        prompt_tokens: 100,
        completion_tokens: 20,
        embedding_tokens: 7,
        audio_seconds: 12,
        requests: 3,
      })
    })

    it('counts every one of many concurrent adds', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await Promise.all(Array.from({ length: 20 }, () => store.add({ tenantId, day: '2030-02-01', delta: { prompt_tokens: 5, requests: 1 } })))
      expect(await store.get({ tenantId, day: '2030-02-01' })).toMatchObject({ prompt_tokens: 100, requests: 20 })
    })

    it('lists the days of a range, both ends included, oldest first', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const day of ['2030-03-05', '2030-02-28', '2030-03-01', '2030-03-10']) {
        await store.add({ tenantId, day, delta: { requests: 1 } })
      }
      const listed = await store.list({ tenantId, from: '2030-02-28', to: '2030-03-05' })
      expect(listed.items.map((usage) => usage.day)).toEqual(['2030-02-28', '2030-03-01', '2030-03-05'])
      expect(listed.total).toBe(3)
      expect((await store.list({ tenantId, from: '2031-01-01', to: '2031-12-31' })).items).toEqual([])
    })

    it('keeps tenants apart', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      await store.add({ tenantId: a, day: '2030-04-01', delta: { prompt_tokens: 9 } })
      expect(await store.get({ tenantId: b, day: '2030-04-01' })).toBeNull()
      expect((await store.list({ tenantId: b, from: '2030-01-01', to: '2030-12-31' })).total).toBe(0)
    })

    it('returns copies: changing a result does not change the store', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const added = await store.add({ tenantId, day: '2030-05-01', delta: { prompt_tokens: 1 } })
      added.prompt_tokens = 999
      const read = await store.get({ tenantId, day: '2030-05-01' })
      read!.prompt_tokens = 999
      expect((await store.get({ tenantId, day: '2030-05-01' }))?.prompt_tokens).toBe(1)
    })

    it('rejects a day that is not YYYY-MM-DD and a negative or fractional delta', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await expect(store.add({ tenantId, day: '2030-5-1', delta: { requests: 1 } })).rejects.toThrow()
      await expect(store.add({ tenantId, day: '2030-05-01', delta: { prompt_tokens: -1 } })).rejects.toThrow()
      await expect(store.add({ tenantId, day: '2030-05-01', delta: { audio_seconds: 1.5 } })).rejects.toThrow()
      expect(await store.get({ tenantId, day: '2030-05-01' })).toBeNull()
    })
  })
}
