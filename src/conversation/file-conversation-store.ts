import { decodeCursor, encodeCursor, isAfterCursor, type CursorPosition } from '../shared/pagination.js'
import type { FileStorage } from '../storage/file/index.js'
import { isStatusAdvance, type Conversation, type ConversationMessage } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

const isBeforeCursor = (position: CursorPosition, cursor: CursorPosition | null): boolean =>
  cursor === null || position.sort < cursor.sort || (position.sort === cursor.sort && position.id < cursor.id)

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
    getConversation: async ({ tenantId, contactId }) => conversations.get(tenantId, contactId),
    saveConversation: async ({ conversation }) => {
      await conversations.put(conversation)
      return structuredClone(conversation)
    },
    listConversations: async ({ tenantId, limit, cursor }) => {
      const before = decodeCursor(cursor)
      const all = conversations
        .list(tenantId)
        .sort((a, b) => b.last_message_at.localeCompare(a.last_message_at) || b.contact_id.localeCompare(a.contact_id))
      const remaining = all.filter((item) => isBeforeCursor({ sort: item.last_message_at, id: item.contact_id }, before))
      const items = remaining.slice(0, limit)
      const last = items.at(-1)
      return {
        items,
        total: all.length,
        next_cursor: remaining.length > limit && last ? encodeCursor({ sort: last.last_message_at, id: last.contact_id }) : null,
      }
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
    listMessages: async ({ tenantId, contactId, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const all = messages
        .findByIndex(tenantId, 'contact', contactId)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.message_id.localeCompare(b.message_id))
      const remaining = all.filter((item) => isAfterCursor({ sort: item.created_at, id: item.message_id }, after))
      const items = remaining.slice(0, limit)
      const last = items.at(-1)
      return {
        items,
        total: all.length,
        next_cursor: remaining.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.message_id }) : null,
      }
    },
  }
}
