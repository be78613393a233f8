import type { EventLogStore } from '../../orchestration/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { MemoryStore } from '../memory-store.js'
import { isFencedByErasure } from './memory-erasure.js'
import type { MemoryErasureStore } from './memory-erasure-store.js'

/** What one erasure removed: counts only (the audit keeps no erased text, design §7). */
export interface ContactErasureResult {
  erased_at: string
  memories: number
  vectors: number
  episodes: number
  messages: number
  events: number
}

export interface ContactEraserDeps {
  erasures: MemoryErasureStore
  memories: Pick<MemoryStore, 'eraseSubject'>
  /** The contact's episodes and conversation (short memory); absent ones are not touched. */
  episodes?: { eraseContact(input: { tenantId: string; contactId: string }): Promise<number> }
  conversations?: { eraseContact(input: { tenantId: string; contactId: string }): Promise<{ messages: number }> }
  /** The contact's events are erased too (they carry replies and tool arguments); the `memory.subject_erased` audit event (counts only) is written after. */
  events?: Pick<EventLogStore, 'append' | 'eraseContact'>
  clock: Clock
  ids: IdGenerator
}

/**
 * LGPD erasure of one contact (design memory.md §7), as a recipe: the tombstone first, durable,
 * then the data. Every writer checks the tombstone atomically with its write, so whatever is in
 * flight either lands before a delete below (and is deleted) or is refused after it.
 */
export const createContactEraser = (deps: ContactEraserDeps) => {
  const erase = async (input: { tenantId: string; customerId: string }): Promise<ContactErasureResult> => {
    const { tenantId, customerId } = input
    const tombstone = await deps.erasures.save({
      erasure: { tenant_id: tenantId, subject_kind: 'customer', subject_id: customerId, erased_at: deps.clock.now().toISOString() },
    })
    const memories = await deps.memories.eraseSubject({ tenantId, customerId })
    const episodes = (await deps.episodes?.eraseContact({ tenantId, contactId: customerId })) ?? 0
    const messages = (await deps.conversations?.eraseContact({ tenantId, contactId: customerId }))?.messages ?? 0
    const events = (await deps.events?.eraseContact({ tenantId, contactId: customerId })) ?? 0
    const result = { erased_at: tombstone.erased_at, memories: memories.memories, vectors: memories.vectors, episodes, messages, events }
    await deps.events?.append({
      event: {
        tenant_id: tenantId,
        event_id: deps.ids.next('evt'),
        type: 'memory.subject_erased',
        contact_id: customerId,
        data: { ...result },
        occurred_at: tombstone.erased_at,
      },
    })
    return result
  }

  /**
   * True when content about the contact from `at` predates their erasure: a message queued
   * before the erasure, a reply drafted from erased content. Later content is new data.
   */
  const isErased = async (input: { tenantId: string; contactId: string; at: Date | string }): Promise<boolean> => {
    const erasure = await deps.erasures.get({ tenantId: input.tenantId, subjectKind: 'customer', subjectId: input.contactId })
    return isFencedByErasure(erasure, typeof input.at === 'string' ? input.at : input.at.toISOString())
  }

  return { erase, isErased }
}

export type ContactEraser = ReturnType<typeof createContactEraser>
