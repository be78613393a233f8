/**
 * Synthetic embeddings for the recall benchmark, deterministic from a seed. Uniformly random
 * 1536-dim vectors are the worst case for any index (every point is about as far as every other,
 * so "nearest" is noise) and unlike real embeddings, whose points lie near a low-dimensional
 * surface in topical clusters, with a positive baseline cosine between unrelated texts. So the
 * points are drawn in a 32-dim latent space (a mixture of topic clusters plus a shared offset),
 * mapped to `dims` by a fixed random linear map, with a little isotropic noise, and normalised.
 * Queries come from the same mixture: a question about one of the topics.
 */

const LATENT = 32
/** Per-coordinate noise: tuned so a query's best matches have cosine ≈ 0.55–0.7 and unrelated pairs ≈ 0.12, as with text-embedding-3-small. */
const NOISE = 0.8

/** mulberry32: a small seeded PRNG, good enough for test data. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Box–Muller, both values used: 150M draws at 100k × 1536. */
const gaussian = (random: () => number): (() => number) => {
  let spare: number | null = null
  return () => {
    if (spare !== null) {
      const value = spare
      spare = null
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()))
    const angle = 2 * Math.PI * random()
    spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
}

export interface VectorDataset {
  dims: number
  /** Unit vectors, one per memory. */
  vectors: Float32Array[]
  /** Unit query vectors, from the same distribution. */
  queries: Float32Array[]
}

export const createVectorDataset = (input: { count: number; queries: number; dims: number; seed?: number }): VectorDataset => {
  const random = seededRandom(input.seed ?? 42)
  const normal = gaussian(random)
  const { dims } = input
  const map = Float32Array.from({ length: LATENT * dims }, () => normal() / Math.sqrt(LATENT))
  const offset = Float32Array.from({ length: LATENT }, () => normal() * 0.45)
  const topics = Array.from({ length: Math.max(8, Math.round(input.count / 250)) }, () =>
    Float32Array.from({ length: LATENT }, () => normal()),
  )
  const latent = new Float32Array(LATENT)
  const draw = (): Float32Array => {
    const topic = topics[Math.floor(random() * topics.length)] as Float32Array
    for (let index = 0; index < LATENT; index++) latent[index] = (offset[index] as number) + (topic[index] as number) + normal() * 0.55
    const vector = new Float32Array(dims)
    for (let latentIndex = 0; latentIndex < LATENT; latentIndex++) {
      const weight = latent[latentIndex] as number
      const row = latentIndex * dims
      for (let index = 0; index < dims; index++) vector[index] = (vector[index] as number) + weight * (map[row + index] as number)
    }
    let norm = 0
    for (let index = 0; index < dims; index++) {
      const value = (vector[index] as number) + normal() * NOISE
      vector[index] = value
      norm += value * value
    }
    const scale = 1 / Math.sqrt(norm)
    for (let index = 0; index < dims; index++) vector[index] = (vector[index] as number) * scale
    return vector
  }
  return {
    dims,
    vectors: Array.from({ length: input.count }, draw),
    queries: Array.from({ length: input.queries }, draw),
  }
}

/** Indexes of the `k` vectors with the highest dot product with `query` (exact), best first. */
export const exactTopK = (vectors: readonly Float32Array[], query: Float32Array, k: number): number[] => {
  const scores = vectors.map((vector, index) => {
    let dot = 0
    for (let dim = 0; dim < query.length; dim++) dot += (vector[dim] as number) * (query[dim] as number)
    return { index, dot }
  })
  return scores
    .sort((a, b) => b.dot - a.dot)
    .slice(0, k)
    .map((score) => score.index)
}

/** Share of the exact top-k found by an approximate top-k (recall@k), averaged over queries. */
export const recallAtK = (exact: readonly (readonly number[])[], found: readonly (readonly number[])[]): number => {
  let hits = 0
  let total = 0
  for (const [index, truth] of exact.entries()) {
    const got = new Set(found[index] ?? [])
    hits += truth.filter((id) => got.has(id)).length
    total += truth.length
  }
  return total === 0 ? 1 : hits / total
}
