export {
  selectShortMemory,
  shortMemoryNote,
  shortMemoryText,
  estimateMessageTokens,
  type ShortMemoryOptions,
} from './select-short-memory.js'
export { isNewConversationCommand, afterLastNewConversation } from './new-conversation-command.js'
