/**
 * An embedding space is one provider + model + dims (design §2 `embedding_spaces`): vectors of
 * two spaces are never compared, and text-embedding-3 at 512 and at 1536 dims are two spaces.
 */
export interface EmbeddingSpace {
  /** `provider:model:dims`, e.g. `local:ngram-v1:256` or `openai:text-embedding-3-small:1536`. */
  space_id: string
  provider: string
  model: string
  dims: number
  /**
   * Mean cosine of unrelated texts in this space: similarity is rescaled as
   * `(cos − b) / (1 − b)` so thresholds stay portable across models (design §3).
   */
  cos_baseline: number
}

/** Turns texts into unit vectors of one space. */
export interface Embedder {
  readonly space: EmbeddingSpace
  /** One L2-normalised vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>
}

/** The space id of a provider, model and width: `local:ngram-v1:256`. */
export const embeddingSpaceOf = (input: { provider: string; model: string; dims: number }): string =>
  `${input.provider}:${input.model}:${input.dims}`

/** The dims a space id names (its last `:` part), or null when it names none. */
export const dimsOfSpace = (spaceId: string): number | null => {
  const dims = Number(spaceId.slice(spaceId.lastIndexOf(':') + 1))
  return Number.isInteger(dims) && dims > 0 ? dims : null
}

/** Cosine of two vectors of the same length (they need not be normalised). */
export const cosineSimilarity = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0
  let normA = 0
  let normB = 0
  for (let index = 0; index < a.length; index++) {
    const x = a[index] as number
    const y = b[index] as number
    dot += x * y
    normA += x * x
    normB += y * y
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB)
}
