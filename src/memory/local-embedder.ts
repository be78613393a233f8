import { embeddingSpaceOf, type Embedder, type EmbeddingSpace } from './embedder.js'
import { normalizeMemoryText } from './memory.js'

const MODEL = 'ngram-v1'

/** 32-bit FNV-1a with a seed, over UTF-16 code units: stable across runs and platforms. */
const fnv1a = (text: string, seed: number): number => {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** Lowercased, accent-folded, punctuation as spaces, padded so word edges make their own grams. */
const prepare = (text: string): string => ` ${normalizeMemoryText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `

/** Hashed, signed 3- and 4-gram counts of one text, L2-normalised (all zeros for an empty text). */
export const embedLocally = (text: string, dims: number): Float32Array => {
  const vector = new Float32Array(dims)
  const prepared = prepare(text)
  for (const size of [3, 4]) {
    for (let start = 0; start + size <= prepared.length; start++) {
      const gram = prepared.slice(start, start + size)
      const bucket = fnv1a(gram, 0) % dims
      const sign = fnv1a(gram, 0x9e3779b9) & 1 ? 1 : -1
      vector[bucket] = (vector[bucket] as number) + sign
    }
  }
  let norm = 0
  for (const value of vector) norm += value * value
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm)
    for (let index = 0; index < dims; index++) vector[index] = (vector[index] as number) * scale
  }
  return vector
}

/**
 * The default embedder when no embedding model is configured: no network, deterministic.
 * It is **lexical**, not semantic: texts sharing character n-grams ("horário"/"horários") are
 * close, synonyms without shared spelling ("carro"/"automóvel") are not. Memory works offline
 * with it; a real model (a different space) can be migrated to by the re-embed job.
 */
export const createLocalEmbedder = (options: { dims?: number } = {}): Embedder => {
  const dims = options.dims ?? 256
  const space: EmbeddingSpace = {
    space_id: embeddingSpaceOf({ provider: 'local', model: MODEL, dims }),
    provider: 'local',
    model: MODEL,
    dims,
    // Unrelated pt-BR sentences share common grams (" de ", "ão "): measured mean ≈ 0.05–0.1.
    cos_baseline: 0.1,
  }
  return {
    space,
    embed: async (texts) => texts.map((text) => embedLocally(text, dims)),
  }
}
