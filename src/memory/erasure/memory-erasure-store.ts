import type { Page } from '../../shared/pagination.js'
import type { MemoryErasure, MemoryErasureSubjectKind } from './memory-erasure.js'

/** Erasure tombstones, one per (tenant, subject); every method is scoped to one tenant. */
export interface MemoryErasureStore {
  /** The subject's tombstone, or null when it was never erased. */
  get(input: { tenantId: string; subjectKind: MemoryErasureSubjectKind; subjectId: string }): Promise<MemoryErasure | null>
  /**
   * Records an erasure, durable when it resolves. A subject erased again keeps the later
   * `erased_at` (never moves back). Returns the stored tombstone.
   */
  save(input: { erasure: MemoryErasure }): Promise<MemoryErasure>
  /** Most recent erasure first (erased_at, then subject id), keyset-paginated. */
  list(input: { tenantId: string; limit: number; cursor?: string }): Promise<Page<MemoryErasure>>
}
