import { z } from 'zod'
import type { MediaUnderstanding } from '../agent/media-understanding.js'
import { labelImage, labelVoiceNote } from '../agent/media-understanding.js'
import type { CustomerService } from '../domains/customers/index.js'
import type { ConfirmationService } from '../orchestration/confirmations/index.js'
import type { EventLogStore } from '../orchestration/index.js'
import { AppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import { normalizePhoneNumber, phoneToWhatsappJid } from '../shared/phone-number.js'
import type { TenantService } from '../tenants/index.js'
import type { ConversationStore } from './conversation-store.js'
import { turnCompletedEvent } from './message-tool-calls.js'
import type { TurnResponder } from './turn-responder.js'

const attachmentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('image'), mimetype: z.string().regex(/^image\//), base64: z.string().min(1), caption: z.string().max(2000).optional() }),
  z.strictObject({ type: z.literal('text'), name: z.string().max(200), content: z.string().max(200_000) }),
])

export const chatRequestSchema = z
  .strictObject({
    as: z.enum(['owner', 'customer']),
    from: z.string().min(8).max(40).optional(),
    text: z.string().max(8000).default(''),
    audio_base64: z.string().optional(),
    audio_mimetype: z.string().default('audio/ogg; codecs=opus'),
    attachments: z.array(attachmentSchema).max(5).default([]),
  })
  .refine((body) => body.text.trim() || body.audio_base64 || body.attachments.length > 0, 'send text, audio_base64 or attachments')

export type ChatRequest = z.infer<typeof chatRequestSchema>

export interface ChatTurnResult {
  replies: string[]
  tool_calls: Array<{ name: string; ok: boolean }>
  confirmation?: { confirmation_id: string; summary: string; expires_at: string }
}

const textFileExcerptChars = 4000

/**
 * One turn of the same agent without Evolution: the owner's "01 Chat IA" and the customer
 * simulator. It shares the contact's conversation (memory) and confirmations with WhatsApp.
 */
export const createRunChatTurn = (deps: {
  tenants: TenantService
  customers: CustomerService
  conversations: ConversationStore
  confirmations: ConfirmationService
  responder: TurnResponder
  media: MediaUnderstanding
  clock: Clock
  ids: IdGenerator
  /** When given, each turn logs `turn.completed` with its tool calls, as WhatsApp turns do (the inbox shows them). */
  events?: EventLogStore
}) => {
  const contactFor = async (tenantId: string, request: ChatRequest, ownerNumbers: string[]) => {
    const phone = request.from ? normalizePhoneNumber(request.from) : request.as === 'owner' ? (ownerNumbers[0] ?? null) : null
    if (!phone) {
      throw new AppError(
        'HTTP_VALIDATION_FAILED',
        request.as === 'owner' ? 'set owner_numbers in the tenant config, or send "from"' : 'send "from": the phone number of the simulated customer',
      )
    }
    return (await deps.customers.resolveWhatsappContact({ tenantId, jids: [phoneToWhatsappJid(phone)] })).customer
  }

  const record = async (tenantId: string, contactId: string, direction: 'inbound' | 'outbound', author: 'owner' | 'customer' | 'agent', text: string) => {
    const now = deps.clock.now().toISOString()
    await deps.conversations.appendMessage({
      message: { tenant_id: tenantId, message_id: deps.ids.next('chat'), contact_id: contactId, direction, author, wa_message_id: null, kind: 'text', text, status: null, created_at: now, updated_at: now },
    })
  }

  /** The contact's conversation, so handoff and the inbox work for chats started here too. */
  const ensureConversation = async (tenantId: string, contactId: string, phone: string, instance: string) => {
    if (await deps.conversations.getConversation({ tenantId, contactId })) return
    const now = deps.clock.now().toISOString()
    await deps.conversations.saveConversation({
      conversation: {
        tenant_id: tenantId,
        contact_id: contactId,
        instance,
        reply_jid: phoneToWhatsappJid(phone),
        paused_until: null,
        pause_reason: null,
        unread_count: 0,
        not_on_whatsapp: false,
        auto_reply_sent_at: null,
        draft_reply: null,
        last_message_at: now,
        created_at: now,
        updated_at: now,
      },
    })
  }

  return async (tenantId: string, request: ChatRequest): Promise<ChatTurnResult> => {
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const contact = await contactFor(tenantId, request, config.owner_numbers)
    const parts: string[] = []
    if (request.audio_base64) {
      const transcript = await deps.media.transcribe({ tenantId, config, audio: Buffer.from(request.audio_base64, 'base64'), mimetype: request.audio_mimetype })
      parts.push(transcript ? labelVoiceNote(transcript) : '[mensagem de voz que não consegui ouvir]')
    }
    if (request.text.trim()) parts.push(request.text.trim())
    for (const attachment of request.attachments) {
      if (attachment.type === 'text') {
        parts.push(`[arquivo ${attachment.name}]\n${attachment.content.slice(0, textFileExcerptChars)}`)
      } else {
        const description = await deps.media.describeImage({ tenantId, config, image: Buffer.from(attachment.base64, 'base64'), mimetype: attachment.mimetype, caption: attachment.caption ?? null })
        parts.push(description ? labelImage(description, attachment.caption ?? null) : (attachment.caption ?? '[imagem]'))
      }
    }
    const text = parts.join('\n')
    await ensureConversation(tenantId, contact.customer_id, contact.phone as string, config.evolution.instance ?? '')
    await record(tenantId, contact.customer_id, 'inbound', request.as, text)
    const reply = await deps.responder.respond({ tenantId, config, contact, role: request.as, text, messageIds: [deps.ids.next('chatmsg')] })
    const toolCalls = (reply.toolCalls ?? []).map((call) => ({ name: call.name, ok: call.ok }))
    // Logged before the replies are stored: the inbox puts these calls on the first reply after it.
    await deps.events?.append({
      event: {
        tenant_id: tenantId,
        event_id: deps.ids.next('evt'),
        type: turnCompletedEvent,
        contact_id: contact.customer_id,
        data: { role: request.as, messages: 1, replies: reply.replies.length, tool_calls: toolCalls, channel: 'chat' },
        occurred_at: deps.clock.now().toISOString(),
      },
    })
    for (const line of reply.replies) await record(tenantId, contact.customer_id, 'outbound', 'agent', line)
    const pending = request.as === 'owner' ? (await deps.confirmations.list({ tenantId, status: 'pending', contactId: contact.customer_id, limit: 1 })).items[0] : undefined
    return {
      replies: reply.replies,
      tool_calls: toolCalls,
      ...(pending ? { confirmation: { confirmation_id: pending.confirmation_id, summary: pending.summary, expires_at: pending.expires_at } } : {}),
    }
  }
}

export type RunChatTurn = ReturnType<typeof createRunChatTurn>
