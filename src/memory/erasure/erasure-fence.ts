import { isFencedByErasure, type MemoryErasure } from './memory-erasure.js'
import { subjectErasedError } from './memory-erasure-errors.js'

/** Throws MEMORY_SUBJECT_ERASED when `erasure` fences content from `sourceAt` (see isFencedByErasure). */
export const assertNotErased = (erasure: MemoryErasure | null, input: { sourceAt: string; what: string }): void => {
  if (erasure && isFencedByErasure(erasure, input.sourceAt)) {
    throw subjectErasedError({ tenantId: erasure.tenant_id, subjectId: erasure.subject_id, erasedAt: erasure.erased_at, what: input.what })
  }
}

/** The customer a memory is about, or null (owner and business memories are never erased per subject). */
export const erasableSubjectOf = (memory: { subject_kind: string; subject_id: string | null }): string | null =>
  memory.subject_kind === 'customer' && memory.subject_id !== null ? memory.subject_id : null
