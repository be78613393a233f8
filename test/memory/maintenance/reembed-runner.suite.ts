import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLlmClientFactory } from '../../../src/llm/create-llm-client-factory.js'
import { createLocalEmbedder, vectorSourceHash, type Embedder, type Memory, type MemoryStore } from '../../../src/memory/index.js'
import {
  createOpenAIEmbedder,
  createReembedRunner,
  localEmbedderFor,
  resolveTargetSpace,
  type EmbeddingSpaceStateStore,
} from '../../../src/memory/maintenance/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { createTestMemory } from '../../contract/memory-store.contract.js'
import { randomTenantId } from '../../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.js'

export interface ReembedSuiteOptions {
  createStores(): Promise<{ memoryStore: MemoryStore; stateStore: EmbeddingSpaceStateStore }>
}

const OLD = createLocalEmbedder()
const SECOND_LOCAL = createLocalEmbedder({ dims: 64 })
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString()

/** `count` memories of one tenant, each embedded in the old space, as the memory service leaves them. */
const seed = async (store: MemoryStore, tenantId: string, count: number, overrides: (index: number) => Partial<Memory> = () => ({})) => {
  const saved: Memory[] = []
  for (let index = 0; index < count; index++) {
    const memory = await store.save({
      memory: createTestMemory({ tenant_id: tenantId, text: `Memória número ${index} sobre horários ${randomBytes(3).toString('hex')}`, created_at: at(index), ...overrides(index) }),
    })
    const [vector] = await OLD.embed([memory.text])
    await store.putVector({ tenantId, memoryId: memory.memory_id, spaceId: OLD.space.space_id, vector: vector as Float32Array, at: at(index) })
    saved.push(memory)
  }
  return saved
}

