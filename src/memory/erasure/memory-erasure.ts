import { z } from 'zod'

/**
 * The tombstone of an LGPD erasure (design memory.md §7): one per (tenant, subject), kept after
 * the subject's data is gone so that background writers (an episode close in flight, fact
 * extraction, re-embed, a queued message) cannot bring it back. Only the time is kept, never
 * what was erased.
 */
export const memoryErasureSubjectKinds = ['customer'] as const

export const memoryErasureSchema = z.object({
  tenant_id: z.string(),
  subject_kind: z.enum(memoryErasureSubjectKinds),
  /** The customer (contact) id. */
  subject_id: z.string().min(1),
  /** ISO-8601 UTC. Content said or derived at or before it is pre-erasure and is refused. */
  erased_at: z.string(),
})

export type MemoryErasure = z.infer<typeof memoryErasureSchema>
export type MemoryErasureSubjectKind = (typeof memoryErasureSubjectKinds)[number]

/**
 * True when content from `sourceAt` (an ISO time: when it was said, or when the write that
 * derives from it started) predates the erasure and so must not be stored again. Content from
 * after the erasure is new data: the person wrote again.
 */
export const isFencedByErasure = (erasure: Pick<MemoryErasure, 'erased_at'> | null | undefined, sourceAt: string): boolean =>
  erasure != null && Date.parse(sourceAt) <= Date.parse(erasure.erased_at)

/** Two erasures of one subject keep the later time: the fence only moves forward. */
export const laterErasure = (current: MemoryErasure | null, next: MemoryErasure): MemoryErasure =>
  current && Date.parse(current.erased_at) >= Date.parse(next.erased_at) ? current : next
