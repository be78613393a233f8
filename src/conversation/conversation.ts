import { z } from 'zod'

/** The state of fabio's conversation with one contact of a tenant. */
export const conversationSchema = z.object({
  tenant_id: z.string(),
  contact_id: z.string(),
  /** Evolution instance and JID the last message came through: where replies go. */
  instance: z.string(),
  reply_jid: z.string(),
  /** Handoff: while in the future, the bot does not answer this contact. */
  paused_until: z.string().nullable(),
  pause_reason: z.string().nullable(),
  unread_count: z.number().int(),
  /** Evolution said the number is not on WhatsApp: sends to it are not retried. */
  not_on_whatsapp: z.boolean(),
  auto_reply_sent_at: z.string().nullable(),
  /** In `suggest` mode: the agent's proposed reply, for a human to send or edit from the inbox. */
  draft_reply: z.string().nullable().default(null),
  last_message_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
})
export type Conversation = z.infer<typeof conversationSchema>

export const messageDirections = ['inbound', 'outbound'] as const
/** customer: the contact; owner: the business owner chatting with fabio; human: someone typing on the business phone; agent: fabio. */
export const messageAuthors = ['customer', 'owner', 'human', 'agent'] as const

export const conversationMessageSchema = z.object({
  tenant_id: z.string(),
  /** `wa:<instance>:<whatsapp id>` for messages WhatsApp knows, so a redelivery is the same message. */
  message_id: z.string(),
  contact_id: z.string(),
  direction: z.enum(messageDirections),
  author: z.enum(messageAuthors),
  wa_message_id: z.string().nullable(),
  kind: z.string(),
  text: z.string().nullable(),
  /** WhatsApp delivery status of our messages: PENDING, SERVER_ACK, DELIVERY_ACK, READ, PLAYED, ERROR. */
  status: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
})
export type ConversationMessage = z.infer<typeof conversationMessageSchema>

export const isPaused = (conversation: Conversation | null, now: Date): boolean =>
  conversation?.paused_until != null && Date.parse(conversation.paused_until) > now.getTime()

const statusRank: Record<string, number> = { ERROR: 0, PENDING: 1, SERVER_ACK: 2, DELIVERY_ACK: 3, READ: 4, PLAYED: 5, DELETED: 6 }

/** Receipts arrive out of order (Evolution does not await them): a status only moves forward. */
export const isStatusAdvance = (current: string | null, next: string): boolean =>
  current === null || (statusRank[next] ?? 0) > (statusRank[current] ?? 0)
