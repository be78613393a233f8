import type { LlmClient } from '../../llm/llm-client.js'
import type { TenantConfig } from '../../tenants/tenant-config.js'
import { embeddingSpaceOf, type Embedder, type EmbeddingSpace } from '../embedder.js'
import { createLocalEmbedder } from '../local-embedder.js'
import { embeddingDimensionsUnknownError, embeddingInvalidError } from './maintenance-errors.js'

/** Native widths of OpenAI's embedding models (used when `openai.embedding_dimensions` is absent). */
const nativeDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
}

/** Mean cosine of unrelated texts, per provider (design §3 calibration; refined by the probe later). */
const OPENAI_COS_BASELINE = 0.15

/** The space of an OpenAI model at a width: `openai:text-embedding-3-small:1536`. */
export const openAIEmbeddingSpace = (model: string, dims: number): EmbeddingSpace => ({
  space_id: embeddingSpaceOf({ provider: 'openai', model, dims }),
  provider: 'openai',
  model,
  dims,
  cos_baseline: OPENAI_COS_BASELINE,
})

/**
 * The space the tenant's config asks for: `openai:<model>:<dims>` when `openai.embedding_model`
 * is set, else the local embedder's space. Comparing it with the active space tells whether a
 * re-embed is due (a config change schedules one).
 */
export const resolveTargetSpace = (config: Pick<TenantConfig, 'openai'>): EmbeddingSpace => {
  const model = config.openai.embedding_model
  if (!model) return createLocalEmbedder().space
  const dims = config.openai.embedding_dimensions ?? nativeDimensions[model]
  if (dims === undefined) throw embeddingDimensionsUnknownError(model)
  return openAIEmbeddingSpace(model, dims)
}

/**
 * An Embedder over the tenant's LlmClient (which sends its configured embedding model and
 * dimensions). Every vector is checked for width and finiteness and L2-normalised, so a provider
 * answering another width never writes into this space.
 */
export const createOpenAIEmbedder = (llmClient: LlmClient, model: string, dims: number): Embedder => {
  const space = openAIEmbeddingSpace(model, dims)
  return {
    space,
    embed: async (texts) => {
      if (texts.length === 0) return []
      const result = await llmClient.embed([...texts])
      if (result.vectors.length !== texts.length) {
        throw embeddingInvalidError(space.space_id, `${result.vectors.length} vectors for ${texts.length} texts`)
      }
      return result.vectors.map((values) => {
        if (values.length !== dims) throw embeddingInvalidError(space.space_id, `width ${values.length}, expected ${dims}`)
        let norm = 0
        for (const value of values) {
          if (!Number.isFinite(value)) throw embeddingInvalidError(space.space_id, 'a value is not finite')
          norm += value * value
        }
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
        return Float32Array.from(values, (value) => value * scale)
      })
    },
  }
}

/** The embedder of a space id when it is the local one (any width), else null. */
export const localEmbedderFor = (spaceId: string): Embedder | null => {
  const match = /^local:ngram-v1:(\d+)$/.exec(spaceId)
  return match ? createLocalEmbedder({ dims: Number(match[1]) }) : null
}
