import type { ConversationMessage } from '../../conversation/conversation.js'

/**
 * `/novo` (or `/nova`, `/nova conversa`): the contact asks to start over. The conversation so far
 * closes into an episode and short memory starts fresh after this message (design memory.md §4).
 */
export const isNewConversationCommand = (text: string | null | undefined): boolean =>
  text != null && /^\/nov[oa](?:\s+conversa)?\s*[.!]?$/i.test(text.trim())

/** The messages after the last `/novo` the contact sent (all of them when there is none). */
export const afterLastNewConversation = <T extends Pick<ConversationMessage, 'direction' | 'text'>>(messages: readonly T[]): T[] => {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index]!
    if (message.direction === 'inbound' && isNewConversationCommand(message.text)) return messages.slice(index + 1)
  }
  return [...messages]
}
