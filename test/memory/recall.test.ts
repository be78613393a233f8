import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileMemoryStore, createLocalEmbedder, estimateMemoryTokens, recall, scoreCandidate, type MemoryStore } from '../../src/memory/index.js'
import type { FileStorage } from '../../src/storage/file/index.js'
import { createTestMemory } from '../contract/memory-store.contract.js'
import { randomTenantId } from '../support/factories.js'
import { openTestFileStorage } from '../support/file-storage.js'

let storage: FileStorage
let close: () => Promise<void>
let store: MemoryStore
const embedder = createLocalEmbedder()
const now = new Date('2026-03-02T12:00:00.000Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString()

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  store = await createFileMemoryStore(storage)
})
afterAll(() => close())

const seed = async (tenantId: string, overrides: Parameters<typeof createTestMemory>[0]) => {
  const memory = createTestMemory({ tenant_id: tenantId, ...overrides })
  await store.save({ memory })
  const [vector] = await embedder.embed([memory.text])
  await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId: embedder.space.space_id, vector: vector as Float32Array, at: now.toISOString() })
  return memory
}

describe('recall scoring', () => {
  it('bounds recency and importance to reordering: S stays within [0.55R, R]', () => {
    const base = { cosine: 0.8, lexical: 0.5, cosBaseline: 0.1, now }
    const fresh = scoreCandidate({ ...base, memory: createTestMemory({ kind: 'event', importance: 1, created_at: now.toISOString() }) })
    const stale = scoreCandidate({ ...base, memory: createTestMemory({ kind: 'event', importance: 0, created_at: daysAgo(210) }) })
    expect(fresh.vector).toBeCloseTo((0.8 - 0.1) / 0.9, 6)
    expect(fresh.relevance).toBeCloseTo(0.75 * fresh.vector + 0.25 * 0.5, 6)
    expect(fresh.total).toBeCloseTo(fresh.relevance, 6)
    expect(stale.recency).toBeCloseTo(0.5 ** 10, 6)
    expect(stale.total).toBeGreaterThanOrEqual(0.55 * stale.relevance)
    expect(stale.total).toBeLessThan(fresh.total)
  })

  it('does not decay policies and instructions', () => {
    const memory = createTestMemory({ kind: 'policy', created_at: daysAgo(2000) })
    expect(scoreCandidate({ memory, cosine: 0.5, lexical: 0, cosBaseline: 0, now }).recency).toBe(1)
  })
})

describe('recall', () => {
  it('ranks relevant memories first, blending recency and importance, and logs every candidate', async () => {
    const tenantId = randomTenantId()
    const oldPref = await seed(tenantId, { kind: 'preference', text: 'Cliente prefere horários após as 18h', importance: 0.3, created_at: daysAgo(400) })
    const newPref = await seed(tenantId, { kind: 'preference', text: 'Cliente prefere horários após as 18h na sexta', importance: 0.9, created_at: daysAgo(1) })
    const unrelated = await seed(tenantId, { kind: 'fact', text: 'Estacionamento gratuito no subsolo', importance: 1 })

    const { items, log } = await recall({ store, embedder, tenantId, scope: { role: 'owner' }, query: 'que horário o cliente prefere?', now })
    expect(items.map((item) => item.memory.memory_id)).toEqual([newPref.memory_id, oldPref.memory_id])
    expect(items[0]?.scores.lexical).toBeGreaterThan(0)
    expect(log.space_id).toBe('local:ngram-v1:256')
    expect(log.query_hash).toMatch(/^[0-9a-f]{64}$/)
    const unrelatedLog = log.candidates.find((candidate) => candidate.memory_id === unrelated.memory_id)
    expect(unrelatedLog).toMatchObject({ included: false, dropped: 'irrelevant' })
    expect(log.candidates.filter((candidate) => candidate.included)).toHaveLength(2)
    expect(log.tokens_injected).toBe(estimateMemoryTokens(oldPref) + estimateMemoryTokens(newPref))
    expect((await store.get({ tenantId, memoryId: newPref.memory_id }))?.recall_count).toBe(1)
    expect((await store.get({ tenantId, memoryId: unrelated.memory_id }))?.recall_count).toBe(0)
  })

  it('packs into the token budget, skipping what does not fit', async () => {
    const tenantId = randomTenantId()
    const long = await seed(tenantId, { text: `Horário de funcionamento: ${'segunda a sexta das 9h às 18h, '.repeat(8)}`, importance: 1 })
    const short = await seed(tenantId, { text: 'Horário de sábado: 9h às 13h', importance: 0.2 })
    const query = 'horário de funcionamento'
    const all = await recall({ store, embedder, tenantId, scope: { role: 'owner' }, query, now })
    expect(all.items.map((item) => item.memory.memory_id).sort()).toEqual([long.memory_id, short.memory_id].sort())
    expect(all.log.tokens_injected).toBe(estimateMemoryTokens(long) + estimateMemoryTokens(short))

    const budget = estimateMemoryTokens(short) + 5
    const packed = await recall({ store, embedder, tenantId, scope: { role: 'owner' }, query, now, tokenBudget: budget })
    expect(packed.items.map((item) => item.memory.memory_id)).toEqual([short.memory_id])
    expect(packed.log.candidates.find((candidate) => candidate.memory_id === long.memory_id)).toMatchObject({ dropped: 'budget' })
    expect(packed.log.tokens_injected).toBeLessThanOrEqual(budget)

    const limited = await recall({ store, embedder, tenantId, scope: { role: 'owner' }, query, now, limit: 1 })
    expect(limited.items.map((item) => item.memory.memory_id)).toEqual([all.items[0]?.memory.memory_id])
    expect(limited.log.candidates.filter((candidate) => candidate.dropped === 'limit')).toHaveLength(1)
  })

  it('recalls only what the scope may see', async () => {
    const tenantId = randomTenantId()
    await seed(tenantId, { subject_kind: 'customer', subject_id: 'cus_2', audience: 'subject_and_owner', text: 'Prefere horários após as 18h' })
    await seed(tenantId, { subject_kind: 'customer', subject_id: 'cus_1', audience: 'owner_only', text: 'Prefere horários após as 18h, mas paga atrasado' })
    const { items, log } = await recall({ store, embedder, tenantId, scope: { role: 'customer', customerId: 'cus_1' }, query: 'horários após 18h', now })
    expect(items).toEqual([])
    expect(log.candidates).toEqual([])
  })
})
