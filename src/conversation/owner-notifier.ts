import { createHash } from 'node:crypto'
import type { CustomerService } from '../domains/customers/index.js'
import type { EventLogStore, TaskQueueStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { TenantService } from '../tenants/index.js'
import type { ConversationStore } from './conversation-store.js'
import { sendTaskKind, type SendTaskPayload } from './inbound-task.js'

/**
 * Tells the business owner something once (the LLM is failing, the budget ran out): an event
 * with a deterministic id, and a WhatsApp message to the first owner number when the owner has
 * a conversation with the instance. The same `key` never notifies twice.
 */
export const createOwnerNotifier = (deps: {
  tenants: TenantService
  customers: CustomerService
  conversations: ConversationStore
  queue: TaskQueueStore
  events: EventLogStore
  clock: Clock
  notifyWorker: () => void
}) => ({
  notify: async (tenantId: string, key: string, text: string): Promise<void> => {
    const id = `notice_${createHash('sha256').update(`${tenantId}\u0000${key}`).digest('hex').slice(0, 32)}`
    const { created } = await deps.events.append({
      event: { tenant_id: tenantId, event_id: id, type: 'owner.notified', contact_id: null, data: { key, text }, occurred_at: deps.clock.now().toISOString() },
    })
    if (!created) return
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const ownerPhone = config.owner_numbers[0]
    const owner = ownerPhone ? await deps.customers.findByPhone({ tenantId, phone: ownerPhone }) : null
    const conversation = owner ? await deps.conversations.getConversation({ tenantId, contactId: owner.customer_id }) : null
    if (!owner || !conversation) return
    const payload: SendTaskPayload = { contact_id: owner.customer_id, instance: conversation.instance, reply_jid: conversation.reply_jid, text, bypass_pause: true }
    await deps.queue.enqueue({
      now: deps.clock.now(),
      task: {
        tenant_id: tenantId,
        task_id: id,
        kind: sendTaskKind,
        queue_key: `send:${conversation.instance}:${conversation.reply_jid}`,
        payload: payload as unknown as Record<string, unknown>,
        run_at: deps.clock.now(),
      },
    })
    deps.notifyWorker()
  },
})

export type OwnerNotifier = ReturnType<typeof createOwnerNotifier>
