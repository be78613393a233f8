import { randomIdGenerator } from '../shared/ids.js'
import { isAppError } from '../shared/app-error.js'
import { evolutionConnectionFromConfig, type EvolutionClient } from '../channels/evolution/outbound/index.js'
import type { ClaimedBatch, EventLogStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { TenantService } from '../tenants/index.js'
import { isPaused } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'
import type { SendTaskPayload } from './inbound-task.js'
import type { SendPacer } from './send-pacer.js'

export interface SendReplyDependencies {
  tenants: TenantService
  conversations: ConversationStore
  events: EventLogStore
  evolution: EvolutionClient
  pacer: SendPacer
  clock: Clock
  logger: Logger
  /**
   * LGPD fence: true when a reply queued at `at` predates the contact's erasure. It was drafted
   * from erased content, so it is neither sent nor recorded.
   */
  isErased?: (input: { tenantId: string; contactId: string; at: Date }) => Promise<boolean>
}

/** Typing presence for about as long as a person would take, capped. */
const typingMs = (text: string) => Math.min(3_000, 600 + text.length * 25)

/**
 * Sends one queued reply through Evolution. The handoff state is re-checked right before the
 * send: a human who took over in the meantime wins.
 */
export const createSendReply = (deps: SendReplyDependencies) => {
  const { clock } = deps

  const record = (tenantId: string, contactId: string, type: string, data: Record<string, unknown>, eventId = randomIdGenerator.next('evt')) =>
    deps.events.append({
      event: { tenant_id: tenantId, event_id: eventId, type, contact_id: contactId, data, occurred_at: clock.now().toISOString() },
    })

  const sendOne = async (tenantId: string, taskId: string, payload: SendTaskPayload) => {
    const conversation = await deps.conversations.getConversation({ tenantId, contactId: payload.contact_id })
    if (!payload.bypass_pause && isPaused(conversation, clock.now())) {
      await record(tenantId, payload.contact_id, 'message.suppressed', { reason: 'handoff', task_id: taskId }, `${taskId}:suppressed`)
      return
    }
    if (conversation?.not_on_whatsapp) {
      await record(tenantId, payload.contact_id, 'message.suppressed', { reason: 'not_on_whatsapp', task_id: taskId }, `${taskId}:suppressed`)
      return
    }
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const connection = { ...evolutionConnectionFromConfig(config.evolution), instance: payload.instance }
    await deps.pacer.wait(`${tenantId}:${payload.instance}`, config.evolution.min_send_gap_ms)
    try {
      await deps.evolution.sendPresence(connection, { number: payload.reply_jid, presence: 'composing', delayMs: typingMs(payload.text) })
    } catch (error) {
      deps.logger.debug({ err: error, tenant_id: tenantId }, 'typing presence failed; sending anyway')
    }
    try {
      const sent = await deps.evolution.sendText(connection, { number: payload.reply_jid, text: payload.text })
      const now = clock.now().toISOString()
      await deps.conversations.appendMessage({
        message: {
          tenant_id: tenantId,
          message_id: `wa:${payload.instance}:${sent.messageId}`,
          contact_id: payload.contact_id,
          direction: 'outbound',
          author: payload.bypass_pause ? 'human' : 'agent',
          wa_message_id: sent.messageId,
          kind: 'text',
          text: payload.text,
          status: sent.status,
          created_at: now,
          updated_at: now,
        },
      })
      await record(tenantId, payload.contact_id, 'message.sent', { task_id: taskId, wa_message_id: sent.messageId }, `${taskId}:sent`)
    } catch (error) {
      if (isAppError(error) && error.code === 'EVOLUTION_NUMBER_NOT_ON_WHATSAPP' && conversation) {
        await deps.conversations.saveConversation({ conversation: { ...conversation, not_on_whatsapp: true, updated_at: clock.now().toISOString() } })
      }
      await record(tenantId, payload.contact_id, 'message.send_failed', {
        task_id: taskId,
        code: isAppError(error) ? error.code : 'INTERNAL_ERROR',
        message: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
  }

  return async (batch: ClaimedBatch): Promise<void> => {
    for (const task of batch.tasks) {
      const payload = task.payload as unknown as SendTaskPayload
      if (await deps.isErased?.({ tenantId: batch.tenantId, contactId: payload.contact_id, at: new Date(task.created_at) })) {
        deps.logger.info({ tenant_id: batch.tenantId, task_id: task.task_id }, 'reply dropped: the contact was erased after it was queued')
        continue
      }
      await sendOne(batch.tenantId, task.task_id, payload)
    }
  }
}
