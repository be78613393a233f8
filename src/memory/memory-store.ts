import type { Page } from '../shared/pagination.js'
import type { Memory, MemoryStatus, MemorySubjectKind, RecallScope } from './memory.js'
import type { VectorSource } from './vector-source-hash.js'

export interface ListMemoriesInput {
  tenantId: string
  subjectKind?: MemorySubjectKind
  /** With `subjectKind`: the customer id (null for owner/business). */
  subjectId?: string | null
  status?: MemoryStatus
  limit: number
  cursor?: string
}

export interface SearchMemoriesInput {
  tenantId: string
  /** The embedding space of `vector`; vectors of other spaces are never compared. */
  spaceId: string
  vector: Float32Array
  /** Derived from the turn, never from the model; enforced here, in the store. */
  scope: RecallScope
  limit: number
}

export interface MemoryCandidate {
  memory: Memory
  /** Cosine similarity to the query vector, −1..1. */
  cosine: number
}

export interface ErasureResult {
  memories: number
  vectors: number
}

/** Everything kept about one contact (LGPD portability), with provenance. */
export interface MemorySubjectExport {
  tenant_id: string
  customer_id: string
  memories: Memory[]
}

/**
 * Long-term memories and their vectors. Every method is scoped to one tenant; `search` also
 * applies the subject × audience scope, so no caller can forget to.
 */
export interface MemoryStore {
  /** The memory (any status), or null. */
  get(input: { tenantId: string; memoryId: string }): Promise<Memory | null>
  /** Ordered by creation (oldest first), keyset-paginated; all statuses unless `status`. */
  list(input: ListMemoriesInput): Promise<Page<Memory>>
  /** The active memory holding a slot of a subject, or null. */
  findActiveBySlot(input: {
    tenantId: string
    subjectKind: MemorySubjectKind
    subjectId: string | null
    slotKey: string
  }): Promise<Memory | null>
  /**
   * Inserts a new memory, in one atomic step:
   * - an active memory with the same subject, audience and `content_hash` is an exact duplicate:
   *   nothing is inserted; the existing one gets `last_confirmed_at`, the higher confidence and the
   *   new source refs, and is returned (compare `memory_id` to tell);
   * - otherwise, when `slot_key` is set, the active memory holding that slot for the subject is
   *   superseded by the new one (`status='superseded'`, `superseded_by`, `valid_to`), never deleted.
   *
   * Erasure fence (LGPD, design §7): a memory about a customer erased at or after `sourceAt`
   * (default `memory.created_at`) is refused with MEMORY_SUBJECT_ERASED, checked in the same
   * atomic step as the write, so a writer racing the erasure cannot bring the data back.
   */
  save(input: { memory: Memory; /** When the content it derives from was said (ISO). */ sourceAt?: string }): Promise<Memory>
  /** Marks an active memory superseded by another; null when it is not there or not active. */
  supersede(input: { tenantId: string; memoryId: string; byMemoryId: string; at: string }): Promise<Memory | null>
  /** Retracts a memory (status `retracted`) and deletes its vectors in every space; null when absent. */
  forget(input: { tenantId: string; memoryId: string; at: string }): Promise<Memory | null>
  /** Sets `last_recalled_at` and increments `recall_count` of the given memories. */
  markRecalled(input: { tenantId: string; memoryIds: readonly string[]; at: string }): Promise<void>
  /**
   * Stores (or replaces) the vector of a memory in one space. Throws MEMORY_NOT_FOUND when the
   * memory does not exist and MEMORY_VECTOR_DIMS_INVALID when the width does not match the space.
   * A memory erased while the vector is written never keeps it (no orphan embedding on disk).
   * `sourceHash` (`vectorSourceHash`) records which text the vector embeds.
   */
  putVector(input: { tenantId: string; memoryId: string; spaceId: string; vector: Float32Array; at: string; sourceHash?: string }): Promise<void>
  /** The spaces a memory has a vector in (sorted). */
  vectorSpacesOf(input: { tenantId: string; memoryId: string }): Promise<string[]>
  /** The spaces a memory has a vector in, with the source hash of each (sorted by space). */
  vectorSourcesOf(input: { tenantId: string; memoryId: string }): Promise<VectorSource[]>
  /**
   * Exact nearest neighbours by cosine among the tenant's **active** memories that `scope` may
   * see and that have a vector in `spaceId`, best first.
   */
  search(input: SearchMemoriesInput): Promise<MemoryCandidate[]>
  /** Deletes every memory about a customer and its vectors in every space (LGPD erasure). */
  eraseSubject(input: { tenantId: string; customerId: string }): Promise<ErasureResult>
  /** Every memory about a customer, all statuses, oldest first. */
  exportSubject(input: { tenantId: string; customerId: string }): Promise<MemorySubjectExport>
}
