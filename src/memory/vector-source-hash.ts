import { createHash } from 'node:crypto'
import type { Memory } from './memory.js'

/**
 * What a vector embeds (design memory.md §2 `source_hash`): sha256 of the exact text and its
 * `text_version`. A vector whose hash differs from its memory's is stale and the re-embed job
 * treats it as missing; a vector written before hashes were kept (null) counts as current.
 */
export const vectorSourceHash = (memory: Pick<Memory, 'text' | 'text_version'>): string =>
  createHash('sha256').update(`${memory.text_version}\u0000${memory.text}`).digest('hex')

/** The source hashes of a memory's vectors, by space (null: written before hashes were kept). */
export interface VectorSource {
  space_id: string
  source_hash: string | null
}

/** True when `spaceId` holds a vector of the memory's current text. */
export const hasCurrentVector = (sources: readonly VectorSource[], spaceId: string, memory: Pick<Memory, 'text' | 'text_version'>): boolean => {
  const source = sources.find((candidate) => candidate.space_id === spaceId)
  return source !== undefined && (source.source_hash === null || source.source_hash === vectorSourceHash(memory))
}
