import type { Turn, TurnReply, TurnResponder } from '../../conversation/turn-responder.js'
import type { Clock } from '../../shared/clock.js'
import { isNewConversationCommand } from '../short-memory/new-conversation-command.js'
import type { EpisodeCloseRequester } from './episode-close-task.js'

export const newConversationReply = 'Certo! Começamos uma conversa nova. O que conversamos antes fica guardado; é só me dizer como posso ajudar.'

/**
 * `/novo` from the owner or a customer, in agent or command mode: the conversation so far closes
 * into an episode (boundary fixed now: this message is its last) and short memory starts fresh
 * after it (`selectShortMemory`). Any other turn goes to `inner`.
 */
export const createNewConversationResponder = (deps: { inner: TurnResponder; requestClose: EpisodeCloseRequester; clock: Clock }): TurnResponder => ({
  respond: async (turn: Turn): Promise<TurnReply> => {
    if (!isNewConversationCommand(turn.text)) return deps.inner.respond(turn)
    const boundaryAt = deps.clock.now().toISOString()
    await deps.requestClose({
      tenantId: turn.tenantId,
      contactId: turn.contact.customer_id,
      event: 'conversation.restarted',
      eventId: turn.messageIds.join(',') || boundaryAt,
      boundaryAt,
    })
    return { replies: [newConversationReply] }
  },
})
