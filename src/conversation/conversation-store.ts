import type { Page } from '../shared/pagination.js'
import type { Conversation, ConversationMessage } from './conversation.js'

/** Conversations and their messages; every method is scoped to one tenant. */
export interface ConversationStore {
  getConversation(input: { tenantId: string; contactId: string }): Promise<Conversation | null>
  /** Inserts or replaces. */
  saveConversation(input: { conversation: Conversation }): Promise<Conversation>
  /** Most recent activity first. */
  listConversations(input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<Conversation>>
  /** Adds a message once: the same message_id again keeps the first (`created: false`). */
  appendMessage(input: { message: ConversationMessage }): Promise<{ message: ConversationMessage; created: boolean }>
  /** A message by its WhatsApp id, or null. */
  getMessageByWaId(input: { tenantId: string; waMessageId: string }): Promise<ConversationMessage | null>
  /** Moves a message's delivery status forward (see isStatusAdvance); null when no such message. */
  updateMessageStatus(input: { tenantId: string; waMessageId: string; status: string; at: Date }): Promise<ConversationMessage | null>
  /** LGPD erasure: the contact's conversation and every message of it; answers how many messages went. */
  eraseContact(input: { tenantId: string; contactId: string }): Promise<{ messages: number }>
  /** Oldest first, or newest first with `newestFirst` (an inbox opens on the latest page); a cursor is valid only in its own order. */
  listMessages(input: { tenantId: string; contactId: string; limit: number; cursor?: string; newestFirst?: boolean }): Promise<Page<ConversationMessage>>
}
