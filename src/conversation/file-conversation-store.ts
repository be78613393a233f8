import { pageInMemory } from '../shared/pagination.js'
import type { FileStorage } from '../storage/file/index.js'
import { isStatusAdvance, type Conversation, type ConversationMessage } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

export const createFileConversationStore = async (storage: FileStorage): Promise<ConversationStore> => {
  const conversations = await storage.collection<Conversation>({
    folder: 'orchestration',
    name: 'conversations',
    idOf: (conversation) => conversation.contact_id,
  })
  const messages = await storage.collection<ConversationMessage>({
    folder: 'orchestration',
    name: 'messages',
    idOf: (message) => message.message_id,
    indexes: { contact: (message) => message.contact_id, wa: (message) => message.wa_message_id },
  })

  return {
    // Conversations saved before drafts existed have no draft_reply field.
    getConversation: async ({ tenantId, contactId }) => {
      const conversation = conversations.get(tenantId, contactId)
      return conversation ? { ...conversation, draft_reply: conversation.draft_reply ?? null } : null
    },
    saveConversation: async ({ conversation }) => {
      await conversations.put(conversation)
      return structuredClone(conversation)
    },
    listConversations: async ({ tenantId, limit, cursor }) => {
      const all = conversations
        .list(tenantId)
        .sort((a, b) => b.last_message_at.localeCompare(a.last_message_at) || b.contact_id.localeCompare(a.contact_id))
      return pageInMemory(all, { limit, cursor, descending: true, position: (item) => ({ sort: item.last_message_at, id: item.contact_id }) })
    },
    appendMessage: async ({ message }) => {
      const existing = messages.get(message.tenant_id, message.message_id)
      if (existing) return { message: existing, created: false }
      await messages.put(message)
      return { message: structuredClone(message), created: true }
    },
    getMessageByWaId: async ({ tenantId, waMessageId }) => messages.findByIndex(tenantId, 'wa', waMessageId)[0] ?? null,
    updateMessageStatus: async ({ tenantId, waMessageId, status, at }) => {
      const message = messages.findByIndex(tenantId, 'wa', waMessageId)[0]
      if (!message) return null
      if (!isStatusAdvance(message.status, status)) return message
      const updated = { ...message, status, updated_at: at.toISOString() }
      await messages.put(updated)
      return updated
    },
    eraseContact: async ({ tenantId, contactId }) => {
      const ids = messages.findByIndex(tenantId, 'contact', contactId).map((message) => message.message_id)
      await messages.write(ids.map((id) => ({ type: 'delete', tenantId, id })))
      await conversations.delete(tenantId, contactId)
      return { messages: ids.length }
    },
    listMessages: async ({ tenantId, contactId, limit, cursor, newestFirst = false }) => {
      const all = messages
        .findByIndex(tenantId, 'contact', contactId)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.message_id.localeCompare(b.message_id))
      if (newestFirst) all.reverse()
      return pageInMemory(all, { limit, cursor, descending: newestFirst, position: (item) => ({ sort: item.created_at, id: item.message_id }) })
    },
  }
}
