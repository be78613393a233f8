import type { Clock } from '../shared/clock.js'
import type { EventLogStore } from '../orchestration/index.js'
import { randomIdGenerator } from '../shared/ids.js'
import type { Conversation } from './conversation.js'
import type { ConversationStore } from './conversation-store.js'

export interface Handoff {
  /** Stops bot replies to a contact until `minutes` from now (a human took over). */
  pause(input: { tenantId: string; contactId: string; minutes: number; reason: string }): Promise<Conversation | null>
  resume(input: { tenantId: string; contactId: string; reason: string }): Promise<Conversation | null>
}

/** Handoff state lives on the conversation; it expires by itself, and every send re-checks it. */
export const createHandoff = (deps: {
  conversations: ConversationStore
  events: EventLogStore
  clock: Clock
  /** A takeover or its end closes the bot's episode with the contact (memory design §4). */
  onChange?: (input: { tenantId: string; contactId: string; kind: 'started' | 'ended' }) => Promise<void>
}): Handoff => {
  const record = (tenantId: string, contactId: string, type: string, data: Record<string, unknown>) =>
    deps.events.append({
      event: {
        tenant_id: tenantId,
        event_id: randomIdGenerator.next('evt'),
        type,
        contact_id: contactId,
        data,
        occurred_at: deps.clock.now().toISOString(),
      },
    })

  return {
    pause: async ({ tenantId, contactId, minutes, reason }) => {
      const conversation = await deps.conversations.getConversation({ tenantId, contactId })
      if (!conversation) return null
      const now = deps.clock.now()
      const pausedUntil = new Date(now.getTime() + minutes * 60_000).toISOString()
      const saved = await deps.conversations.saveConversation({
        conversation: { ...conversation, paused_until: pausedUntil, pause_reason: reason, updated_at: now.toISOString() },
      })
      await record(tenantId, contactId, 'handoff.started', { reason, paused_until: pausedUntil })
      await deps.onChange?.({ tenantId, contactId, kind: 'started' })
      return saved
    },
    resume: async ({ tenantId, contactId, reason }) => {
      const conversation = await deps.conversations.getConversation({ tenantId, contactId })
      if (!conversation) return null
      const saved = await deps.conversations.saveConversation({
        conversation: { ...conversation, paused_until: null, pause_reason: null, updated_at: deps.clock.now().toISOString() },
      })
      await record(tenantId, contactId, 'handoff.ended', { reason })
      await deps.onChange?.({ tenantId, contactId, kind: 'ended' })
      return saved
    },
  }
}
