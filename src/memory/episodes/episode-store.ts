import type { Page } from '../../shared/pagination.js'
import type { Episode, EpisodeFact } from './episode.js'

export interface ListEpisodesInput {
  tenantId: string
  contactId?: string
  /** Only extractive episodes still waiting for an LLM summary. */
  needsSummary?: boolean
  /** Only summarised episodes whose facts were not yet extracted. */
  pendingExtraction?: boolean
  limit: number
  cursor?: string
}

/** Closed episodes; every method is scoped to one tenant. Dates are ISO strings in both backends. */
export interface EpisodeStore {
  /** The episode, or null. */
  get(input: { tenantId: string; episodeId: string }): Promise<Episode | null>
  /**
   * Inserts once per (tenant, contact, last_message_id): closing the same stretch again returns
   * the episode already stored (`created: false`), whatever id the second attempt carried.
   * Refused with MEMORY_SUBJECT_ERASED when the contact was erased at or after `started_at` (a
   * close in flight during an erasure), checked atomically with the insert.
   */
  save(input: { episode: Episode }): Promise<{ episode: Episode; created: boolean }>
  /** The contact's most recent episode (latest ended_at), or null. */
  latestForContact(input: { tenantId: string; contactId: string }): Promise<Episode | null>
  /** Most recent first (ended_at, then episode_id), keyset-paginated. */
  list(input: ListEpisodesInput): Promise<Page<Episode>>
  /** Sets `extracted`; null when the episode does not exist. */
  markExtracted(input: { tenantId: string; episodeId: string }): Promise<Episode | null>
  /** Replaces an extractive summary by an LLM one (and its facts); null when the episode does not exist. */
  markSummarized(input: { tenantId: string; episodeId: string; summary: string; facts: EpisodeFact[] }): Promise<Episode | null>
  /** Deletes every episode of a contact (LGPD erasure); resolves the number deleted. */
  eraseContact(input: { tenantId: string; contactId: string }): Promise<number>
  /** Every episode of a contact, oldest first (LGPD portability). */
  exportContact(input: { tenantId: string; contactId: string }): Promise<Episode[]>
}
