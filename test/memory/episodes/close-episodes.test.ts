import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationMessage } from '../../../src/conversation/conversation.js'
import type { ConversationStore } from '../../../src/conversation/conversation-store.js'
import { createFileConversationStore } from '../../../src/conversation/file-conversation-store.js'
import type { LlmClient } from '../../../src/llm/llm-client.js'
import { createEpisodeCloser, createFileEpisodeStore, type EpisodeStore } from '../../../src/memory/episodes/index.js'
import { createFileMemoryStore, createLocalEmbedder, createMemoryService, type MemoryStore } from '../../../src/memory/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { createConversationScript, createScriptedLlm, summaryAnswer } from '../support/episode-fixtures.js'

let storage: FileStorage
let close: () => Promise<void>
let conversations: ConversationStore
let episodes: EpisodeStore
let memories: MemoryStore

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  conversations = await createFileConversationStore(storage)
  episodes = await createFileEpisodeStore(storage)
  memories = await createFileMemoryStore(storage)
})
afterAll(() => close())

const MINUTE = 60_000
const START = new Date('2026-03-02T12:00:00.000Z')

const answer = summaryAnswer

const setup = (options: { llm?: LlmClient | null } = {}) => {
  const clock = createFixedClock(START)
  const tenantId = randomTenantId()
  const memory = createMemoryService({ store: memories, embedder: createLocalEmbedder(), clock, ids: randomIdGenerator })
  const closer = createEpisodeCloser({
    store: episodes,
    conversations,
    memory,
    llmFor: () => options.llm ?? null,
    clock,
    ids: randomIdGenerator,
    logger: createSilentLogger(),
    idle: { customerMinutes: 30, ownerMinutes: 120 },
  })
  const owners = new Set<string>()
  const roleOf = async (contactId: string) => (owners.has(contactId) ? ('owner' as const) : ('customer' as const))

  const { say, chat } = createConversationScript({ conversations, tenantId, clock, owners })
  const contact = () => `cus_${randomBytes(4).toString('hex')}`
  const episodesOf = async (contactId: string) => episodes.exportContact({ tenantId, contactId })
  return { clock, tenantId, closer, owners, roleOf, say, chat, contact, episodesOf }
}

