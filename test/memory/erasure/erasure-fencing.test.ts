import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationStore } from '../../../src/conversation/conversation-store.js'
import { createFileConversationStore } from '../../../src/conversation/file-conversation-store.js'
import {
  createEpisodeCloser,
  createFileEpisodeStore,
  createFileMemoryErasureStore,
  createFileMemoryStore,
  createLocalEmbedder,
  createMemoryService,
  localEmbedderFor,
  type Embedder,
  type EpisodeStore,
  type MemoryErasureStore,
  type MemoryService,
  type MemoryStore,
} from '../../../src/memory/index.js'
import { createFileEmbeddingSpaceStateStore, createReembedRunner, type EmbeddingSpaceStateStore } from '../../../src/memory/maintenance/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { createConversationScript, createScriptedLlm, randomContactId, summaryAnswer } from '../support/episode-fixtures.js'

// LGPD erasure fences every background writer (design memory.md §7): what was in flight when a
// contact was erased does not bring their data back; what they say afterwards is new data.
let storage: FileStorage
let close: () => Promise<void>
let conversations: ConversationStore
let episodes: EpisodeStore
let memories: MemoryStore
let erasures: MemoryErasureStore
let spaceState: EmbeddingSpaceStateStore

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  conversations = await createFileConversationStore(storage)
  episodes = await createFileEpisodeStore(storage)
  memories = await createFileMemoryStore(storage)
  erasures = await createFileMemoryErasureStore(storage)
  spaceState = await createFileEmbeddingSpaceStateStore(storage)
})
afterAll(() => close())

const MINUTE = 60_000
const taught = { kind: 'owner_taught' as const }
const preference = { text: 'Cliente prefere horários à tarde (dito em 2026-03-02)', about: 'customer', share_with_customers: true, slot_key: 'customer.preferred_time' }

const setup = () => {
  const clock = createFixedClock(new Date('2026-03-02T12:00:00.000Z'))
  const tenantId = randomTenantId()
  const customerId = randomContactId()
  const service = (store: MemoryStore = memories) =>
    createMemoryService({ store, embedder: createLocalEmbedder(), clock, ids: randomIdGenerator, erasures, episodes, conversations })
  const memory = service()
  const script = createConversationScript({ conversations, tenantId, clock })
  const closerWith = (deps: { llm?: ReturnType<typeof createScriptedLlm>['llm']; memory?: Pick<MemoryService, 'remember'> }) =>
    createEpisodeCloser({ store: episodes, conversations, memory: deps.memory ?? memory, llmFor: () => deps.llm ?? null, clock, ids: randomIdGenerator, logger: createSilentLogger() })
  const roleOf = async () => 'customer' as const
  /** Nothing about the customer can be recalled, exported or listed. */
  const expectNothingOf = async () => {
    expect((await memories.exportSubject({ tenantId, customerId })).memories).toEqual([])
    expect(await episodes.exportContact({ tenantId, contactId: customerId })).toEqual([])
    for (const scope of [{ role: 'owner' as const }, { role: 'customer' as const, customerId }]) {
      expect((await memory.recall({ tenantId, scope, query: 'cliente prefere horários à tarde' })).items).toEqual([])
    }
  }
  return { clock, tenantId, customerId, memory, service, script, closerWith, roleOf, expectNothingOf }
}

