import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationMessage } from '../../../src/conversation/conversation.js'
import type { ConversationStore } from '../../../src/conversation/conversation-store.js'
import { createFileConversationStore } from '../../../src/conversation/file-conversation-store.js'
import type { ChatInput, LlmClient } from '../../../src/llm/llm-client.js'
import { createEpisodeCloser, createFileEpisodeStore, type EpisodeStore } from '../../../src/memory/episodes/index.js'
import { createFileMemoryStore, createLocalEmbedder, createMemoryService, type MemoryStore } from '../../../src/memory/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'

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

/** An in-memory LlmClient playing scripted answers; `onChat` runs during the call. */
const createScriptedLlm = (answers: Array<string | Error>, onChat?: () => Promise<void>) => {
  const requests: ChatInput[] = []
  const llm = {
    chat: async (input: ChatInput) => {
      requests.push(input)
      await onChat?.()
      const answer = answers.shift() ?? new Error('no scripted answer left')
      if (answer instanceof Error) throw answer
      return { message: { content: answer, toolCalls: [] }, usage: { promptTokens: 100, completionTokens: 50 }, model: 'fake-mini' }
    },
    embed: async () => {
      throw new Error('not scripted')
    },
    transcribe: async () => {
      throw new Error('not scripted')
    },
    describeImage: async () => {
      throw new Error('not scripted')
    },
  } as unknown as LlmClient
  return { llm, requests }
}

const answer = (facts: unknown[] = []) =>
  JSON.stringify({ summary: 'Cliente pediu corte para 2026-03-05 às 14h; horário agendado.', facts })

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

  /** Records a message at the clock's time and, for inbound ones, the conversation's activity. */
  const say = async (contactId: string, direction: 'inbound' | 'outbound', text: string): Promise<ConversationMessage> => {
    const now = clock.now().toISOString()
    const message: ConversationMessage = {
      tenant_id: tenantId,
      message_id: `chat_${randomBytes(6).toString('hex')}`,
      contact_id: contactId,
      direction,
      author: direction === 'outbound' ? 'agent' : owners.has(contactId) ? 'owner' : 'customer',
      wa_message_id: null,
      kind: 'text',
      text,
      status: null,
      created_at: now,
      updated_at: now,
    }
    await conversations.appendMessage({ message })
    const current = await conversations.getConversation({ tenantId, contactId })
    await conversations.saveConversation({
      conversation: {
        tenant_id: tenantId,
        contact_id: contactId,
        instance: 'main',
        reply_jid: '5511999999999@s.whatsapp.net',
        paused_until: null,
        pause_reason: null,
        unread_count: 0,
        not_on_whatsapp: false,
        auto_reply_sent_at: null,
        draft_reply: null,
        last_message_at: direction === 'inbound' ? now : (current?.last_message_at ?? now),
        created_at: current?.created_at ?? now,
        updated_at: now,
      },
    })
    clock.advance(1000)
    return message
  }
  const chat = async (contactId: string) => {
    await say(contactId, 'inbound', 'Oi, queria marcar um corte para quinta às 14h')
    await say(contactId, 'outbound', 'Claro! Quinta, 2026-03-05 às 14h está livre. Confirmo?')
    await say(contactId, 'inbound', 'Pode confirmar, prefiro sempre à tarde')
    return say(contactId, 'outbound', 'Agendado para 2026-03-05 às 14h.')
  }
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
