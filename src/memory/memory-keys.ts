import type { Memory, MemorySourceRef, MemorySubjectKind } from './memory.js'

/** Index keys shared by the file store's indexes (and mirrored by the Postgres unique indexes). */
export const subjectKey = (kind: MemorySubjectKind, id: string | null): string => `${kind}:${id ?? ''}`

export const dedupeKey = (memory: Pick<Memory, 'subject_kind' | 'subject_id' | 'audience' | 'content_hash'>): string =>
  `${subjectKey(memory.subject_kind, memory.subject_id)}|${memory.audience}|${memory.content_hash}`

export const slotKeyOf = (kind: MemorySubjectKind, id: string | null, slot: string): string => `${subjectKey(kind, id)}|${slot}`

/** The existing memory confirmed again by an exact duplicate (design §5 step 1). */
export const confirmDuplicate = (existing: Memory, duplicate: Memory): Memory => {
  const seen = new Set(existing.source_refs.map((ref) => `${ref.type}:${ref.id}`))
  const added: MemorySourceRef[] = duplicate.source_refs.filter((ref) => !seen.has(`${ref.type}:${ref.id}`))
  return {
    ...existing,
    confidence: Math.max(existing.confidence, duplicate.confidence),
    importance: Math.max(existing.importance, duplicate.importance),
    source_refs: [...existing.source_refs, ...added],
    last_confirmed_at: duplicate.created_at,
    updated_at: duplicate.created_at,
  }
}

/** The previous holder of a slot, superseded by a newer memory (design §5 step 2): never deleted. */
export const supersededBy = (previous: Memory, byMemoryId: string, at: string): Memory => ({
  ...previous,
  status: 'superseded',
  superseded_by: byMemoryId,
  valid_to: at,
  updated_at: at,
})
