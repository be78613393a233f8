import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import { assertNotErased } from '../erasure/erasure-fence.js'
import { openMemoryErasureCollection, peekErasure } from '../erasure/file-memory-erasure-store.js'
import type { Episode } from './episode.js'
import type { EpisodeStore } from './episode-store.js'

const boundaryKey = (contactId: string, lastMessageId: string): string => `${contactId}\u0000${lastMessageId}`
const newestFirst = (a: Episode, b: Episode): number => b.ended_at.localeCompare(a.ended_at) || b.episode_id.localeCompare(a.episode_id)

/** Episodes in `owner-episodes/episodes.jsonl`. */
export const createFileEpisodeStore = async (storage: FileStorage): Promise<EpisodeStore> => {
  const collection = await storage.collection<Episode>({
    folder: 'owner-episodes',
    name: 'episodes',
    idOf: (episode) => episode.episode_id,
    indexes: {
      contact: (episode) => episode.contact_id,
      boundary: (episode) => boundaryKey(episode.contact_id, episode.last_message_id),
    },
  })
  const erasures = await openMemoryErasureCollection(storage)

  const update = async (tenantId: string, episodeId: string, change: (episode: Episode) => Episode): Promise<Episode | null> => {
    const current = collection.get(tenantId, episodeId)
    if (!current) return null
    const next = change(current)
    await collection.put(next)
    return structuredClone(next)
  }

  return {
    get: async ({ tenantId, episodeId }) => collection.get(tenantId, episodeId),
    // Checks and put run in one tick: two concurrent closes of the same stretch make one episode,
    // and an erasure cannot fall between the tombstone check and the write.
    save: async ({ episode }) => {
      assertNotErased(peekErasure(erasures, episode.tenant_id, 'customer', episode.contact_id), { sourceAt: episode.started_at, what: 'episode' })
      const existing = collection.findByIndex(episode.tenant_id, 'boundary', boundaryKey(episode.contact_id, episode.last_message_id))[0]
      if (existing) return { episode: existing, created: false }
      await collection.put(episode)
      return { episode: structuredClone(episode), created: true }
    },
    latestForContact: async ({ tenantId, contactId }) =>
      collection.findByIndex(tenantId, 'contact', contactId).sort(newestFirst)[0] ?? null,
    list: async ({ tenantId, contactId, needsSummary, pendingExtraction, limit, cursor }) => {
      const matching = (contactId === undefined ? collection.list(tenantId) : collection.findByIndex(tenantId, 'contact', contactId))
        .filter(
          (episode) =>
            (needsSummary === undefined || episode.needs_summary === needsSummary) &&
            (pendingExtraction === undefined || (!episode.extracted && !episode.needs_summary) === pendingExtraction),
        )
        .sort(newestFirst)
      return pageInMemory(matching, {
        limit,
        cursor,
        descending: true,
        position: (episode) => ({ sort: episode.ended_at, id: episode.episode_id }),
      })
    },
    markExtracted: ({ tenantId, episodeId }) => update(tenantId, episodeId, (episode) => ({ ...episode, extracted: true })),
    markSummarized: ({ tenantId, episodeId, summary, facts }) =>
      update(tenantId, episodeId, (episode) => ({ ...episode, summary, facts, summary_kind: 'llm', needs_summary: false })),
    eraseContact: async ({ tenantId, contactId }) => {
      const episodes = collection.findByIndex(tenantId, 'contact', contactId)
      if (episodes.length === 0) return 0
      await collection.write(episodes.map((episode) => ({ type: 'delete' as const, tenantId, id: episode.episode_id })))
      return episodes.length
    },
    exportContact: async ({ tenantId, contactId }) => collection.findByIndex(tenantId, 'contact', contactId).sort(newestFirst).reverse(),
  }
}
