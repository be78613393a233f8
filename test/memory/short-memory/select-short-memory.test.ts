import { describe, expect, it } from 'vitest'
import type { ConversationMessage } from '../../../src/conversation/conversation.js'
import { isNewConversationCommand, selectShortMemory, shortMemoryNote } from '../../../src/memory/short-memory/index.js'

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 12, minute)).toISOString()
const message = (minute: number, direction: 'inbound' | 'outbound', text: string | null = `mensagem ${minute}`): ConversationMessage => ({
  tenant_id: 't-1',
  message_id: `chat_${String(minute).padStart(3, '0')}`,
  contact_id: 'cus_1',
  direction,
  author: direction === 'inbound' ? 'customer' : 'agent',
  wa_message_id: null,
  kind: text === null ? 'image' : 'text',
  text,
  status: null,
  created_at: at(minute),
  updated_at: at(minute),
})
const ids = (messages: ConversationMessage[]) => messages.map((item) => item.message_id)

describe('selectShortMemory', () => {
  it('starts fresh after the contact’s last /novo', () => {
    const messages = [message(0, 'inbound'), message(1, 'outbound'), message(2, 'inbound', '/novo'), message(3, 'outbound'), message(4, 'inbound')]
    expect(ids(selectShortMemory(messages))).toEqual(['chat_003', 'chat_004'])
    // The agent quoting the command is not the contact asking for it.
    expect(ids(selectShortMemory([message(0, 'inbound'), message(1, 'outbound', '/novo'), message(2, 'inbound')]))).toHaveLength(3)
    for (const text of ['/novo', ' /NOVO ', '/nova conversa', '/nova!']) expect(isNewConversationCommand(text)).toBe(true)
    for (const text of ['novo', '/novos', 'quero um /novo horário', null]) expect(isNewConversationCommand(text)).toBe(false)
  })

  it('keeps the newest messages up to the count, oldest first', () => {
    const messages = Array.from({ length: 30 }, (_, index) => message(index, index % 2 === 0 ? 'inbound' : 'outbound'))
    const selected = selectShortMemory(messages)
    expect(selected).toHaveLength(16)
    expect(ids(selected)).toEqual(ids(messages.slice(14)))
  })

  it('stops at the token budget', () => {
    const long = 'x'.repeat(396) // 99 tokens + 4 of overhead
    const messages = Array.from({ length: 10 }, (_, index) => message(index, 'inbound', long))
    expect(ids(selectShortMemory(messages, { tokenBudget: 309 }))).toEqual(ids(messages.slice(7)))
  })

  it('always keeps the last inbound message, even behind long replies or over budget', () => {
    const question = message(1, 'inbound', 'Vocês abrem sábado?')
    const replies = [message(2, 'outbound', 'y'.repeat(4000)), message(3, 'outbound', 'ok')]
    expect(ids(selectShortMemory([message(0, 'inbound'), question, ...replies], { tokenBudget: 100 }))).toEqual([
      question.message_id,
      'chat_003',
    ])
    const huge = message(4, 'inbound', 'z'.repeat(10_000))
    expect(ids(selectShortMemory([question, huge], { tokenBudget: 50 }))).toEqual([huge.message_id])
  })

  it('only takes messages after the current episode started', () => {
    const messages = [message(0, 'inbound'), message(1, 'outbound'), message(2, 'inbound'), message(3, 'outbound')]
    expect(ids(selectShortMemory(messages, { since: at(1) }))).toEqual(['chat_002', 'chat_003'])
  })

  it('counts media without text and handles an empty conversation', () => {
    expect(selectShortMemory([])).toEqual([])
    expect(ids(selectShortMemory([message(0, 'inbound', null)]))).toEqual(['chat_000'])
  })
})

describe('shortMemoryNote', () => {
  it('keeps an open confirmation visible and says nothing otherwise', () => {
    expect(shortMemoryNote('cancelar o horário de 2026-03-05 às 14h')).toContain('cancelar o horário de 2026-03-05 às 14h')
    expect(shortMemoryNote()).toBeNull()
    expect(shortMemoryNote('  ')).toBeNull()
  })
})
