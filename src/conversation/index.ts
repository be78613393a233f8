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
export { createHandoff, type Handoff } from './handoff.js'
export { createAcceptEvolutionWebhook, type AcceptEvolutionWebhook, type WebhookAcceptance } from './accept-evolution-webhook.js'
export { createHandleInboundMessage, type HandleInboundMessageDependencies, type ContactMessageObserver } from './handle-inbound-message.js'
export { createSendReply } from './send-reply.js'
export { createSendPacer, type SendPacer } from './send-pacer.js'
export { inboundTaskKind, sendTaskKind, type SendTaskPayload } from './inbound-task.js'
export type { Turn, TurnReply, TurnResponder, TurnRole } from './turn-responder.js'
export { createWhatsappWatchdog } from './whatsapp-watchdog.js'
export { createConversationTools } from './conversation-tools.js'
export { createOwnerNotifier, type OwnerNotifier } from './owner-notifier.js'
export { createRunChatTurn, chatRequestSchema, type RunChatTurn, type ChatTurnResult } from './run-chat-turn.js'
export { createSendHumanReply, type SendHumanReply } from './send-human-reply.js'
export { createContactMessenger, type ContactMessenger, type ContactMessage, type SendOutcome } from './contact-messenger.js'
export { createAutomatedMessagesJob, type AutomatedMessageSource } from './automated-messages.js'
export { attachToolCalls, createMessageToolCalls, turnCompletedEvent, type MessageWithToolCalls, type ToolCallSummary } from './message-tool-calls.js'
export { createListInbox, type ListInbox, type InboxItem, type InboxLastMessage } from './list-inbox.js'
export { createMarkConversationRead, type MarkConversationRead } from './mark-conversation-read.js'
