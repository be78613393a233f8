export {
  conversationSchema,
  conversationMessageSchema,
  isPaused,
  isStatusAdvance,
  type Conversation,
  type ConversationMessage,
} from './conversation.js'
export type { ConversationStore } from './conversation-store.js'
export { createFileConversationStore } from './file-conversation-store.js'
export { createPostgresConversationStore } from './postgres-conversation-store.js'
