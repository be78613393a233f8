import type { Turn, TurnReply, TurnResponder } from '../conversation/turn-responder.js'
import type { ConfirmationService } from '../orchestration/confirmations/index.js'

/**
 * Before any other answer, the owner's "sim" / "não" settles their pending confirmation, in
 * agent and in command mode alike. The WhatsApp message id makes a redelivered "sim" a no-op.
 */
export const createConfirmingResponder = (deps: { confirmations: ConfirmationService; inner: TurnResponder }): TurnResponder => ({
  respond: async (turn: Turn): Promise<TurnReply> => {
    if (turn.role === 'owner') {
      const decision = await deps.confirmations.handleOwnerMessage({
        tenantId: turn.tenantId,
        contactId: turn.contact.customer_id,
        text: turn.text,
        messageId: turn.messageIds[0] ?? `turn:${Date.now()}`,
      })
      if (decision) return { replies: [decision.replyText], toolCalls: [{ name: decision.confirmation.tool, ok: decision.outcome === 'executed', status: decision.outcome }] }
    }
    return deps.inner.respond(turn)
  },
})
