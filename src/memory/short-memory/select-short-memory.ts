import type { ConversationMessage } from '../../conversation/conversation.js'
import { afterLastNewConversation } from './new-conversation-command.js'

/** Short memory (design memory.md §2): the last turns of a conversation within a count and a token budget. */
export interface ShortMemoryOptions {
  /** Default 16 messages. */
  maxMessages?: number
  /** Default 1,500 tokens (≈4 characters per token). */
  tokenBudget?: number
  /** ISO time: only messages created after it (the start of the current episode). */
  since?: string
}

const CHARS_PER_TOKEN = 4
/** Role and framing each message costs the model besides its text. */
const MESSAGE_OVERHEAD_TOKENS = 4

/** The text a message stands for in the prompt: media without a caption counts as its kind. */
export const shortMemoryText = (message: ConversationMessage): string => message.text ?? `[${message.kind}]`

export const estimateMessageTokens = (message: ConversationMessage): number =>
  Math.ceil(shortMemoryText(message).length / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS

/**
 * The newest messages that fit both limits, oldest first. The last inbound message is always
 * kept, even over budget or behind a run of long outbound messages: the agent must see what it
 * is answering. Open confirmations are kept by `shortMemoryNote`, which the prompt adds apart.
 * Nothing from before the contact's last `/novo` is kept: they asked to start over.
 */
export const selectShortMemory = (messages: readonly ConversationMessage[], options: ShortMemoryOptions = {}): ConversationMessage[] => {
  const maxMessages = options.maxMessages ?? 16
  const tokenBudget = options.tokenBudget ?? 1500
  const fresh = afterLastNewConversation(messages)
  const candidates = options.since === undefined ? fresh : fresh.filter((message) => message.created_at > options.since!)
  const lastInbound = [...candidates].reverse().find((message) => message.direction === 'inbound')
  const chosen = new Set<ConversationMessage>()
  let tokens = 0
  if (lastInbound) {
    chosen.add(lastInbound)
    tokens += estimateMessageTokens(lastInbound)
  }
  for (let index = candidates.length - 1; index >= 0 && chosen.size < maxMessages; index -= 1) {
    const message = candidates[index]!
    if (message === lastInbound) continue
    const cost = estimateMessageTokens(message)
    // The window stays contiguous: the first message that does not fit ends it.
    if (tokens + cost > tokenBudget) break
    chosen.add(message)
    tokens += cost
  }
  return candidates.filter((message) => chosen.has(message))
}

/**
 * A line that keeps an open confirmation visible to the model however far back it was asked,
 * or null when nothing is pending.
 */
export const shortMemoryNote = (pendingConfirmationSummary?: string | null): string | null => {
  const summary = pendingConfirmationSummary?.trim()
  if (!summary) return null
  return `Confirmação pendente, aguardando resposta do usuário (sim ou não): ${summary}`
}
