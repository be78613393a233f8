import { randomUUID } from 'node:crypto'
import type { TaskQueueStore } from '../orchestration/index.js'
import { AppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import type { ConversationStore } from './conversation-store.js'
import { sendTaskKind, type SendTaskPayload } from './inbound-task.js'

/**
 * A person replies from the inbox (a suggested draft as is, or edited): queued like any reply,
 * in the chat's order, delivered even while the bot is paused, and the draft is cleared.
 */
export const createSendHumanReply = (deps: { conversations: ConversationStore; queue: TaskQueueStore; clock: Clock; notifyWorker: () => void }) =>
  async (input: { tenantId: string; contactId: string; text: string }): Promise<{ task_id: string }> => {
    const conversation = await deps.conversations.getConversation({ tenantId: input.tenantId, contactId: input.contactId })
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND', `no conversation with contact ${input.contactId}`)
    if (!conversation.instance) throw new AppError('EVOLUTION_NOT_CONFIGURED', 'this conversation has no WhatsApp instance yet: configure evolution.instance')
    const now = deps.clock.now()
    const taskId = `human_${randomUUID().replaceAll('-', '')}`
    const payload: SendTaskPayload = { contact_id: input.contactId, instance: conversation.instance, reply_jid: conversation.reply_jid, text: input.text, bypass_pause: true }
    await deps.queue.enqueue({
      now,
      task: { tenant_id: input.tenantId, task_id: taskId, kind: sendTaskKind, queue_key: `send:${conversation.instance}:${conversation.reply_jid}`, payload: payload as unknown as Record<string, unknown>, run_at: now },
    })
    await deps.conversations.saveConversation({ conversation: { ...conversation, draft_reply: null, unread_count: 0, updated_at: now.toISOString() } })
    deps.notifyWorker()
    return { task_id: taskId }
  }

export type SendHumanReply = ReturnType<typeof createSendHumanReply>
