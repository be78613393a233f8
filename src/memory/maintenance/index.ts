export {
  embeddingSpaceStateSchema,
  reembedRunSchema,
  reembedRunStatuses,
  type EmbeddingSpaceState,
  type ReembedRun,
  type ReembedRunStatus,
} from './embedding-space-state.js'
export type { EmbeddingSpaceStateStore } from './embedding-space-state-store.js'
export { createFileEmbeddingSpaceStateStore } from './file-embedding-space-state-store.js'
export { createPostgresEmbeddingSpaceStateStore } from './postgres-embedding-space-state-store.js'
export { resolveTargetSpace, createOpenAIEmbedder, openAIEmbeddingSpace, localEmbedderFor } from './tenant-embedder.js'
export {
  createReembedRunner,
  type ReembedRunner,
  type ReembedRunnerDeps,
  type ReembedRunInput,
  type ReembedStatus,
  type ReembedPlan,
} from './reembed-runner.js'
