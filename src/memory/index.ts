export {
  memorySchema,
  memorySourceRefSchema,
  memorySubjectKinds,
  memoryAudiences,
  memoryKinds,
  memoryStatuses,
  memorySourceKinds,
  memorySourceRefTypes,
  isVisibleInScope,
  memoryContentHash,
  normalizeMemoryText,
  type Memory,
  type MemoryAudience,
  type MemoryKind,
  type MemorySourceKind,
  type MemorySourceRef,
  type MemoryStatus,
  type MemorySubjectKind,
  type RecallScope,
} from './memory.js'
export { embeddingSpaceOf, dimsOfSpace, cosineSimilarity, type Embedder, type EmbeddingSpace } from './embedder.js'
export { createLocalEmbedder, embedLocally } from './local-embedder.js'
export type {
  MemoryStore,
  ListMemoriesInput,
  SearchMemoriesInput,
  MemoryCandidate,
  ErasureResult,
  MemorySubjectExport,
} from './memory-store.js'
export { createFileMemoryStore } from './file-memory-store.js'
export { createPostgresMemoryStore } from './postgres-memory-store.js'
export {
  recall,
  scoreCandidate,
  recencyOf,
  estimateMemoryTokens,
  type RecallInput,
  type RecallItem,
  type RecallLog,
  type RecallScores,
} from './recall.js'
export {
  createMemoryService,
  type MemoryService,
  type MemoryAbout,
  type RememberInput,
  type RememberResult,
} from './memory-service.js'
export { createMemoryTools } from './memory-tools.js'
export * from './maintenance/index.js'
export * from './episodes/index.js'
export * from './short-memory/index.js'
export type { MemorySpaces } from './memory-service.js'
export * from './erasure/index.js'
export { searchMemories, type MemorySearchInput } from './search-memories.js'
export { listRecallLog, type RecallLogEntry } from './recall-log.js'
export { vectorSourceHash, hasCurrentVector, type VectorSource } from './vector-source-hash.js'
export type { MemoryServiceDeps } from './memory-service.js'
