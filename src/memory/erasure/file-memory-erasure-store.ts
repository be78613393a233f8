import { pageInMemory } from '../../shared/pagination.js'
import type { FileCollection, FileStorage } from '../../storage/file/index.js'
import { laterErasure, type MemoryErasure, type MemoryErasureSubjectKind } from './memory-erasure.js'
import type { MemoryErasureStore } from './memory-erasure-store.js'

const idOf = (kind: MemoryErasureSubjectKind, subjectId: string): string => `${kind}:${subjectId}`

/**
 * `owner-memory/memory-erasures.jsonl`. The file stores that fence on it (memories, episodes) open
 * the same collection (the engine opens it once) and read it synchronously in the tick that
 * writes, so a check and its write cannot be split by an erasure.
 */
export const openMemoryErasureCollection = (storage: FileStorage): Promise<FileCollection<MemoryErasure>> =>
  storage.collection<MemoryErasure>({
    folder: 'owner-memory',
    name: 'memory-erasures',
    idOf: (erasure) => idOf(erasure.subject_kind, erasure.subject_id),
  })

/** The tombstone of a subject, read synchronously (no copy kept). */
export const peekErasure = (
  collection: FileCollection<MemoryErasure>,
  tenantId: string,
  subjectKind: MemoryErasureSubjectKind,
  subjectId: string,
): MemoryErasure | null => collection.get(tenantId, idOf(subjectKind, subjectId))

export const createFileMemoryErasureStore = async (storage: FileStorage): Promise<MemoryErasureStore> => {
  const collection = await openMemoryErasureCollection(storage)
  return {
    get: async ({ tenantId, subjectKind, subjectId }) => peekErasure(collection, tenantId, subjectKind, subjectId),
    // Read and put in one tick: two erasures of one subject keep the later time.
    save: async ({ erasure }) => {
      const stored = laterErasure(peekErasure(collection, erasure.tenant_id, erasure.subject_kind, erasure.subject_id), erasure)
      await collection.put(stored)
      return structuredClone(stored)
    },
    list: async ({ tenantId, limit, cursor }) => {
      const sorted = collection
        .list(tenantId)
        .sort((a, b) => b.erased_at.localeCompare(a.erased_at) || b.subject_id.localeCompare(a.subject_id))
      return pageInMemory(sorted, { limit, cursor, descending: true, position: (erasure) => ({ sort: erasure.erased_at, id: erasure.subject_id }) })
    },
  }
}
