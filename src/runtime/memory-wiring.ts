import type { Turn } from '../conversation/index.js'
import type { EventLogStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { EpisodeStore, MemoryService } from '../memory/index.js'
import { randomIdGenerator } from '../shared/ids.js'

/**
 * The recalled-memories block of a turn's prompt: scoped in the store to the turn's role and
 * contact (a customer never sees owner-only notes or another customer's), and logged per turn
 * with every candidate's scores (event `memory.recalled`).
 */
export const createRecallBlock = (deps: { memory: MemoryService; episodes: EpisodeStore; events: EventLogStore; clock: Clock }) => async (turn: Turn): Promise<string | null> => {
  const scope = turn.role === 'owner' ? ({ role: 'owner' } as const) : ({ role: 'customer', customerId: turn.contact.customer_id } as const)
  const { items, log } = await deps.memory.recall({ tenantId: turn.tenantId, scope, query: turn.text })
  await deps.events.append({
    event: {
      tenant_id: turn.tenantId,
      event_id: randomIdGenerator.next('evt'),
      type: 'memory.recalled',
      contact_id: turn.contact.customer_id,
      data: { included: items.map((item) => ({ memory_id: item.memory.memory_id, scores: item.scores })), log: log as unknown as Record<string, unknown> },
      occurred_at: deps.clock.now().toISOString(),
    },
  })
  // Recent episode first, then recalled memories (the design's order after the stable prompt).
  const episode = await deps.episodes.latestForContact({ tenantId: turn.tenantId, contactId: turn.contact.customer_id })
  const blocks = [
    ...(episode ? [`Última conversa (${episode.ended_at.slice(0, 10).split('-').reverse().join('/')}): ${episode.summary}`] : []),
    ...(items.length > 0 ? ['O que você sabe e pode usar nesta conversa:', ...items.map((item) => `- ${item.memory.text}`)] : []),
  ]
  return blocks.length > 0 ? blocks.join('\n') : null
}
