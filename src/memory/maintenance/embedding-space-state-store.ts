import type { EmbeddingSpaceState } from './embedding-space-state.js'

/** Per-tenant embedding-space state; every write is a compare-and-set on `version`. */
export interface EmbeddingSpaceStateStore {
  /** The tenant's state, or null when it never had one (reads use the default space). */
  get(input: { tenantId: string }): Promise<EmbeddingSpaceState | null>
  /**
   * Writes `state` (whose `version` must be `expectedVersion + 1`, or 1 for a first write) only if
   * the stored version is still `expectedVersion` (null: no state stored yet). Returns the stored
   * state, or null when someone else wrote in between. Durable when it resolves.
   */
  compareAndSet(input: { state: EmbeddingSpaceState; expectedVersion: number | null }): Promise<EmbeddingSpaceState | null>
  /** Every tenant with a state (for the scheduler and the panel). */
  list(): Promise<EmbeddingSpaceState[]>
}