describe('erasure fencing', () => {
  it('drops an episode whose close was in flight when the contact was erased', async () => {
    const { clock, tenantId, customerId, memory, script, closerWith, roleOf, expectNothingOf } = setup()
    await script.chat(customerId)
    clock.advance(31 * MINUTE)
    // The erasure lands while the summary is being written (a slow LLM).
    const { llm } = createScriptedLlm([summaryAnswer([preference])], async () => {
      await memory.eraseContact({ tenantId, customerId })
      clock.advance(1000)
    })
    const { closed } = await closerWith({ llm }).closeIdle({ tenantId, roleOf })
    expect(closed).toEqual([])
    await expectNothingOf()
  })

  it('extracts nothing from an episode whose contact was erased during extraction', async () => {
    const { clock, tenantId, customerId, memory, script, closerWith, roleOf, expectNothingOf } = setup()
    await script.chat(customerId)
    clock.advance(31 * MINUTE)
    const { llm } = createScriptedLlm([summaryAnswer([preference])])
    // The erasure lands after the episode was saved, before its facts reach memory; the fact is
    // remembered later (clock moved on), but it comes from before the erasure.
    let erased = false
    const racing: Pick<MemoryService, 'remember'> = {
      remember: async (input) => {
        if (!erased) {
          erased = true
          await memory.eraseContact({ tenantId, customerId })
          clock.advance(MINUTE)
        }
        return memory.remember(input)
      },
    }
    await closerWith({ llm, memory: racing }).closeIdle({ tenantId, roleOf })
    expect(erased).toBe(true)
    await expectNothingOf()
  })

  it('refuses a remember that raced the erasure, and remembers what comes after it', async () => {
    const { clock, tenantId, customerId, service, expectNothingOf } = setup()
    // The owner's "lembre que…" started before the erasure; its write lands after it.
    const slow: MemoryStore = {
      ...memories,
      findActiveBySlot: async (input) => {
        await racingMemory.eraseContact({ tenantId, customerId })
        clock.advance(1000)
        return memories.findActiveBySlot(input)
      },
    }
    const racingMemory = service(slow)
    const about = { kind: 'customer' as const, customerId }
    await expect(
      racingMemory.remember({ tenantId, text: preference.text, about, shareWithCustomers: true, slotKey: 'customer.preferred_time', source: taught }),
    ).rejects.toMatchObject({ code: 'MEMORY_SUBJECT_ERASED' })
    await expectNothingOf()
    // Said after the erasure: new data.
    const later = await service().remember({ tenantId, text: 'Cliente voltou e pediu horário de manhã', about, shareWithCustomers: true, source: taught })
    expect(later.outcome).toBe('created')
  })

  it('writes no vector back when a re-embed batch was in flight during the erasure', async () => {
    const { clock, tenantId, customerId, memory } = setup()
    const about = { kind: 'customer' as const, customerId }
    const kept = await memory.remember({ tenantId, text: 'A empresa fecha aos domingos', shareWithCustomers: true, source: taught })
    const erasedOnes = [
      await memory.remember({ tenantId, text: preference.text, about, shareWithCustomers: true, source: taught }),
      await memory.remember({ tenantId, text: 'Cliente paga sempre por PIX', about, source: taught }),
    ]
    clock.advance(MINUTE)
    const target = localEmbedderFor('local:ngram-v1:64') as Embedder
    // The embed call of the batch is where the erasure lands.
    const slow: Embedder = {
      space: target.space,
      embed: async (texts) => {
        await memory.eraseContact({ tenantId, customerId })
        return target.embed(texts)
      },
    }
    const runner = createReembedRunner({ stateStore: spaceState, memoryStore: memories, clock, logger: createSilentLogger(), embedderFor: () => slow, batchSize: 10 })
    const status = await runner.run({ tenantId, targetSpaceId: target.space.space_id })
    expect(status.active_space_id).toBe(target.space.space_id)
    for (const { memory: erased } of erasedOnes) expect(await memories.vectorSpacesOf({ tenantId, memoryId: erased.memory_id })).toEqual([])
    expect(await memories.vectorSpacesOf({ tenantId, memoryId: kept.memory.memory_id })).toContain(target.space.space_id)
    const [query] = await target.embed([preference.text])
    const found = await memories.search({ tenantId, spaceId: target.space.space_id, vector: query!, scope: { role: 'owner' }, limit: 50 })
    expect(found.map((candidate) => candidate.memory.memory_id)).toEqual([kept.memory.memory_id])
  })
})
