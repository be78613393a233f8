import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { memoryContentHash, type Memory, type MemoryStore, type RecallScope } from '../../src/memory/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileMemoryStore, createPostgresMemoryStore } from '../../src/memory/index.js'

export interface MemoryStoreContractOptions {
  createStore(): Promise<MemoryStore>
}

const SPACE = 'test:axes:4'
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString()
const vec = (...values: number[]) => new Float32Array(values)

/** A real-shaped memory with a random id; the hash follows text and subject unless overridden. */
export const createTestMemory = (overrides: Partial<Memory> = {}): Memory => {
  const base: Memory = {
    tenant_id: randomTenantId(),
    memory_id: `mem_${randomBytes(8).toString('hex')}`,
    subject_kind: 'business',
    subject_id: null,
    audience: 'public',
    kind: 'fact',
    text: 'Fechado em feriados nacionais',
    slot_key: null,
    content_hash: '',
    confidence: 0.9,
    importance: 0.5,
    status: 'active',
    superseded_by: null,
    source_kind: 'owner_taught',
    source_refs: [{ type: 'message', id: 'wamid.1' }],
    pii_flags: [],
    valid_from: at(0),
    valid_to: null,
    created_at: at(0),
    updated_at: at(0),
    last_confirmed_at: null,
    last_recalled_at: null,
    recall_count: 0,
    text_version: 1,
  }
  const memory = { ...base, ...overrides }
  return {
    ...memory,
    content_hash:
      overrides.content_hash ??
      memoryContentHash({ text: memory.text, subjectKind: memory.subject_kind, subjectId: memory.subject_id }),
  }
}

const idsOf = (found: { memory: Memory }[]) => found.map((candidate) => candidate.memory.memory_id).sort()

