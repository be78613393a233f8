import { randomBytes } from 'node:crypto'
import type { ConversationMessage } from '../../../src/conversation/conversation.js'
import type { ConversationStore } from '../../../src/conversation/conversation-store.js'
import type { ChatInput, LlmClient } from '../../../src/llm/llm-client.js'

/** An in-memory LlmClient playing scripted answers; `onChat` runs during the call. */
export const createScriptedLlm = (answers: Array<string | Error>, onChat?: () => Promise<void>) => {
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

/** The summariser's JSON answer: a fixed pt-BR summary and these facts. */
export const summaryAnswer = (facts: unknown[] = []) =>
  JSON.stringify({ summary: 'Cliente pediu corte para 2026-03-05 às 14h; horário agendado.', facts })

/**
 * Writes a conversation as the conversation path does: each message at the clock's time (then
 * +1 s), inbound ones also moving the conversation's last activity.
 */
export const createConversationScript = (deps: {
  conversations: ConversationStore
  tenantId: string
  clock: { now(): Date; advance(ms: number): void }
  owners?: Set<string>
}) => {
  const owners = deps.owners ?? new Set<string>()
  const { conversations, tenantId, clock } = deps
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
  /** A four-message booking chat; resolves the last message. */
  const chat = async (contactId: string) => {
    await say(contactId, 'inbound', 'Oi, queria marcar um corte para quinta às 14h')
    await say(contactId, 'outbound', 'Claro! Quinta, 2026-03-05 às 14h está livre. Confirmo?')
    await say(contactId, 'inbound', 'Pode confirmar, prefiro sempre à tarde')
    return say(contactId, 'outbound', 'Agendado para 2026-03-05 às 14h.')
  }
  return { say, chat, owners }
}

export const randomContactId = () => `cus_${randomBytes(4).toString('hex')}`
