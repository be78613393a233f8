import { AppError } from '../../shared/app-error.js'

/** A re-embed is already running for the tenant in this process. */
export const reembedAlreadyRunningError = (tenantId: string): AppError =>
  new AppError('MEMORY_REEMBED_ALREADY_RUNNING', `A memory re-embed is already running for tenant ${tenantId}`, {
    details: { tenantId },
  })

/** No embedder can produce vectors of the target space (no API key, unknown space). */
export const reembedEmbedderUnavailableError = (tenantId: string, spaceId: string): AppError =>
  new AppError('MEMORY_REEMBED_EMBEDDER_UNAVAILABLE', `No embedder for space ${spaceId} of tenant ${tenantId}: set an OpenAI API key or change openai.embedding_model`, {
    details: { tenantId, spaceId },
  })

/** Another writer changed the tenant's embedding-space state while this run held it. */
export const reembedStateConflictError = (tenantId: string): AppError =>
  new AppError('MEMORY_REEMBED_STATE_CONFLICT', `The embedding-space state of tenant ${tenantId} was changed by another writer; the run stopped`, {
    category: 'system',
    details: { tenantId },
  })

/** The provider answered vectors that do not fit the space (wrong width, NaN): never stored. */
export const embeddingInvalidError = (spaceId: string, reason: string): AppError =>
  new AppError('MEMORY_EMBEDDING_INVALID', `The embeddings returned for space ${spaceId} are invalid: ${reason}`, {
    category: 'third_party',
    details: { spaceId },
  })

/** The config names an embedding model whose width fabio does not know and gives no dims. */
export const embeddingDimensionsUnknownError = (model: string): AppError =>
  new AppError('MEMORY_EMBEDDING_DIMENSIONS_UNKNOWN', `Set openai.embedding_dimensions: the width of model ${model} is not known`, {
    details: { model },
  })