/** The behaviour every MemoryStore backend must have. */
export const runMemoryStoreContract = ({ createStore }: MemoryStoreContractOptions): void => {
  describe('MemoryStore contract', () => {
    const saveWithVector = async (store: MemoryStore, memory: Memory, vector = vec(1, 0, 0, 0)) => {
      const saved = await store.save({ memory })
      await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId: SPACE, vector, at: at(1) })
      return saved
    }

    it('saves a memory and gets and lists it back', async () => {
      const store = await createStore()
      const memory = createTestMemory({ subject_kind: 'customer', subject_id: 'cus_1', audience: 'subject_and_owner' })
      expect(await store.save({ memory })).toEqual(memory)
      expect(await store.get({ tenantId: memory.tenant_id, memoryId: memory.memory_id })).toEqual(memory)
      const other = createTestMemory({ tenant_id: memory.tenant_id, text: 'Aceita PIX', created_at: at(2) })
      await store.save({ memory: other })
      const all = await store.list({ tenantId: memory.tenant_id, limit: 10 })
      expect(all.items).toEqual([memory, other])
      expect(all.total).toBe(2)
      const first = await store.list({ tenantId: memory.tenant_id, limit: 1 })
      expect(first.items).toEqual([memory])
      expect((await store.list({ tenantId: memory.tenant_id, limit: 1, cursor: first.next_cursor as string })).items).toEqual([other])
      const aboutCustomer = await store.list({ tenantId: memory.tenant_id, subjectKind: 'customer', subjectId: 'cus_1', limit: 10 })
      expect(aboutCustomer.items).toEqual([memory])
    })

    it('answers null for what does not exist', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      expect(await store.get({ tenantId, memoryId: 'mem_missing' })).toBeNull()
      expect(await store.supersede({ tenantId, memoryId: 'mem_missing', byMemoryId: 'mem_x', at: at(1) })).toBeNull()
      expect(await store.forget({ tenantId, memoryId: 'mem_missing', at: at(1) })).toBeNull()
      expect(await store.findActiveBySlot({ tenantId, subjectKind: 'business', subjectId: null, slotKey: 'x' })).toBeNull()
      await expect(
        store.putVector({ tenantId, memoryId: 'mem_missing', spaceId: SPACE, vector: vec(1, 0, 0, 0), at: at(1) }),
      ).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' })
    })

    it('dedupes an exact duplicate by content hash: the existing memory is confirmed, not copied', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await store.save({ memory })
      const again = createTestMemory({
        tenant_id: memory.tenant_id,
        text: '  fechado em FERIADOS nacionais ',
        confidence: 1,
        source_refs: [{ type: 'episode', id: 'ep_2' }],
        created_at: at(30),
      })
      const saved = await store.save({ memory: again })
      expect(saved.memory_id).toBe(memory.memory_id)
      expect(saved).toMatchObject({ confidence: 1, last_confirmed_at: at(30) })
      expect(saved.source_refs).toEqual([
        { type: 'message', id: 'wamid.1' },
        { type: 'episode', id: 'ep_2' },
      ])
      expect(await store.get({ tenantId: memory.tenant_id, memoryId: again.memory_id })).toBeNull()
      expect((await store.list({ tenantId: memory.tenant_id, limit: 10 })).total).toBe(1)
      // Another audience is another memory.
      const ownerOnly = createTestMemory({ tenant_id: memory.tenant_id, audience: 'owner_only' })
      expect((await store.save({ memory: ownerOnly })).memory_id).toBe(ownerOnly.memory_id)
    })

    it('refuses to overwrite an existing memory id', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await store.save({ memory })
      await expect(store.save({ memory: { ...memory, text: 'Outro texto', content_hash: 'other' } })).rejects.toMatchObject({
        code: 'MEMORY_ALREADY_EXISTS',
      })
    })

    it('supersedes the holder of a slot instead of deleting it', async () => {
      const store = await createStore()
      const subject = { subject_kind: 'customer' as const, subject_id: 'cus_1', audience: 'subject_and_owner' as const }
      const old = createTestMemory({ ...subject, slot_key: 'customer.preferred_time', text: 'Prefere manhãs' })
      await saveWithVector(store, old)
      const newer = createTestMemory({
        ...subject,
        tenant_id: old.tenant_id,
        slot_key: 'customer.preferred_time',
        text: 'Prefere após 18h',
        created_at: at(10),
      })
      await saveWithVector(store, newer)
      expect(await store.get({ tenantId: old.tenant_id, memoryId: old.memory_id })).toMatchObject({
        status: 'superseded',
        superseded_by: newer.memory_id,
        valid_to: at(10),
      })
      const holder = await store.findActiveBySlot({ tenantId: old.tenant_id, subjectKind: 'customer', subjectId: 'cus_1', slotKey: 'customer.preferred_time' })
      expect(holder?.memory_id).toBe(newer.memory_id)
      const found = await store.search({ tenantId: old.tenant_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 10 })
      expect(idsOf(found)).toEqual([newer.memory_id])
    })

    it('supersedes a memory explicitly', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await store.save({ memory })
      const superseded = await store.supersede({ tenantId: memory.tenant_id, memoryId: memory.memory_id, byMemoryId: 'mem_new', at: at(5) })
      expect(superseded).toMatchObject({ status: 'superseded', superseded_by: 'mem_new', valid_to: at(5), updated_at: at(5) })
      expect(await store.supersede({ tenantId: memory.tenant_id, memoryId: memory.memory_id, byMemoryId: 'mem_other', at: at(6) })).toBeNull()
    })

    describe('leak tests: scope is enforced by the store', () => {
      const seed = async (store: MemoryStore) => {
        const tenantId = randomTenantId()
        const otherTenantId = randomTenantId()
        const v = vec(1, 0, 0, 0)
        const make = (overrides: Partial<Memory>) => createTestMemory({ tenant_id: tenantId, ...overrides })
        const memories = {
          businessPublic: make({ text: 'Fechado em feriados' }),
          businessOwnerOnly: make({ audience: 'owner_only', text: 'Margem do corte é 60%' }),
          ownerNote: make({ subject_kind: 'owner', audience: 'owner_only', text: 'Enviar agenda às 8h' }),
          c1Shared: make({ subject_kind: 'customer', subject_id: 'cus_1', audience: 'subject_and_owner', text: 'Prefere após 18h' }),
          c1OwnerOnly: make({ subject_kind: 'customer', subject_id: 'cus_1', audience: 'owner_only', text: 'Paga atrasado, confirmar PIX' }),
          c2Shared: make({ subject_kind: 'customer', subject_id: 'cus_2', audience: 'subject_and_owner', text: 'Prefere após 18h' }),
          otherTenant: createTestMemory({ tenant_id: otherTenantId, subject_kind: 'customer', subject_id: 'cus_1', audience: 'subject_and_owner', text: 'Prefere após 18h' }),
          otherTenantPublic: createTestMemory({ tenant_id: otherTenantId, text: 'Fechado em feriados' }),
        }
        for (const memory of Object.values(memories)) await saveWithVector(store, memory, v)
        return { tenantId, otherTenantId, memories }
      }
      const search = (store: MemoryStore, tenantId: string, scope: RecallScope) =>
        store.search({ tenantId, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope, limit: 50 }).then(idsOf)

      it("a customer sees only its own shared memories and the business's public ones", async () => {
        const store = await createStore()
        const { tenantId, memories } = await seed(store)
        expect(await search(store, tenantId, { role: 'customer', customerId: 'cus_1' })).toEqual(
          [memories.businessPublic.memory_id, memories.c1Shared.memory_id].sort(),
        )
        expect(await search(store, tenantId, { role: 'customer', customerId: 'cus_2' })).toEqual(
          [memories.businessPublic.memory_id, memories.c2Shared.memory_id].sort(),
        )
        expect(await search(store, tenantId, { role: 'customer', customerId: 'cus_3' })).toEqual([memories.businessPublic.memory_id])
      })

      it('never returns owner_only memories to a customer, even its own', async () => {
        const store = await createStore()
        const { tenantId, memories } = await seed(store)
        const seen = await search(store, tenantId, { role: 'customer', customerId: 'cus_1' })
        expect(seen).not.toContain(memories.c1OwnerOnly.memory_id)
        expect(seen).not.toContain(memories.businessOwnerOnly.memory_id)
        expect(seen).not.toContain(memories.ownerNote.memory_id)
      })

      it("the owner sees every memory of its tenant and none of another tenant's", async () => {
        const store = await createStore()
        const { tenantId, otherTenantId, memories } = await seed(store)
        const ownTenant = Object.entries(memories)
          .filter(([name]) => !name.startsWith('otherTenant'))
          .map(([, memory]) => memory.memory_id)
        expect(await search(store, tenantId, { role: 'owner' })).toEqual(ownTenant.sort())
        expect(await search(store, otherTenantId, { role: 'owner' })).toEqual(
          [memories.otherTenant.memory_id, memories.otherTenantPublic.memory_id].sort(),
        )
        expect(await search(store, otherTenantId, { role: 'customer', customerId: 'cus_2' })).toEqual([memories.otherTenantPublic.memory_id])
        expect(await store.get({ tenantId: otherTenantId, memoryId: memories.c1Shared.memory_id })).toBeNull()
      })
    })

    it('orders search results by cosine similarity and honours the limit and the space', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const near = createTestMemory({ tenant_id: tenantId, text: 'perto' })
      const middle = createTestMemory({ tenant_id: tenantId, text: 'meio' })
      const far = createTestMemory({ tenant_id: tenantId, text: 'longe' })
      await saveWithVector(store, far, vec(0, 0, 1, 0))
      await saveWithVector(store, near, vec(0.9, 0.1, 0, 0))
      await saveWithVector(store, middle, vec(0.5, 0.5, 0, 0))
      const other = createTestMemory({ tenant_id: tenantId, text: 'outro espaço' })
      await store.save({ memory: other })
      await store.putVector({ tenantId, memoryId: other.memory_id, spaceId: 'test:other:4', vector: vec(1, 0, 0, 0), at: at(1) })

      const found = await store.search({ tenantId, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 2 })
      expect(found.map((candidate) => candidate.memory.text)).toEqual(['perto', 'meio'])
      expect(found[0]?.cosine).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 5)
      expect(found[1]?.cosine).toBeCloseTo(Math.SQRT1_2, 5)
      expect(await store.vectorSpacesOf({ tenantId, memoryId: other.memory_id })).toEqual(['test:other:4'])
    })

    it('replaces a vector in the same space', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await saveWithVector(store, memory, vec(0, 1, 0, 0))
      await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), at: at(2) })
      const [found] = await store.search({ tenantId: memory.tenant_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 5 })
      expect(found?.cosine).toBeCloseTo(1, 5)
      expect(await store.vectorSpacesOf({ tenantId: memory.tenant_id, memoryId: memory.memory_id })).toEqual([SPACE])
    })

    it('refuses a vector whose width does not match its space', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await store.save({ memory })
      await expect(
        store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId: SPACE, vector: vec(1, 0, 0), at: at(1) }),
      ).rejects.toMatchObject({ code: 'MEMORY_VECTOR_DIMS_INVALID' })
    })

    it('forgets a memory: retracted, its vectors gone, no longer searchable', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await saveWithVector(store, memory)
      const forgotten = await store.forget({ tenantId: memory.tenant_id, memoryId: memory.memory_id, at: at(9) })
      expect(forgotten).toMatchObject({ status: 'retracted', updated_at: at(9) })
      expect(await store.vectorSpacesOf({ tenantId: memory.tenant_id, memoryId: memory.memory_id })).toEqual([])
      expect(await store.search({ tenantId: memory.tenant_id, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 5 })).toEqual([])
      // Forgotten text may be taught again.
      const again = createTestMemory({ tenant_id: memory.tenant_id })
      expect((await store.save({ memory: again })).memory_id).toBe(again.memory_id)
    })

    it('records recalls', async () => {
      const store = await createStore()
      const memory = createTestMemory()
      await store.save({ memory })
      await store.markRecalled({ tenantId: memory.tenant_id, memoryIds: [memory.memory_id], at: at(20) })
      await store.markRecalled({ tenantId: memory.tenant_id, memoryIds: [memory.memory_id], at: at(21) })
      expect(await store.get({ tenantId: memory.tenant_id, memoryId: memory.memory_id })).toMatchObject({
        last_recalled_at: at(21),
        recall_count: 2,
      })
    })

    it('exports and then erases everything about a contact, vectors in every space included', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const about = (customerId: string, text: string, audience: Memory['audience'] = 'subject_and_owner') =>
        createTestMemory({ tenant_id: tenantId, subject_kind: 'customer', subject_id: customerId, audience, text })
      const shared = about('cus_1', 'Prefere após 18h')
      const ownerOnly = about('cus_1', 'Paga atrasado', 'owner_only')
      const otherContact = about('cus_2', 'Prefere após 18h')
      const business = createTestMemory({ tenant_id: tenantId })
      for (const memory of [shared, ownerOnly, otherContact, business]) await saveWithVector(store, memory)
      await store.putVector({ tenantId, memoryId: shared.memory_id, spaceId: 'test:next:2', vector: vec(1, 0), at: at(3) })

      const exported = await store.exportSubject({ tenantId, customerId: 'cus_1' })
      expect(exported.memories.map((memory) => memory.memory_id).sort()).toEqual([shared.memory_id, ownerOnly.memory_id].sort())
      expect(exported.memories[0]?.source_refs).toEqual([{ type: 'message', id: 'wamid.1' }])

      expect(await store.eraseSubject({ tenantId, customerId: 'cus_1' })).toEqual({ memories: 2, vectors: 3 })
      expect(await store.get({ tenantId, memoryId: shared.memory_id })).toBeNull()
      expect(await store.vectorSpacesOf({ tenantId, memoryId: shared.memory_id })).toEqual([])
      expect(await store.search({ tenantId, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'customer', customerId: 'cus_1' }, limit: 10 }).then(idsOf)).toEqual([business.memory_id])
      expect(await store.search({ tenantId, spaceId: SPACE, vector: vec(1, 0, 0, 0), scope: { role: 'owner' }, limit: 10 }).then(idsOf)).toEqual(
        [otherContact.memory_id, business.memory_id].sort(),
      )
      expect((await store.exportSubject({ tenantId, customerId: 'cus_1' })).memories).toEqual([])
      expect(await store.eraseSubject({ tenantId, customerId: 'cus_1' })).toEqual({ memories: 0, vectors: 0 })
    })
  })
}
