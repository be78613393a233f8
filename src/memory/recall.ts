import { createHash } from 'node:crypto'
import type { Embedder } from './embedder.js'
import { lexicalScores } from './lexical-overlap.js'
import type { Memory, MemoryKind, RecallScope } from './memory.js'
import type { MemoryStore } from './memory-store.js'

/** Recency half-lives in days (design §3); null means no decay. */
const halfLifeDays: Record<MemoryKind, number | null> = {
  event: 21,
  preference: 180,
  fact: 365,
  relationship: 365,
  policy: null,
  instruction: null,
}

const DAY_MS = 86_400_000
/** Vector candidates fetched before scoring (design §3: top 40). */
const CANDIDATES = 40
/** Below this relevance a candidate is dropped, whatever its recency or importance. */
const MIN_RELEVANCE = 0.25

export interface RecallScores {
  /** Raw cosine to the query. */
  cosine: number
  /** `clamp((cos − b) / (1 − b), 0, 1)`, b = the space's cosine baseline. */
  vector: number
  lexical: number
  /** `0.75·vector + 0.25·lexical`. */
  relevance: number
  recency: number
  importance: number
  /** `relevance × (0.55 + 0.25·recency + 0.20·importance)`. */
  total: number
}

export interface RecallItem {
  memory: Memory
  scores: RecallScores
}

/** What one recall did, for the per-turn recall log (design §2 `recall_log`): hashes, never text. */
export interface RecallLog {
  query_hash: string
  space_id: string
  scope: RecallScope['role']
  candidates: (RecallScores & { memory_id: string; rank: number; included: boolean; dropped?: 'irrelevant' | 'budget' | 'limit' })[]
  timings: { embed_ms: number; search_ms: number; total_ms: number }
  tokens_injected: number
}

export interface RecallInput {
  store: MemoryStore
  embedder: Embedder
  tenantId: string
  scope: RecallScope
  query: string
  now: Date
  limit?: number
  /** Tokens the packed memories may take (≈ 4 characters per token). */
  tokenBudget?: number
}

/** Tokens a memory takes in the prompt: its text and its date, ≈ 4 characters per token. */
export const estimateMemoryTokens = (memory: Memory): number => Math.ceil((memory.text.length + 14) / 4)

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value))

export const recencyOf = (memory: Memory, now: Date): number => {
  const halfLife = halfLifeDays[memory.kind]
  if (halfLife === null) return 1
  const from = Math.max(Date.parse(memory.created_at), Date.parse(memory.last_confirmed_at ?? memory.created_at))
  const ageDays = Math.max(0, now.getTime() - from) / DAY_MS
  return 0.5 ** (ageDays / halfLife)
}

/** The blended score of design §3: relevance first; recency and importance only reorder. */
export const scoreCandidate = (input: { memory: Memory; cosine: number; lexical: number; cosBaseline: number; now: Date }): RecallScores => {
  const vector = clamp01((input.cosine - input.cosBaseline) / (1 - input.cosBaseline))
  const relevance = 0.75 * vector + 0.25 * input.lexical
  const recency = recencyOf(input.memory, input.now)
  const importance = input.memory.importance
  return {
    cosine: input.cosine,
    vector,
    lexical: input.lexical,
    relevance,
    recency,
    importance,
    total: relevance * (0.55 + 0.25 * recency + 0.2 * importance),
  }
}

/**
 * Long-term memories for one turn: vector candidates within the scope (enforced by the store),
 * re-scored with a lexical term, recency and importance, then packed best-first into the token
 * budget. Included memories get `last_recalled_at`. Not yet here (design §3): MMR, episodes,
 * the pinned slot block, the 800 ms embed time-box with lexical fallback.
 */
export const recall = async (input: RecallInput): Promise<{ items: RecallItem[]; log: RecallLog }> => {
  const { store, embedder, tenantId, scope, query, now } = input
  const limit = input.limit ?? 8
  const tokenBudget = input.tokenBudget ?? 600
  const started = performance.now()
  const [vector] = await embedder.embed([query])
  const embedded = performance.now()
  const found = vector
    ? await store.search({ tenantId, spaceId: embedder.space.space_id, vector, scope, limit: CANDIDATES })
    : []
  const searched = performance.now()

  const lexical = lexicalScores(query, found.map((candidate) => candidate.memory.text))
  const scored = found
    .map((candidate, index) => ({
      memory: candidate.memory,
      scores: scoreCandidate({
        memory: candidate.memory,
        cosine: candidate.cosine,
        lexical: lexical[index] ?? 0,
        cosBaseline: embedder.space.cos_baseline,
        now,
      }),
    }))
    .sort((a, b) => b.scores.total - a.scores.total)

  const items: RecallItem[] = []
  let tokens = 0
  const candidates = scored.map(({ memory, scores }, rank) => {
    const cost = estimateMemoryTokens(memory)
    let dropped: 'irrelevant' | 'budget' | 'limit' | undefined
    if (scores.relevance < MIN_RELEVANCE) dropped = 'irrelevant'
    else if (items.length >= limit) dropped = 'limit'
    else if (tokens + cost > tokenBudget) dropped = 'budget'
    if (!dropped) {
      items.push({ memory, scores })
      tokens += cost
    }
    return { memory_id: memory.memory_id, rank: rank + 1, included: !dropped, ...(dropped ? { dropped } : {}), ...scores }
  })

  const recalledAt = now.toISOString()
  if (items.length > 0) {
    await store.markRecalled({ tenantId, memoryIds: items.map((item) => item.memory.memory_id), at: recalledAt })
  }
  const finished = performance.now()
  return {
    items,
    log: {
      query_hash: createHash('sha256').update(query).digest('hex'),
      space_id: embedder.space.space_id,
      scope: scope.role,
      candidates,
      timings: { embed_ms: embedded - started, search_ms: searched - embedded, total_ms: finished - started },
      tokens_injected: tokens,
    },
  }
}
