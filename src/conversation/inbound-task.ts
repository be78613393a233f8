import { createHash } from 'node:crypto'
import type { InboundMessage } from '../channels/evolution/inbound/index.js'

/** The kinds of task the conversation path runs. */
export const inboundTaskKind = 'inbound'
export const sendTaskKind = 'send'

/** What an inbound task carries: the message (timestamp as ISO) and the resolved contact. */
export interface InboundTaskPayload {
  contact_id: string
  message: Omit<InboundMessage, 'timestamp'> & { timestamp: string }
}

export interface SendTaskPayload {
  contact_id: string
  instance: string
  reply_jid: string
  text: string
  /** Human replies from the panel go out even while the bot is paused. */
  bypass_pause: boolean
}

/** Evolution retries and double-configured webhooks repeat events: this id is the dedupe key. */
export const inboundTaskId = (message: Pick<InboundMessage, 'instance' | 'event' | 'messageId'>): string =>
  `in_${createHash('sha256').update(`${message.instance}\u0000${message.event}\u0000${message.messageId}`).digest('hex').slice(0, 32)}`

export const toInboundTaskPayload = (contactId: string, message: InboundMessage): InboundTaskPayload => ({
  contact_id: contactId,
  message: { ...message, timestamp: message.timestamp.toISOString() },
})

export const fromInboundTaskPayload = (payload: Record<string, unknown>): { contactId: string; message: InboundMessage } => {
  const typed = payload as unknown as InboundTaskPayload
  return { contactId: typed.contact_id, message: { ...typed.message, timestamp: new Date(typed.message.timestamp) } }
}
