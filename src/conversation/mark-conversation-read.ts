import type { Clock } from '../shared/clock.js'
import type { Conversation } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

/** Someone read the conversation in the inbox: its unread count goes back to 0. Null when there is none. */
export const createMarkConversationRead =
  (deps: { conversations: ConversationStore; clock: Clock }) =>
  async (input: { tenantId: string; contactId: string }): Promise<Conversation | null> => {
    const conversation = await deps.conversations.getConversation(input)
    if (!conversation) return null
    if (conversation.unread_count === 0) return conversation
    return deps.conversations.saveConversation({ conversation: { ...conversation, unread_count: 0, updated_at: deps.clock.now().toISOString() } })
  }

export type MarkConversationRead = ReturnType<typeof createMarkConversationRead>
