import { describe, expect, it } from 'vitest'
import type { Conversation, ConversationMessage, ConversationStore } from '../../src/conversation/index.js'
import { randomTenantId } from '../support/factories.js'

export interface ConversationStoreContractOptions {
  createStore(): Promise<ConversationStore>
}

const conversation = (tenantId: string, contactId: string, lastMessageAt: string): Conversation => ({
  tenant_id: tenantId,
  contact_id: contactId,
  instance: 'clinica',
  reply_jid: '5511987654321@s.whatsapp.net',
  paused_until: null,
  pause_reason: null,
  unread_count: 0,
  not_on_whatsapp: false,
  auto_reply_sent_at: null,
  draft_reply: null,
  last_message_at: lastMessageAt,
  created_at: '2030-01-01T10:00:00.000Z',
  updated_at: lastMessageAt,
})

const message = (tenantId: string, overrides: Partial<ConversationMessage> = {}): ConversationMessage => ({
  tenant_id: tenantId,
  message_id: `wa:clinica:${Math.random().toString(36).slice(2)}`,
  contact_id: 'cus_1',
  direction: 'inbound',
  author: 'customer',
  wa_message_id: null,
  kind: 'text',
  text: 'Olá',
  status: null,
  created_at: '2030-01-01T12:00:00.000Z',
  updated_at: '2030-01-01T12:00:00.000Z',
  ...overrides,
})

/** The behaviour every ConversationStore backend must have. */
export const runConversationStoreContract = ({ createStore }: ConversationStoreContractOptions): void => {
  describe('ConversationStore contract', () => {
    it('saves, replaces and gets a conversation', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const saved = conversation(tenantId, 'cus_1', '2030-01-01T12:00:00.000Z')
      await store.saveConversation({ conversation: saved })
      const paused = { ...saved, paused_until: '2030-01-01T13:00:00.000Z', pause_reason: 'human_reply', draft_reply: 'Olá! Temos horário amanhã às 10h.' }
      await store.saveConversation({ conversation: paused })
      expect(await store.getConversation({ tenantId, contactId: 'cus_1' })).toEqual(paused)
      expect(await store.getConversation({ tenantId: randomTenantId(), contactId: 'cus_1' })).toBeNull()
    })

    it('lists conversations by most recent activity', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const [id, at] of [['a', '2030-01-01T10:00:00.000Z'], ['b', '2030-01-01T12:00:00.000Z'], ['c', '2030-01-01T11:00:00.000Z']]) {
        await store.saveConversation({ conversation: conversation(tenantId, id as string, at as string) })
      }
      const first = await store.listConversations({ tenantId, limit: 2 })
      expect(first.items.map((item) => item.contact_id)).toEqual(['b', 'c'])
      expect(first.total).toBe(3)
      const next = await store.listConversations({ tenantId, limit: 2, cursor: first.next_cursor as string })
      expect(next.items.map((item) => item.contact_id)).toEqual(['a'])
    })

    it('appends a message once per message id, and lists a contact’s messages in order', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const second = message(tenantId, { created_at: '2030-01-01T12:01:00.000Z', updated_at: '2030-01-01T12:01:00.000Z' })
      const first = message(tenantId)
      await store.appendMessage({ message: second })
      expect((await store.appendMessage({ message: first })).created).toBe(true)
      expect(await store.appendMessage({ message: { ...first, text: 'changed' } })).toEqual({ message: first, created: false })
      await store.appendMessage({ message: message(tenantId, { contact_id: 'cus_other' }) })
      const page = await store.listMessages({ tenantId, contactId: 'cus_1', limit: 1 })
      expect(page.items).toEqual([first])
      expect(page.total).toBe(2)
      expect((await store.listMessages({ tenantId, contactId: 'cus_1', limit: 5, cursor: page.next_cursor as string })).items).toEqual([second])
    })

    it('erases a contact’s conversation and messages, and nothing of other contacts or tenants', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.saveConversation({ conversation: conversation(tenantId, 'cus_1', '2030-01-01T12:00:00.000Z') })
      await store.appendMessage({ message: message(tenantId) })
      await store.appendMessage({ message: message(tenantId) })
      await store.appendMessage({ message: message(tenantId, { contact_id: 'cus_2' }) })
      const other = randomTenantId()
      await store.appendMessage({ message: message(other) })
      expect(await store.eraseContact({ tenantId, contactId: 'cus_1' })).toEqual({ messages: 2 })
      expect(await store.getConversation({ tenantId, contactId: 'cus_1' })).toBeNull()
      expect((await store.listMessages({ tenantId, contactId: 'cus_1', limit: 10 })).total).toBe(0)
      expect((await store.listMessages({ tenantId, contactId: 'cus_2', limit: 10 })).total).toBe(1)
      expect((await store.listMessages({ tenantId: other, contactId: 'cus_1', limit: 10 })).total).toBe(1)
    })

    it('moves a delivery status only forward, by WhatsApp message id', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const sent = message(tenantId, { direction: 'outbound', author: 'agent', wa_message_id: '3EB0ABC', status: 'PENDING' })
      await store.appendMessage({ message: sent })
      const at = new Date('2030-01-01T12:05:00.000Z')
      expect((await store.updateMessageStatus({ tenantId, waMessageId: '3EB0ABC', status: 'READ', at }))?.status).toBe('READ')
      expect((await store.updateMessageStatus({ tenantId, waMessageId: '3EB0ABC', status: 'DELIVERY_ACK', at }))?.status).toBe('READ')
      expect((await store.listMessages({ tenantId, contactId: 'cus_1', limit: 5 })).items[0]?.status).toBe('READ')
      expect(await store.updateMessageStatus({ tenantId, waMessageId: 'missing', status: 'READ', at })).toBeNull()
      expect((await store.getMessageByWaId({ tenantId, waMessageId: '3EB0ABC' }))?.message_id).toBe(sent.message_id)
      expect(await store.getMessageByWaId({ tenantId: randomTenantId(), waMessageId: '3EB0ABC' })).toBeNull()
      expect(await store.updateMessageStatus({ tenantId: randomTenantId(), waMessageId: '3EB0ABC', status: 'PLAYED', at })).toBeNull()
    })
  })
}
