import { createHash } from 'node:crypto'
import type { CustomerService } from '../domains/customers/index.js'
import type { TaskQueueStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import { phoneToWhatsappJid } from '../shared/phone-number.js'
import type { TenantService } from '../tenants/index.js'
import type { ConversationStore } from './conversation-store.js'
import { sendTaskKind, type SendTaskPayload } from './inbound-task.js'

export interface ContactMessage {
  tenantId: string
  customerId: string
  text: string
  /** The same key never sends twice (a reminder, a follow-up, a notice). */
  dedupeKey: string
  /** Automated messages (reminders, follow-ups, campaigns) are never sent to contacts who opted out. */
  automated: boolean
  /** Deliver even while a human has the conversation (notices to the owner). */
  bypassPause?: boolean
}

export type SendOutcome = 'queued' | 'duplicate' | 'opted_out' | 'no_whatsapp_route'

/**
 * Sends a message fabio starts (not a reply) through the same queue as replies: in the chat's
 * order, paced, re-checking the handoff before sending. Where the contact never wrote, the route
 * is the tenant's instance and the contact's phone JID.
 */
export const createContactMessenger = (deps: {
  tenants: TenantService
  customers: CustomerService
  conversations: ConversationStore
  queue: TaskQueueStore
  clock: Clock
  notifyWorker: () => void
  isOptedOut?: (tenantId: string, customerId: string) => Promise<boolean>
}) => ({
  send: async (message: ContactMessage): Promise<SendOutcome> => {
    if (message.automated && (await deps.isOptedOut?.(message.tenantId, message.customerId))) return 'opted_out'
    const conversation = await deps.conversations.getConversation({ tenantId: message.tenantId, contactId: message.customerId })
    let route = conversation?.instance ? { instance: conversation.instance, replyJid: conversation.reply_jid } : null
    if (!route) {
      const [config, customer] = await Promise.all([
        deps.tenants.getRuntimeConfig(message.tenantId),
        deps.customers.getCustomer({ tenantId: message.tenantId, customerId: message.customerId }),
      ])
      if (!config.evolution.instance || !customer?.phone) return 'no_whatsapp_route'
      route = { instance: config.evolution.instance, replyJid: phoneToWhatsappJid(customer.phone) }
    }
    const payload: SendTaskPayload = { contact_id: message.customerId, instance: route.instance, reply_jid: route.replyJid, text: message.text, bypass_pause: message.bypassPause ?? false }
    const now = deps.clock.now()
    const { created } = await deps.queue.enqueue({
      now,
      task: {
        tenant_id: message.tenantId,
        task_id: `msg_${createHash('sha256').update(`${message.tenantId}\u0000${message.dedupeKey}`).digest('hex').slice(0, 32)}`,
        kind: sendTaskKind,
        queue_key: `send:${route.instance}:${route.replyJid}`,
        payload: payload as unknown as Record<string, unknown>,
        run_at: now,
      },
    })
    if (created) deps.notifyWorker()
    return created ? 'queued' : 'duplicate'
  },
})

export type ContactMessenger = ReturnType<typeof createContactMessenger>