describe('episode closer', () => {
  it('closes a conversation once it is idle past its role timeout', async () => {
    const { llm } = createScriptedLlm([answer(), answer()])
    const { closer, clock, roleOf, owners, chat, contact, episodesOf, tenantId } = setup({ llm })
    const customer = contact()
    const owner = contact()
    owners.add(owner)
    await chat(customer)
    const lastOwnerMessage = await chat(owner)
    clock.advance(29 * MINUTE)
    expect((await closer.closeIdle({ tenantId, roleOf })).closed).toEqual([])
    clock.advance(2 * MINUTE)
    const first = await closer.closeIdle({ tenantId, roleOf })
    expect(first.closed.map((episode) => episode.contact_id)).toEqual([customer])
    expect(first.closed[0]).toMatchObject({ role: 'customer', close_reason: 'idle', message_count: 4, summary_kind: 'llm', needs_summary: false })
    expect(await episodesOf(owner)).toEqual([])
    clock.advance(90 * MINUTE)
    const second = await closer.closeIdle({ tenantId, roleOf })
    expect(second.closed.map((episode) => episode.contact_id)).toEqual([owner])
    expect(second.closed[0]).toMatchObject({ role: 'owner', last_message_id: lastOwnerMessage.message_id })
  })

  it("uses the tenant's own idle timeouts when given", async () => {
    const { llm } = createScriptedLlm([answer()])
    const { closer, clock, roleOf, chat, contact, tenantId } = setup({ llm })
    const customer = contact()
    await chat(customer)
    clock.advance(31 * MINUTE)
    const idle = { customerMinutes: 45, ownerMinutes: 240 }
    expect((await closer.closeIdle({ tenantId, roleOf, idle })).closed).toEqual([])
    clock.advance(15 * MINUTE)
    expect((await closer.closeIdle({ tenantId, roleOf, idle })).closed.map((episode) => episode.contact_id)).toEqual([customer])
  })

  it('asks for a pt-BR summary with absolute dates', async () => {
    const { llm, requests } = createScriptedLlm([answer()])
    const { closer, clock, roleOf, chat, contact, tenantId } = setup({ llm })
    await chat(contact())
    clock.advance(31 * MINUTE)
    await closer.closeIdle({ tenantId, roleOf })
    const [system, user] = requests[0]!.messages
    expect(system?.content).toContain('datas absolutas')
    expect(user?.content).toContain('[2026-03-02 09:00] Cliente: Oi, queria marcar um corte')
  })

  it('makes no episode of a trivial conversation', async () => {
    const { llm, requests } = createScriptedLlm([])
    const { closer, clock, roleOf, say, contact, episodesOf, tenantId } = setup({ llm })
    const greeter = contact()
    await say(greeter, 'inbound', 'Oi, bom dia!')
    await say(greeter, 'outbound', 'Bom dia! Como posso ajudar?')
    await say(greeter, 'inbound', 'ok, obrigado 👍')
    const oneLiner = contact()
    await say(oneLiner, 'inbound', 'Qual o preço do corte?')
    await say(oneLiner, 'outbound', 'R$ 50,00.')
    clock.advance(31 * MINUTE)
    expect((await closer.closeIdle({ tenantId, roleOf })).closed).toEqual([])
    expect(await closer.closeNow({ tenantId, contactId: greeter, role: 'customer' })).toBeNull()
    expect(await episodesOf(greeter)).toEqual([])
    expect(await episodesOf(oneLiner)).toEqual([])
    expect(requests).toEqual([])
  })

  it('makes one episode when closing twice, even concurrently', async () => {
    const { llm } = createScriptedLlm([answer(), answer(), answer()])
    const { closer, clock, roleOf, chat, contact, episodesOf, tenantId } = setup({ llm })
    const customer = contact()
    await chat(customer)
    clock.advance(31 * MINUTE)
    await Promise.all([closer.closeIdle({ tenantId, roleOf }), closer.closeIdle({ tenantId, roleOf })])
    await closer.closeIdle({ tenantId, roleOf })
    expect(await closer.closeNow({ tenantId, contactId: customer, role: 'customer' })).toBeNull()
    expect(await episodesOf(customer)).toHaveLength(1)
  })

  it('leaves a message arriving during the close for the next episode', async () => {
    let late: ConversationMessage | undefined
    let say: ReturnType<typeof setup>['say'] | undefined
    let customer = ''
    const { llm } = createScriptedLlm([answer(), answer()], async () => {
      if (!late) late = await say!(customer, 'inbound', 'Ah, e meu cachorro também precisa de banho')
    })
    const context = setup({ llm })
    say = context.say
    customer = context.contact()
    const { closer, clock, roleOf, chat, episodesOf, tenantId } = context
    const lastBefore = await chat(customer)
    clock.advance(31 * MINUTE)
    const [first] = (await closer.closeIdle({ tenantId, roleOf })).closed
    expect(first).toMatchObject({ last_message_id: lastBefore.message_id, message_count: 4 })
    await say(customer, 'inbound', 'Pode ser no mesmo dia do corte?')
    clock.advance(31 * MINUTE)
    const [second] = (await closer.closeIdle({ tenantId, roleOf })).closed
    expect(second).toMatchObject({ first_message_id: late!.message_id, message_count: 2 })
    expect(await episodesOf(customer)).toHaveLength(2)
  })

  it('writes an extractive episode marked for a later summary when the LLM fails or is absent', async () => {
    const { llm } = createScriptedLlm([new Error('LLM_TIMEOUT')])
    const failing = setup({ llm })
    const customer = failing.contact()
    await failing.chat(customer)
    failing.clock.advance(31 * MINUTE)
    const [episode] = (await failing.closer.closeIdle({ tenantId: failing.tenantId, roleOf: failing.roleOf })).closed
    expect(episode).toMatchObject({ summary_kind: 'extractive', needs_summary: true, facts: [], extracted: false })
    expect(episode!.summary).toContain('Oi, queria marcar um corte para quinta às 14h')
    expect(episode!.summary).toContain('Agendado para 2026-03-05 às 14h.')
    expect(episode!.summary).toContain('2026-03-02 09:00')

    const offline = setup({ llm: null })
    await offline.chat(offline.contact())
    offline.clock.advance(31 * MINUTE)
    const [extractive] = (await offline.closer.closeIdle({ tenantId: offline.tenantId, roleOf: offline.roleOf })).closed
    expect(extractive).toMatchObject({ summary_kind: 'extractive', needs_summary: true })
  })

  it('extracts the facts into long-term memory once, with the episode as provenance', async () => {
    const facts = [
      { text: 'Cliente prefere horários à tarde (dito em 2026-03-02)', about: 'customer', share_with_customers: true, slot_key: 'customer.preferred_time' },
      { text: 'A barbearia dá 50% de desconto para todos', about: 'business', share_with_customers: true },
      { text: 'CPF do cliente: 123.456.789-09', about: 'customer', share_with_customers: false },
    ]
    const { llm, requests } = createScriptedLlm(['```json\n' + answer(facts) + '\n```'])
    const { closer, clock, roleOf, chat, contact, tenantId } = setup({ llm })
    const customer = contact()
    await chat(customer)
    clock.advance(31 * MINUTE)
    const [episode] = (await closer.closeIdle({ tenantId, roleOf })).closed
    expect(episode).toMatchObject({ extracted: true })
    // The customer's claim about the business and the CPF are not remembered.
    const stored = await memories.list({ tenantId, limit: 10 })
    expect(stored.items).toHaveLength(1)
    expect(stored.items[0]).toMatchObject({
      subject_kind: 'customer',
      subject_id: customer,
      audience: 'subject_and_owner',
      slot_key: 'customer.preferred_time',
      source_kind: 'episode',
      source_refs: [{ type: 'episode', id: episode!.episode_id }],
    })
    await closer.closeIdle({ tenantId, roleOf })
    expect(await closer.extractPending({ tenantId })).toBe(0)
    expect((await memories.list({ tenantId, limit: 10 })).total).toBe(1)
    expect(requests).toHaveLength(1)
  })

  it('summarises an extractive episode later and then extracts its facts', async () => {
    const { llm } = createScriptedLlm([new Error('down'), answer([{ text: 'Cliente se chama Ana', about: 'customer', share_with_customers: true }])])
    const { closer, clock, roleOf, chat, contact, tenantId } = setup({ llm })
    const customer = contact()
    await chat(customer)
    clock.advance(31 * MINUTE)
    const [extractive] = (await closer.closeIdle({ tenantId, roleOf })).closed
    expect(extractive).toMatchObject({ needs_summary: true })
    expect(await closer.summarizePending({ tenantId })).toBe(1)
    expect(await episodes.get({ tenantId, episodeId: extractive!.episode_id })).toMatchObject({
      summary_kind: 'llm',
      needs_summary: false,
      extracted: true,
      message_count: 4,
    })
    expect((await memories.list({ tenantId, limit: 10 })).items.map((memory) => memory.text)).toEqual(['Cliente se chama Ana'])
  })
})