export const runReembedSuite = ({ createStores }: ReembedSuiteOptions): void => {
  let fake: FakeOpenAI
  let openai: Embedder
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    const client = createLlmClientFactory({ platformApiKey: 'sk-test', platformBaseUrl: fake.url, logger: createSilentLogger(), maxRetries: 0 }).forTenant('t', {
      embedding_model: 'text-embedding-3-small',
      embedding_dimensions: 8,
    })
    if (!client) throw new Error('no client')
    const space = resolveTargetSpace({ openai: { embedding_model: 'text-embedding-3-small', embedding_dimensions: 8 } })
    openai = createOpenAIEmbedder(client, space.model, space.dims)
  })
  afterAll(() => fake.close())

  const setup = async (options: { batchSize?: number } = {}) => {
    const stores = await createStores()
    const clock = createFixedClock(new Date('2026-03-02T03:00:00Z'))
    const embedderFor = (_tenantId: string, spaceId: string) => (spaceId === openai.space.space_id ? openai : localEmbedderFor(spaceId))
    const build = () => createReembedRunner({ ...stores, clock, logger: createSilentLogger(), embedderFor, batchSize: options.batchSize ?? 2 })
    return { ...stores, clock, runner: build(), build }
  }

  const everyHasSpace = async (store: MemoryStore, memories: Memory[], spaceId: string) => {
    for (const memory of memories) {
      expect(await store.vectorSpacesOf({ tenantId: memory.tenant_id, memoryId: memory.memory_id })).toContain(spaceId)
    }
  }

  describe('re-embed runner', () => {
    it('resolves the target space from the tenant config', () => {
      expect(resolveTargetSpace({ openai: {} }).space_id).toBe('local:ngram-v1:256')
      expect(resolveTargetSpace({ openai: { embedding_model: 'text-embedding-3-small' } }).space_id).toBe('openai:text-embedding-3-small:1536')
      expect(openai.space.space_id).toBe('openai:text-embedding-3-small:8')
    })

    it('re-embeds every active memory into the OpenAI space and then switches', async () => {
      const { memoryStore, runner } = await setup()
      const tenantId = randomTenantId()
      const memories = await seed(memoryStore, tenantId, 5)
      expect(await runner.plan({ tenantId, targetSpaceId: openai.space.space_id })).toMatchObject({ active_memories: 5, missing: 5 })
      const status = await runner.run({ tenantId, targetSpaceId: openai.space.space_id })
      expect(status).toMatchObject({ active_space_id: openai.space.space_id, previous_space_id: OLD.space.space_id, target_space_id: null, run: null })
      expect(status.last_run).toMatchObject({ status: 'completed', embedded: 5 })
      await everyHasSpace(memoryStore, memories, openai.space.space_id)
      await everyHasSpace(memoryStore, memories, OLD.space.space_id) // kept for rollback
      expect(fake.embeddingRequests().some((body) => body.dimensions === 8)).toBe(true)
      const [query] = await openai.embed([memories[2]!.text])
      const found = await memoryStore.search({ tenantId, spaceId: openai.space.space_id, vector: query!, scope: { role: 'owner' }, limit: 1 })
      expect(found[0]?.memory.memory_id).toBe(memories[2]!.memory_id)
    })

    it('keeps reads in the old space mid-run and resumes a stopped run from its cursor', async () => {
      const { memoryStore, runner, build } = await setup({ batchSize: 2 })
      const tenantId = randomTenantId()
      const memories = await seed(memoryStore, tenantId, 5)
      const target = SECOND_LOCAL.space.space_id
      const paused = await runner.run({ tenantId, targetSpaceId: target, maxBatches: 1 })
      expect(paused.active_space_id).toBe(OLD.space.space_id)
      expect(paused.run).toMatchObject({ status: 'paused', processed: 2, embedded: 2 })
      expect(paused.run?.cursor).not.toBeNull()
      expect(paused.progress_percent).toBe(40)
      expect(await runner.activeSpaceId(tenantId)).toBe(OLD.space.space_id)
      // Search in the active (old) space still finds everything.
      const [query] = await OLD.embed([memories[4]!.text])
      const found = await memoryStore.search({ tenantId, spaceId: OLD.space.space_id, vector: query!, scope: { role: 'owner' }, limit: 10 })
      expect(found).toHaveLength(5)
      expect(found[0]?.memory.memory_id).toBe(memories[4]!.memory_id)
      // Only the first batch got new vectors.
      const covered = await Promise.all(memories.map((memory) => memoryStore.vectorSpacesOf({ tenantId, memoryId: memory.memory_id })))
      expect(covered.map((spaces) => spaces.includes(target))).toEqual([true, true, false, false, false])

      // A new process (a new runner over the same stores) resumes the same run from the cursor.
      const resumed = await build().run({ tenantId, targetSpaceId: target })
      expect(resumed.active_space_id).toBe(target)
      expect(resumed.last_run).toMatchObject({ run_id: paused.run!.run_id, status: 'completed', embedded: 5 })
      await everyHasSpace(memoryStore, memories, target)
    })

    it('stops at an abort signal and never switches before full coverage', async () => {
      const { memoryStore, runner } = await setup({ batchSize: 2 })
      const tenantId = randomTenantId()
      await seed(memoryStore, tenantId, 3)
      const controller = new AbortController()
      const status = await runner.run({
        tenantId,
        targetSpaceId: SECOND_LOCAL.space.space_id,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      expect(status.run?.status).toBe('paused')
      expect(status.active_space_id).toBe(OLD.space.space_id)
      expect(await runner.plan({ tenantId, targetSpaceId: SECOND_LOCAL.space.space_id })).toMatchObject({ missing: 1 })
    })

    it('dual-writes memories saved during a run and covers them before switching', async () => {
      const { memoryStore, runner } = await setup({ batchSize: 2 })
      const tenantId = randomTenantId()
      const target = SECOND_LOCAL.space.space_id
      await seed(memoryStore, tenantId, 3)
      expect(await runner.dualWriteSpaces(tenantId)).toEqual([OLD.space.space_id])
      await runner.run({ tenantId, targetSpaceId: target, maxBatches: 1 })
      const spaces = await runner.dualWriteSpaces(tenantId)
      expect(spaces).toEqual([OLD.space.space_id, target])
      // What the memory service does on remember while the run is in flight.
      const late = await memoryStore.save({ memory: createTestMemory({ tenant_id: tenantId, text: 'Novo: aceita cartão', created_at: at(0) }) })
      for (const spaceId of spaces) {
        const embedder = localEmbedderFor(spaceId)!
        const [vector] = await embedder.embed([late.text])
        await memoryStore.putVector({ tenantId, memoryId: late.memory_id, spaceId, vector: vector!, at: at(0) })
      }
      // One saved behind the cursor without dual-write (a failed write): the coverage pass catches it.
      const missed = await memoryStore.save({ memory: createTestMemory({ tenant_id: tenantId, text: 'Sem vetor novo', created_at: at(0) }) })
      const done = await runner.run({ tenantId, targetSpaceId: target })
      expect(done.active_space_id).toBe(target)
      expect(await runner.dualWriteSpaces(tenantId)).toEqual([target])
      await everyHasSpace(memoryStore, [late, missed], target)
    })

    it('does not give a retracted memory a vector and does not count it for coverage', async () => {
      const { memoryStore, runner } = await setup()
      const tenantId = randomTenantId()
      const memories = await seed(memoryStore, tenantId, 3)
      await memoryStore.forget({ tenantId, memoryId: memories[1]!.memory_id, at: at(9) })
      const status = await runner.run({ tenantId, targetSpaceId: SECOND_LOCAL.space.space_id })
      expect(status.active_space_id).toBe(SECOND_LOCAL.space.space_id)
      expect(await memoryStore.vectorSpacesOf({ tenantId, memoryId: memories[1]!.memory_id })).toEqual([])
    })

    it('never shows a customer another customer’s or owner-only memories in either space during a re-embed', async () => {
      const { memoryStore, runner } = await setup({ batchSize: 2 })
      const tenantId = randomTenantId()
      const shape = (index: number): Partial<Memory> =>
        [
          { subject_kind: 'customer', subject_id: 'cus_a', audience: 'subject_and_owner' },
          { subject_kind: 'customer', subject_id: 'cus_b', audience: 'subject_and_owner' },
          { subject_kind: 'customer', subject_id: 'cus_a', audience: 'owner_only' },
          { subject_kind: 'business', subject_id: null, audience: 'owner_only' },
          { subject_kind: 'owner', subject_id: null, audience: 'owner_only' },
          { subject_kind: 'business', subject_id: null, audience: 'public' },
        ][index] as Partial<Memory>
      const memories = await seed(memoryStore, tenantId, 6, shape)
      const allowed = [memories[0]!.memory_id, memories[5]!.memory_id].sort()
      const visibleTo = async (embedder: Embedder) => {
        const [query] = await embedder.embed(['horários'])
        const found = await memoryStore.search({ tenantId, spaceId: embedder.space.space_id, vector: query!, scope: { role: 'customer', customerId: 'cus_a' }, limit: 50 })
        return found.map((candidate) => candidate.memory.memory_id).sort()
      }
      await runner.run({ tenantId, targetSpaceId: openai.space.space_id, maxBatches: 2 })
      expect(await visibleTo(OLD)).toEqual(allowed)
      for (const id of await visibleTo(openai)) expect(allowed).toContain(id)
      await runner.run({ tenantId, targetSpaceId: openai.space.space_id })
      expect(await visibleTo(OLD)).toEqual(allowed)
      expect(await visibleTo(openai)).toEqual(allowed)
    })

    it('never lets a tenant or a customer see another’s memories, nor a customer the owner-only notes, during a re-embed', async () => {
      const { memoryStore, runner } = await setup({ batchSize: 2 })
      // Two tenants with the same customer ids and near-identical texts: only the keys tell them apart.
      const shapes: Partial<Memory>[] = [
        { subject_kind: 'customer', subject_id: 'cus_a', audience: 'subject_and_owner' },
        { subject_kind: 'customer', subject_id: 'cus_b', audience: 'subject_and_owner' },
        { subject_kind: 'customer', subject_id: 'cus_a', audience: 'owner_only' },
        { subject_kind: 'business', subject_id: null, audience: 'public' },
      ]
      const tenants = [randomTenantId(), randomTenantId()]
      const seeded = new Map<string, Memory[]>()
      for (const tenantId of tenants) seeded.set(tenantId, await seed(memoryStore, tenantId, 4, (index) => shapes[index] as Partial<Memory>))
      const visible = async (tenantId: string, embedder: Embedder, scope: { role: 'owner' } | { role: 'customer'; customerId: string }) => {
        const [query] = await embedder.embed(['Memória sobre horários'])
        const found = await memoryStore.search({ tenantId, spaceId: embedder.space.space_id, vector: query!, scope, limit: 50 })
        return found.map((candidate) => candidate.memory.memory_id).sort()
      }
      const check = async (phase: string) => {
        for (const tenantId of tenants) {
          const own = seeded.get(tenantId)!.map((memory) => memory.memory_id)
          const forA = [own[0]!, own[3]!].sort()
          for (const embedder of [OLD, openai]) {
            const owner = await visible(tenantId, embedder, { role: 'owner' })
            const customerA = await visible(tenantId, embedder, { role: 'customer', customerId: 'cus_a' })
            const customerB = await visible(tenantId, embedder, { role: 'customer', customerId: 'cus_b' })
            for (const id of owner) expect(own, `${phase}: owner of ${tenantId}`).toContain(id)
            for (const id of customerA) expect(forA, `${phase}: cus_a of ${tenantId}`).toContain(id)
            for (const id of customerB) expect([own[1]!, own[3]!], `${phase}: cus_b of ${tenantId}`).toContain(id)
          }
          expect(await visible(tenantId, OLD, { role: 'customer', customerId: 'cus_a' })).toEqual(forA)
        }
      }
      const [migrating] = tenants as [string, string]
      await runner.run({ tenantId: migrating, targetSpaceId: openai.space.space_id, maxBatches: 1 })
      await check('mid-run')
      await runner.run({ tenantId: migrating, targetSpaceId: openai.space.space_id })
      await check('switched')
      const own = seeded.get(migrating)!.map((memory) => memory.memory_id)
      expect(await visible(migrating, openai, { role: 'customer', customerId: 'cus_a' })).toEqual([own[0]!, own[3]!].sort())
    })

    it('treats a vector of another text as missing (stale source hash) and re-embeds it', async () => {
      const { memoryStore, runner } = await setup()
      const tenantId = randomTenantId()
      const target = SECOND_LOCAL.space.space_id
      const memories = await seed(memoryStore, tenantId, 3)
      await runner.run({ tenantId, targetSpaceId: target })
      expect(await runner.plan({ tenantId, targetSpaceId: target })).toMatchObject({ missing: 0 })
      // A vector written for an older text of the memory (an edit in place, were there one).
      const stale = memories[1]!
      const [oldVector] = await SECOND_LOCAL.embed(['um texto antigo'])
      await memoryStore.putVector({ tenantId, memoryId: stale.memory_id, spaceId: target, vector: oldVector!, at: at(30), sourceHash: vectorSourceHash({ text: 'um texto antigo', text_version: 1 }) })
      expect(await runner.plan({ tenantId, targetSpaceId: target })).toMatchObject({ missing: 1 })
      const status = await runner.run({ tenantId, targetSpaceId: target })
      expect(status.last_run).toMatchObject({ status: 'completed', embedded: 1 })
      expect(await memoryStore.vectorSourcesOf({ tenantId, memoryId: stale.memory_id })).toContainEqual({ space_id: target, source_hash: vectorSourceHash(stale) })
      const [query] = await SECOND_LOCAL.embed([stale.text])
      const found = await memoryStore.search({ tenantId, spaceId: target, vector: query!, scope: { role: 'owner' }, limit: 1 })
      expect(found[0]?.memory.memory_id).toBe(stale.memory_id)
    })

    it('keeps vectors on the text they embed: a new value of a slot is a new memory, never an edit in place', async () => {
      const { memoryStore, runner } = await setup()
      const tenantId = randomTenantId()
      const slot = { subject_kind: 'customer' as const, subject_id: 'cus_a', audience: 'subject_and_owner' as const, slot_key: 'customer.preferred_time' }
      const morning = await memoryStore.save({ memory: createTestMemory({ tenant_id: tenantId, ...slot, text: 'Prefere horários pela manhã', created_at: at(1) }) })
      const [vector] = await OLD.embed([morning.text])
      await memoryStore.putVector({ tenantId, memoryId: morning.memory_id, spaceId: OLD.space.space_id, vector: vector!, at: at(1), sourceHash: vectorSourceHash(morning) })
      // A duplicate confirms the memory without touching its text; a new value supersedes it.
      await memoryStore.save({ memory: createTestMemory({ tenant_id: tenantId, ...slot, text: 'prefere  horários pela MANHÃ', created_at: at(2) }) })
      const evening = await memoryStore.save({ memory: createTestMemory({ tenant_id: tenantId, ...slot, text: 'Prefere horários após as 18h', created_at: at(3) }) })
      const after = await memoryStore.get({ tenantId, memoryId: morning.memory_id })
      expect(after).toMatchObject({ text: morning.text, text_version: 1, status: 'superseded', superseded_by: evening.memory_id })
      expect(evening.memory_id).not.toBe(morning.memory_id)
      expect(await memoryStore.vectorSourcesOf({ tenantId, memoryId: morning.memory_id })).toEqual([{ space_id: OLD.space.space_id, source_hash: vectorSourceHash(after!) }])
      // The new value has no vector yet: maintenance finds it missing in the active space.
      expect(await runner.plan({ tenantId, targetSpaceId: OLD.space.space_id })).toMatchObject({ active_memories: 1, missing: 1 })
    })

    it('a config change schedules a run; asking for the active space again cancels it', async () => {
      const { runner } = await setup()
      const tenantId = randomTenantId()
      expect(await runner.schedule({ tenantId, targetSpaceId: OLD.space.space_id })).toBe(false)
      expect(await runner.schedule({ tenantId, targetSpaceId: openai.space.space_id })).toBe(true)
      expect((await runner.status(tenantId)).target_space_id).toBe(openai.space.space_id)
      expect(await runner.schedule({ tenantId, targetSpaceId: OLD.space.space_id })).toBe(false)
      expect(await runner.dualWriteSpaces(tenantId)).toEqual([OLD.space.space_id])
    })

    it('refuses a space no embedder can produce', async () => {
      const { runner } = await setup()
      await expect(runner.run({ tenantId: randomTenantId(), targetSpaceId: 'openai:other:12' })).rejects.toMatchObject({
        code: 'MEMORY_REEMBED_EMBEDDER_UNAVAILABLE',
      })
    })

    it('compare-and-set rejects a stale writer', async () => {
      const { stateStore, runner } = await setup()
      const tenantId = randomTenantId()
      await runner.schedule({ tenantId, targetSpaceId: SECOND_LOCAL.space.space_id })
      const state = (await stateStore.get({ tenantId }))!
      expect(await stateStore.compareAndSet({ state: { ...state, version: state.version + 1 }, expectedVersion: state.version })).not.toBeNull()
      expect(await stateStore.compareAndSet({ state: { ...state, version: state.version + 1 }, expectedVersion: state.version })).toBeNull()
      expect(await stateStore.compareAndSet({ state, expectedVersion: null })).toBeNull()
    })
  })
}
