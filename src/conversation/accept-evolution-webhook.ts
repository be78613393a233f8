import { createHash } from 'node:crypto'
import {
  normaliseEvolutionWebhook,
  type ConnectionUpdate,
  type InboundMessage,
  type StatusUpdate,
} from '../channels/evolution/inbound/index.js'
import { emptyWhatsappInstance, type WhatsappInstanceStore } from '../channels/evolution/instance/index.js'
import type { CustomerService } from '../domains/customers/index.js'
import type { EventLogStore, TaskQueueStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { TenantConfig } from '../tenants/index.js'
import type { ConversationStore } from './conversation-store.js'
import { inboundTaskId, inboundTaskKind, toInboundTaskPayload } from './inbound-task.js'

export interface WebhookAcceptance {
  status: 'accepted' | 'duplicate' | 'ignored'
  reason?: string
}

export interface AcceptEvolutionWebhookDependencies {
  customers: CustomerService
  queue: TaskQueueStore
  events: EventLogStore
  conversations: ConversationStore
  instances: WhatsappInstanceStore
  clock: Clock
  /** Wakes the worker: the task is due now or after the debounce. */
  notifyWorker: () => void
}

const hashId = (prefix: string, ...parts: string[]) =>
  `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`

/**
 * Everything that must be durable before Evolution gets its 2xx: the message as a task (its id
 * is the dedupe key), its `message.received` event, status receipts and connection state.
 * The answer itself happens later, in the worker.
 */
export const createAcceptEvolutionWebhook = (deps: AcceptEvolutionWebhookDependencies) => {
  const { clock } = deps

  const acceptMessage = async (tenantId: string, config: TenantConfig, message: InboundMessage): Promise<WebhookAcceptance> => {
    // A webhook from another instance (a global webhook shared with another app) is not this tenant's.
    if (config.evolution.instance && message.instance !== config.evolution.instance) {
      return { status: 'ignored', reason: 'instance not configured for this tenant' }
    }
    if (message.chatKind === 'broadcast' || message.chatKind === 'newsletter' || message.chatKind === 'other') {
      return { status: 'ignored', reason: `${message.chatKind} chat` }
    }
    // Groups: only when groups are not ignored, or this one is on the allowlist (and then only when mentioned).
    const groupAllowed = !config.conversation.ignore_groups || config.conversation.allowed_groups.includes(message.chatJid)
    if (message.chatKind === 'group' && !groupAllowed) return { status: 'ignored', reason: 'group not allowed' }
    if (message.contactJids.length === 0) return { status: 'ignored', reason: 'no contact id' }
    const { customer } = await deps.customers.resolveWhatsappContact({
      tenantId,
      jids: message.contactJids,
      // On our own messages pushName is the business's name, not the contact's.
      pushName: message.fromMe ? null : message.pushName,
    })
    const now = clock.now()
    const taskId = inboundTaskId(message)
    // A customer's burst is debounced; human takeover and our own echoes are recorded at once.
    const debounce = message.event === 'messages.upsert' && !message.fromMe
    // The task and its event are independent writes: both durable before the 2xx, side by side.
    const [{ created }] = await Promise.all([
      deps.queue.enqueue({
        now,
        task: {
          tenant_id: tenantId,
          task_id: taskId,
          kind: inboundTaskKind,
          queue_key: message.chatKind === 'group' ? `chat:${message.chatJid}` : `contact:${customer.customer_id}`,
          coalesce: debounce,
          payload: toInboundTaskPayload(customer.customer_id, message) as unknown as Record<string, unknown>,
          run_at: new Date(now.getTime() + (debounce ? config.conversation.debounce_ms : 0)),
        },
      }),
      deps.events.append({
        event: {
          tenant_id: tenantId,
          event_id: taskId,
          type: message.event === 'send.message' ? 'message.echoed' : message.fromMe ? 'message.typed_by_human' : 'message.received',
          contact_id: customer.customer_id,
          data: { instance: message.instance, wa_message_id: message.messageId, kind: message.kind, chat_kind: message.chatKind },
          occurred_at: now.toISOString(),
        },
      }),
    ])
    // A debounced message is not due yet: the worker's poll picks it up when the burst is quiet.
    if (!debounce) deps.notifyWorker()
    return created ? { status: 'accepted' } : { status: 'duplicate' }
  }

  const acceptStatus = async (tenantId: string, status: StatusUpdate): Promise<WebhookAcceptance> => {
    for (const update of status.updates) {
      await deps.conversations.updateMessageStatus({ tenantId, waMessageId: update.messageId, status: update.status, at: update.at ?? clock.now() })
    }
    return { status: 'accepted' }
  }

  const acceptConnection = async (tenantId: string, update: ConnectionUpdate): Promise<WebhookAcceptance> => {
    const now = clock.now()
    const current = (await deps.instances.get({ tenantId, instance: update.instance })) ?? emptyWhatsappInstance(tenantId, update.instance, now)
    const next = {
      ...current,
      state: update.kind === 'qrcode' ? 'connecting' : (update.state ?? current.state),
      status_reason: update.statusReason ?? current.status_reason,
      wuid: update.wuid ?? current.wuid,
      profile_name: update.profileName ?? current.profile_name,
      qr_code: update.kind === 'qrcode' && update.qrCode ? { code: update.qrCode.code, base64: update.qrCode.base64, pairing_code: update.qrCode.pairingCode } : update.state === 'open' ? null : current.qr_code,
      last_event_at: now.toISOString(),
      updated_at: now.toISOString(),
    }
    await deps.instances.save({ instance: next })
    await deps.events.append({
      event: {
        tenant_id: tenantId,
        event_id: hashId('evt', update.instance, update.kind, String(update.state), String(update.at?.toISOString()), update.qrCode?.code ?? ''),
        type: update.kind === 'qrcode' ? 'instance.qrcode_updated' : 'instance.connection_updated',
        contact_id: null,
        data: { instance: update.instance, state: next.state, status_reason: next.status_reason },
        occurred_at: now.toISOString(),
      },
    })
    return { status: 'accepted' }
  }

  /** `config` is the tenant's runtime config, already read by the caller that authenticated the webhook. */
  return async (input: { tenantId: string; config: TenantConfig; body: unknown; eventSuffix?: string }): Promise<WebhookAcceptance> => {
    const normalised = normaliseEvolutionWebhook(input.body, { eventSuffix: input.eventSuffix, receivedAt: clock.now() })
    switch (normalised.type) {
      case 'message':
        return acceptMessage(input.tenantId, input.config, normalised.message)
      case 'status':
        return acceptStatus(input.tenantId, normalised.status)
      case 'connection':
        return acceptConnection(input.tenantId, normalised.connection)
      case 'ignored':
        return { status: 'ignored', reason: normalised.reason }
    }
  }
}

export type AcceptEvolutionWebhook = ReturnType<typeof createAcceptEvolutionWebhook>
