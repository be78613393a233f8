import type { Embedder } from './embedder.js'
import { lexicalScores } from './lexical-overlap.js'
import type { Memory } from './memory.js'
import type { MemoryStore } from './memory-store.js'
import { scoreCandidate, type RecallScores } from './recall.js'

/** Vector candidates fetched before lexical re-scoring (a customer filter applies after). */
const CANDIDATES = 200
/** The recall thresholds (design §3): relevance ≥ 0.25, or a strong lexical match alone. */
const MIN_RELEVANCE = 0.25
const MIN_LEXICAL_ALONE = 0.5

export interface MemorySearchInput {
  store: MemoryStore
  embedder: Embedder
  tenantId: string
  query: string
  now: Date
  limit: number
  /** Only memories about this customer. */
  customerId?: string
}

/**
 * The owner's search over the tenant's active memories (the panel's search box): the recall
 * scoring of design §3 (vector + lexical, then recency and importance) over the owner scope,
 * best first. Unlike a turn's recall it injects nothing and does not count as a recall.
 */
export const searchMemories = async (input: MemorySearchInput): Promise<Array<{ memory: Memory; scores: RecallScores }>> => {
  const [vector] = await input.embedder.embed([input.query])
  if (!vector || input.limit <= 0) return []
  const found = (
    await input.store.search({ tenantId: input.tenantId, spaceId: input.embedder.space.space_id, vector, scope: { role: 'owner' }, limit: CANDIDATES })
  ).filter((candidate) => input.customerId === undefined || (candidate.memory.subject_kind === 'customer' && candidate.memory.subject_id === input.customerId))
  const lexical = lexicalScores(input.query, found.map((candidate) => candidate.memory.text))
  return found
    .map((candidate, index) => ({
      memory: candidate.memory,
      scores: scoreCandidate({ memory: candidate.memory, cosine: candidate.cosine, lexical: lexical[index] ?? 0, cosBaseline: input.embedder.space.cos_baseline, now: input.now }),
    }))
    .filter(({ scores }) => scores.relevance >= MIN_RELEVANCE || scores.lexical >= MIN_LEXICAL_ALONE)
    .sort((a, b) => b.scores.total - a.scores.total || a.memory.memory_id.localeCompare(b.memory.memory_id))
    .slice(0, input.limit)
}
