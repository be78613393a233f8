import { createHash } from 'node:crypto'
import type { InboundMessage } from '../channels/evolution/inbound/index.js'
import type { WhatsappInstanceStore } from '../channels/evolution/instance/index.js'
import type { EvolutionClient } from '../channels/evolution/outbound/index.js'
import { evolutionConnectionFromConfig, splitReplyText } from '../channels/evolution/outbound/index.js'
import type { Customer, CustomerService } from '../domains/customers/index.js'
import type { ClaimedBatch, EventLogStore, TaskQueueStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import { randomIdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import { parseWhatsappJid } from '../shared/phone-number.js'
import type { TenantConfig, TenantService } from '../tenants/index.js'
import { isPaused, type Conversation } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'
import type { Handoff } from './handoff.js'
import { fromInboundTaskPayload, sendTaskKind, type SendTaskPayload } from './inbound-task.js'
import type { TurnReply, TurnResponder, TurnRole } from './turn-responder.js'
import { labelImage, labelVoiceNote, type MediaUnderstanding } from '../agent/media-understanding.js'

/**
 * Domains that react to a contact writing (the CRM keeps leads and cancels follow-ups, detects
 * opt-outs). Runs for every message the contact wrote, answered or not; `skipTurn` stops the
 * automatic answer (with an optional reply of its own).
 */
export type ContactMessageObserver = (input: {
  tenantId: string
  config: TenantConfig
  contact: Customer
  role: TurnRole
  texts: string[]
  at: Date
}) => Promise<{ skipTurn?: boolean; reply?: string; reason?: string } | undefined>

export interface HandleInboundMessageDependencies {
  observers?: ContactMessageObserver[]
  tenants: TenantService
  customers: CustomerService
  conversations: ConversationStore
  instances: WhatsappInstanceStore
  events: EventLogStore
  queue: TaskQueueStore
  handoff: Handoff
  responder: TurnResponder
  /** Voice notes transcribed, images described (absent: they enter the turn as placeholders). */
  media?: MediaUnderstanding
  evolution: EvolutionClient
  clock: Clock
  logger: Logger
  notifyWorker: () => void
  /**
   * LGPD fence: true when a message about the contact sent at `at` predates their erasure (a task
   * queued before it). Such messages are not recorded again; later ones are new data.
   */
  isErased?: (input: { tenantId: string; contactId: string; at: Date }) => Promise<boolean>
}

type Item = { taskId: string; message: InboundMessage }

const authorOf = (message: InboundMessage, role: TurnRole) =>
  message.event === 'send.message' ? 'agent' : message.fromMe ? 'human' : role

/** What the inbox shows of a turn's tools (see message-tool-calls.ts). */
const toolCallsOf = (reply: TurnReply) => (reply.toolCalls ?? []).map((call) => ({ name: call.name, ok: call.ok }))

const isCustomerTurn = (message: InboundMessage) => message.event === 'messages.upsert' && !message.fromMe

/**
 * The recipe for one inbound message, or one debounced burst from one contact: record it, let a
 * human takeover pause the bot, apply the policy (groups, stale catch-up, paused, agent mode),
 * get the answer from the responder, and queue the replies.
 */
export const createHandleInboundMessage = (deps: HandleInboundMessageDependencies) => {
  const { clock } = deps

  const record = (tenantId: string, contactId: string, type: string, data: Record<string, unknown>, eventId = randomIdGenerator.next('evt')) =>
    deps.events.append({ event: { tenant_id: tenantId, event_id: eventId, type, contact_id: contactId, data, occurred_at: clock.now().toISOString() } })

  const roleOf = (config: TenantConfig, contact: Customer): TurnRole =>
    contact.phone !== null && config.owner_numbers.includes(contact.phone) ? 'owner' : 'customer'

  const recordMessages = async (tenantId: string, contactId: string, items: Item[], role: TurnRole): Promise<Conversation> => {
    const now = clock.now().toISOString()
    const recordedAt = clock.now().getTime()
    let newFromContact = 0
    for (const [index, { message }] of items.entries()) {
      const { created } = await deps.conversations.appendMessage({
        message: {
          tenant_id: tenantId,
          message_id: `wa:${message.instance}:${message.messageId}`,
          contact_id: contactId,
          direction: message.fromMe ? 'outbound' : 'inbound',
          author: authorOf(message, role),
          wa_message_id: message.messageId,
          kind: message.kind,
          text: message.text,
          status: message.fromMe ? message.status : null,
          // Arrival order (WhatsApp timestamps have one-second resolution): a burst keeps its order.
          created_at: new Date(recordedAt + index).toISOString(),
          updated_at: now,
        },
      })
      if (created && !message.fromMe) newFromContact += 1
    }
    const last = items.at(-1)?.message as InboundMessage
    const current = await deps.conversations.getConversation({ tenantId, contactId })
    return deps.conversations.saveConversation({
      conversation: {
        tenant_id: tenantId,
        contact_id: contactId,
        instance: last.instance,
        reply_jid: last.chatKind === 'group' ? last.chatJid : last.replyJid,
        paused_until: current?.paused_until ?? null,
        pause_reason: current?.pause_reason ?? null,
        unread_count: (current?.unread_count ?? 0) + newFromContact,
        // A message from the contact proves the number is on WhatsApp after all.
        not_on_whatsapp: newFromContact > 0 ? false : (current?.not_on_whatsapp ?? false),
        auto_reply_sent_at: current?.auto_reply_sent_at ?? null,
        draft_reply: current?.draft_reply ?? null,
        last_message_at: now,
        created_at: current?.created_at ?? now,
        updated_at: now,
      },
    })
  }

  const noteInstanceActivity = async (tenantId: string, instance: string) => {
    const state = await deps.instances.get({ tenantId, instance })
    if (state) await deps.instances.save({ instance: { ...state, last_inbound_at: clock.now().toISOString(), silent_since: null } })
  }

  /** In an allowed group the bot answers only when mentioned (by phone JID) or replied to. */
  const isAddressedInGroup = async (tenantId: string, message: InboundMessage): Promise<boolean> => {
    const own = (await deps.instances.get({ tenantId, instance: message.instance }))?.wuid
    const ownPhone = own ? parseWhatsappJid(own)?.phone : null
    if (ownPhone && message.mentionedJids.some((jid) => parseWhatsappJid(jid)?.phone === ownPhone)) return true
    if (!message.quotedMessageId) return false
    const quoted = await deps.conversations.getMessageByWaId({ tenantId, waMessageId: message.quotedMessageId })
    return quoted?.direction === 'outbound'
  }

  /** Why this burst gets no automatic answer, or null to answer it. */
  const reasonNotToAnswer = async (tenantId: string, config: TenantConfig, conversation: Conversation, fresh: Item[], all: Item[]) => {
    if (fresh.length === 0) return all.some(({ message }) => isCustomerTurn(message)) ? 'stale catch-up' : 'nothing to answer'
    const first = fresh[0]?.message as InboundMessage
    if (first.chatKind === 'group' && !(await isAddressedInGroup(tenantId, first))) return 'group message not addressed to the bot'
    if (isPaused(conversation, clock.now())) return 'paused for a human'
    return null
  }

  const queueReplies = async (tenantId: string, contactId: string, conversation: Conversation, firstTaskId: string, replies: string[], bypassPause = false) => {
    const parts = replies.flatMap((reply) => splitReplyText(reply))
    for (const [index, text] of parts.entries()) {
      const payload: SendTaskPayload = { contact_id: contactId, instance: conversation.instance, reply_jid: conversation.reply_jid, text, bypass_pause: bypassPause }
      await deps.queue.enqueue({
        now: clock.now(),
        task: {
          tenant_id: tenantId,
          task_id: `out_${createHash('sha256').update(`${firstTaskId}\u0000${index}`).digest('hex').slice(0, 32)}`,
          kind: sendTaskKind,
          queue_key: `send:${conversation.instance}:${conversation.reply_jid}`,
          payload: payload as unknown as Record<string, unknown>,
          run_at: clock.now(),
        },
      })
    }
    if (parts.length > 0) deps.notifyWorker()
    return parts.length
  }

  /** The media file: inline when Evolution sent webhookBase64, else downloaded from Evolution. */
  const mediaBytes = async (config: TenantConfig, message: InboundMessage): Promise<Buffer | null> => {
    if (message.media?.base64) return Buffer.from(message.media.base64, 'base64')
    try {
      const connection = { ...evolutionConnectionFromConfig(config.evolution), instance: message.instance }
      return Buffer.from((await deps.evolution.getBase64FromMediaMessage(connection, { message: message.raw })).base64, 'base64')
    } catch (error) {
      deps.logger.warn({ err: error }, 'media download failed')
      return null
    }
  }

  /** What one message says, as text for the turn: voice notes transcribed, images described. */
  const turnTextOf = async (tenantId: string, config: TenantConfig, message: InboundMessage): Promise<string> => {
    const mimetype = message.media?.mimetype ?? ''
    if (message.kind === 'audio' && deps.media) {
      const audio = await mediaBytes(config, message)
      const transcript = audio ? await deps.media.transcribe({ tenantId, config, audio, mimetype: mimetype || 'audio/ogg; codecs=opus' }) : null
      return transcript ? labelVoiceNote(transcript) : '[mensagem de voz que não consegui ouvir]'
    }
    if (message.kind === 'image' && deps.media) {
      const image = await mediaBytes(config, message)
      const description = image ? await deps.media.describeImage({ tenantId, config, image, mimetype: mimetype || 'image/jpeg', caption: message.text }) : null
      return description ? labelImage(description, message.text) : (message.text ?? '[imagem]')
    }
    return message.text ?? `[${message.kind}]`
  }

  const markRead = async (config: TenantConfig, items: Item[], contact: Customer) => {
    try {
      const connection = evolutionConnectionFromConfig(config.evolution)
      // Evolution drops @lid keys when marking read: use the phone JID.
      const remoteJid = contact.phone ? `${contact.phone}@s.whatsapp.net` : (items[0]?.message.replyJid as string)
      await deps.evolution.markMessageAsRead(connection, {
        messages: items.map(({ message }) => ({ remoteJid: message.chatKind === 'group' ? message.chatJid : remoteJid, fromMe: false, id: message.messageId })),
      })
    } catch (error) {
      deps.logger.debug({ err: error }, 'marking messages as read failed')
    }
  }

  /** The items sent after the contact's erasure, if any (see `isErased`). */
  const afterErasure = async (tenantId: string, contactId: string, items: Item[]): Promise<Item[]> => {
    if (!deps.isErased) return items
    const kept: Item[] = []
    for (const item of items) if (!(await deps.isErased({ tenantId, contactId, at: item.message.timestamp }))) kept.push(item)
    return kept
  }

  return async (batch: ClaimedBatch): Promise<void> => {
    const tenantId = batch.tenantId
    const contactId = fromInboundTaskPayload(batch.tasks[0]?.payload ?? {}).contactId
    const items: Item[] = await afterErasure(
      tenantId,
      contactId,
      batch.tasks.map((task) => ({ taskId: task.task_id, ...fromInboundTaskPayload(task.payload) })),
    )
    if (items.length === 0) return
    const contact = await deps.customers.getCustomer({ tenantId, customerId: contactId })
    if (!contact) return
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const role = roleOf(config, contact)
    let conversation = await recordMessages(tenantId, contactId, items, role)
    // Erased while recording (the check above came first): erase what was just written too.
    if ((await afterErasure(tenantId, contactId, items)).length < items.length) {
      await deps.conversations.eraseContact({ tenantId, contactId })
      return
    }
    await noteInstanceActivity(tenantId, items[0]?.message.instance as string)

    const typedByHuman = items.some(({ message }) => message.event === 'messages.upsert' && message.fromMe)
    if (typedByHuman && config.conversation.handoff_pause_minutes > 0) {
      conversation = (await deps.handoff.pause({ tenantId, contactId, minutes: config.conversation.handoff_pause_minutes, reason: 'human_reply' })) ?? conversation
    }

    const customerItems = items.filter(({ message }) => isCustomerTurn(message))
    let observed: { skipTurn?: boolean; reply?: string; reason?: string } | undefined
    if (customerItems.length > 0) {
      for (const observer of deps.observers ?? []) {
        const texts = customerItems.map(({ message }) => message.text ?? '').filter(Boolean)
        observed = (await observer({ tenantId, config, contact, role, texts, at: clock.now() })) ?? observed
      }
    }
    const oldest = clock.now().getTime() - config.conversation.max_catch_up_age_minutes * 60_000
    const fresh = customerItems.filter(({ message }) => message.timestamp.getTime() >= oldest)
    const firstTaskId = (fresh[0] ?? items[0])?.taskId as string
    if (observed?.skipTurn) {
      if (observed.reply && !isPaused(conversation, clock.now())) await queueReplies(tenantId, contactId, conversation, firstTaskId, [observed.reply])
      await record(tenantId, contactId, 'turn.skipped', { reason: observed.reason ?? 'handled by a domain' }, `${firstTaskId}:turn`)
      return
    }
    const reason = await reasonNotToAnswer(tenantId, config, conversation, fresh, items)
    if (reason) {
      if (customerItems.length > 0) await record(tenantId, contactId, 'turn.skipped', { reason, messages: customerItems.length }, `${firstTaskId}:turn`)
      return
    }

    const mode = role === 'owner' ? 'auto' : config.conversation.customer_agent_mode
    if (mode === 'off') {
      if (config.conversation.auto_reply_text && !conversation.auto_reply_sent_at) {
        await queueReplies(tenantId, contactId, conversation, firstTaskId, [config.conversation.auto_reply_text])
        await deps.conversations.saveConversation({ conversation: { ...conversation, auto_reply_sent_at: clock.now().toISOString() } })
      }
      await record(tenantId, contactId, 'turn.skipped', { reason: 'agent off' }, `${firstTaskId}:turn`)
      return
    }

    const text = (await Promise.all(fresh.map(({ message }) => turnTextOf(tenantId, config, message)))).join('\n')
    const reply = await deps.responder.respond({ tenantId, config, contact, role, text, messageIds: fresh.map(({ message }) => message.messageId) })
    if (mode === 'suggest') {
      const draft = reply.replies.join('\n\n')
      await deps.conversations.saveConversation({ conversation: { ...conversation, draft_reply: draft, updated_at: clock.now().toISOString() } })
      await record(tenantId, contactId, 'reply.drafted', { replies: reply.replies, tool_calls: toolCallsOf(reply) }, `${firstTaskId}:turn`)
      return
    }
    // Logged before the replies are queued: the inbox puts the tool calls on the first reply stored after it.
    const parts = reply.replies.flatMap((text) => splitReplyText(text)).length
    await record(tenantId, contactId, 'turn.completed', { role, messages: fresh.length, replies: parts, tool_calls: toolCallsOf(reply) }, `${firstTaskId}:turn`)
    await queueReplies(tenantId, contactId, conversation, firstTaskId, reply.replies, reply.deliverWhilePaused)
    await markRead(config, fresh, contact)
  }
}
