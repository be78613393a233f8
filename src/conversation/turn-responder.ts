import type { Customer } from '../domains/customers/index.js'
import type { TenantConfig } from '../tenants/index.js'

export type TurnRole = 'owner' | 'customer'

/** One turn: what a contact said (a debounced burst joined in order) and who they are. */
export interface Turn {
  tenantId: string
  config: TenantConfig
  contact: Customer
  role: TurnRole
  text: string
  /** WhatsApp ids of the messages answered in this turn. */
  messageIds: string[]
}

export interface TurnReply {
  /** Messages to send, in order; empty for no answer. */
  replies: string[]
  /** The turn itself handed the contact to a human (and says so): deliver despite the pause. */
  deliverWhilePaused?: boolean
  /** Tools the agent called in this turn, for the chat API and the panel. */
  toolCalls?: Array<{ name: string; ok: boolean; status: string }>
}

/**
 * The seam between the conversation path and whatever answers: command mode today, the LLM
 * agent when it is configured. The path around it (policy, debounce, sending) does not change.
 */
export interface TurnResponder {
  respond(turn: Turn): Promise<TurnReply>
}
