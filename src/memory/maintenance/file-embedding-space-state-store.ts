import type { FileStorage } from '../../storage/file/index.js'
import type { EmbeddingSpaceState } from './embedding-space-state.js'
import type { EmbeddingSpaceStateStore } from './embedding-space-state-store.js'

/** One record per tenant in `owner-memory-maintenance/embedding-space-state.jsonl`. */
export const createFileEmbeddingSpaceStateStore = async (storage: FileStorage): Promise<EmbeddingSpaceStateStore> => {
  const collection = await storage.collection<EmbeddingSpaceState>({
    folder: 'owner-memory-maintenance',
    name: 'embedding-space-state',
    idOf: (state) => state.tenant_id,
  })
  return {
    get: async ({ tenantId }) => collection.get(tenantId, tenantId),
    // Check and write start in the same tick, so two callers cannot both pass the check.
    compareAndSet: async ({ state, expectedVersion }) => {
      const current = collection.get(state.tenant_id, state.tenant_id)
      if ((current?.version ?? null) !== expectedVersion) return null
      await collection.put(state)
      return structuredClone(state)
    },
    list: async () => collection.tenantIds().flatMap((tenantId) => collection.get(tenantId, tenantId) ?? []),
  }
}
