import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { EpisodeStore, MemoryErasureStore, MemoryStore } from '../../src/memory/index.js'
import { vectorSourceHash } from '../../src/memory/index.js'
import { randomTenantId } from '../support/factories.js'
import { createTestEpisode } from './episode-store.contract.js'
import { createTestMemory } from './memory-store.contract.js'

export interface MemoryErasureFenceContractOptions {
  /** The stores of one backend, sharing its storage (file: created once per storage). */
  createStores(): Promise<{ erasures: MemoryErasureStore; memories: MemoryStore; episodes: EpisodeStore }>
}

const SPACE = 'test:axes:4'
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 12, minute)).toISOString()
const vec = (...values: number[]) => new Float32Array(values)
const customer = () => `cus_${randomBytes(5).toString('hex')}`

/**
 * The erasure fence (design memory.md §7) as each backend's stores enforce it, atomically with
 * their writes: content from before a contact's erasure is never stored again; later content is.
 */
export const runMemoryErasureFenceContract = ({ createStores }: MemoryErasureFenceContractOptions): void => {
  describe('memory erasure fence', () => {
    const erase = async (stores: Awaited<ReturnType<MemoryErasureFenceContractOptions['createStores']>>, tenantId: string, subjectId: string, minute: number) => {
      await stores.erasures.save({ erasure: { tenant_id: tenantId, subject_kind: 'customer', subject_id: subjectId, erased_at: at(minute) } })
      await stores.memories.eraseSubject({ tenantId, customerId: subjectId })
      await stores.episodes.eraseContact({ tenantId, contactId: subjectId })
    }

    it('refuses a memory about an erased customer whose content predates the erasure, and only that', async () => {
      const stores = await createStores()
      const tenantId = randomTenantId()
      const erased = customer()
      await erase(stores, tenantId, erased, 10)
      const about = (subjectId: string, minute: number) =>
        createTestMemory({ tenant_id: tenantId, subject_kind: 'customer', subject_id: subjectId, audience: 'subject_and_owner', text: `Prefere manhã ${randomBytes(3).toString('hex')}`, created_at: at(minute) })
      await expect(stores.memories.save({ memory: about(erased, 5) })).rejects.toMatchObject({ code: 'MEMORY_SUBJECT_ERASED', category: 'user' })
      await expect(stores.memories.save({ memory: about(erased, 10) })).rejects.toMatchObject({ code: 'MEMORY_SUBJECT_ERASED' })
      // Written after the erasure but derived from before it (an extraction in flight).
      await expect(stores.memories.save({ memory: about(erased, 20), sourceAt: at(5) })).rejects.toMatchObject({ code: 'MEMORY_SUBJECT_ERASED' })
      expect((await stores.memories.exportSubject({ tenantId, customerId: erased })).memories).toEqual([])
      // New data (the person wrote again), another customer, another tenant, the business: stored.
      await expect(stores.memories.save({ memory: about(erased, 20) })).resolves.toMatchObject({ subject_id: erased })
      await expect(stores.memories.save({ memory: about(customer(), 5) })).resolves.toMatchObject({ status: 'active' })
      await expect(stores.memories.save({ memory: { ...about(erased, 5), tenant_id: randomTenantId() } })).resolves.toMatchObject({ status: 'active' })
      await expect(stores.memories.save({ memory: createTestMemory({ tenant_id: tenantId, created_at: at(5) }) })).resolves.toMatchObject({ subject_kind: 'business' })
    })

    it('refuses an episode that began before the contact’s erasure', async () => {
      const stores = await createStores()
      const tenantId = randomTenantId()
      const erased = customer()
      await erase(stores, tenantId, erased, 10)
      await expect(stores.episodes.save({ episode: createTestEpisode({ tenant_id: tenantId, contact_id: erased, started_at: at(5), ended_at: at(12) }) })).rejects.toMatchObject({
        code: 'MEMORY_SUBJECT_ERASED',
      })
      expect(await stores.episodes.latestForContact({ tenantId, contactId: erased })).toBeNull()
      const later = createTestEpisode({ tenant_id: tenantId, contact_id: erased, started_at: at(11), ended_at: at(15) })
      expect(await stores.episodes.save({ episode: later })).toEqual({ episode: later, created: true })
      const other = createTestEpisode({ tenant_id: tenantId, started_at: at(5) })
      expect((await stores.episodes.save({ episode: other })).created).toBe(true)
    })

    it('leaves nothing of a contact whose erasure races an episode save', async () => {
      const stores = await createStores()
      const tenantId = randomTenantId()
      for (let round = 0; round < 10; round++) {
        const contactId = customer()
        const episode = createTestEpisode({ tenant_id: tenantId, contact_id: contactId, started_at: at(5), ended_at: at(8) })
        await Promise.allSettled([stores.episodes.save({ episode }), erase(stores, tenantId, contactId, 10)])
        expect(await stores.episodes.exportContact({ tenantId, contactId })).toEqual([])
      }
    })

    it('leaves no vector of a memory whose erasure races the vector write', async () => {
      const stores = await createStores()
      const tenantId = randomTenantId()
      for (let round = 0; round < 10; round++) {
        const subjectId = customer()
        const memory = await stores.memories.save({
          memory: createTestMemory({ tenant_id: tenantId, subject_kind: 'customer', subject_id: subjectId, audience: 'subject_and_owner', created_at: at(1) }),
        })
        const write = stores.memories.putVector({ tenantId, memoryId: memory.memory_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), at: at(2) })
        const [written] = await Promise.allSettled([write, erase(stores, tenantId, subjectId, 10)])
        if (written.status === 'rejected') expect(written.reason).toMatchObject({ code: 'MEMORY_NOT_FOUND' })
        expect(await stores.memories.vectorSpacesOf({ tenantId, memoryId: memory.memory_id })).toEqual([])
        const found = await stores.memories.search({ tenantId, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 50 })
        expect(found.map((candidate) => candidate.memory.subject_id)).not.toContain(subjectId)
      }
    })

    it('records which text each vector embeds', async () => {
      const stores = await createStores()
      const tenantId = randomTenantId()
      const memory = await stores.memories.save({ memory: createTestMemory({ tenant_id: tenantId }) })
      await stores.memories.putVector({ tenantId, memoryId: memory.memory_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), at: at(1), sourceHash: vectorSourceHash(memory) })
      await stores.memories.putVector({ tenantId, memoryId: memory.memory_id, spaceId: 'test:other:2', vector: vec(0, 1), at: at(1) })
      expect(await stores.memories.vectorSourcesOf({ tenantId, memoryId: memory.memory_id })).toEqual([
        { space_id: SPACE, source_hash: vectorSourceHash(memory) },
        { space_id: 'test:other:2', source_hash: null },
      ])
      expect(await stores.memories.vectorSourcesOf({ tenantId: randomTenantId(), memoryId: memory.memory_id })).toEqual([])
    })
  })
}
