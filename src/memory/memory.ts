import { createHash } from 'node:crypto'
import { z } from 'zod'

/**
 * Long-term memories (design doc `memory.md` §2). Every memory has a subject (who it is about)
 * and an audience (who may see it); the store enforces both on every read (§1).
 */
export const memorySubjectKinds = ['customer', 'owner', 'business'] as const
export const memoryAudiences = ['subject_and_owner', 'owner_only', 'public'] as const
export const memoryKinds = ['fact', 'preference', 'instruction', 'policy', 'relationship', 'event'] as const
export const memoryStatuses = ['active', 'superseded', 'retracted', 'expired', 'deleted'] as const
export const memorySourceKinds = ['episode', 'owner_taught', 'tool_result', 'import'] as const
export const memorySourceRefTypes = ['episode', 'message', 'tool_call'] as const

export const memorySourceRefSchema = z.object({
  type: z.enum(memorySourceRefTypes),
  id: z.string().min(1),
})

/** Dates are ISO-8601 strings in UTC in both backends. */
export const memorySchema = z.object({
  tenant_id: z.string(),
  memory_id: z.string(),
  subject_kind: z.enum(memorySubjectKinds),
  /** The customer id for `customer`; null for `owner` and `business`. */
  subject_id: z.string().nullable(),
  audience: z.enum(memoryAudiences),
  kind: z.enum(memoryKinds),
  /** Canonical, self-contained pt-BR text with absolute dates. */
  text: z.string().min(1),
  /** For single-valued facts (`customer.preferred_time`): at most one active memory per subject and slot. */
  slot_key: z.string().nullable(),
  /** sha256 of the normalised text and the subject (`memoryContentHash`): exact dedupe. */
  content_hash: z.string(),
  confidence: z.number().min(0).max(1),
  importance: z.number().min(0).max(1),
  status: z.enum(memoryStatuses),
  superseded_by: z.string().nullable(),
  source_kind: z.enum(memorySourceKinds),
  /** Provenance: the episodes, messages or tool calls the memory came from. */
  source_refs: z.array(memorySourceRefSchema),
  /** `health`, `document_id`, `financial`…: shorter retention, stricter audience. */
  pii_flags: z.array(z.string()),
  valid_from: z.string(),
  /** Null while current; set when superseded. */
  valid_to: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  last_confirmed_at: z.string().nullable(),
  last_recalled_at: z.string().nullable(),
  recall_count: z.number().int().min(0),
  /** Incremented on every edit of `text`; background writers fence on it. */
  text_version: z.number().int().min(1),
})

export type Memory = z.infer<typeof memorySchema>
export type MemorySubjectKind = (typeof memorySubjectKinds)[number]
export type MemoryAudience = (typeof memoryAudiences)[number]
export type MemoryKind = (typeof memoryKinds)[number]
export type MemoryStatus = (typeof memoryStatuses)[number]
export type MemorySourceKind = (typeof memorySourceKinds)[number]
export type MemorySourceRef = z.infer<typeof memorySourceRefSchema>

/**
 * Who is asking, taken from the turn (never from the model). A customer's turn sees only
 * `(subject = that customer AND audience ≠ owner_only) OR (subject = business AND audience = public)`;
 * the owner sees every memory of the tenant.
 */
export type RecallScope = { role: 'owner' } | { role: 'customer'; customerId: string }

/** True when a memory may be shown in a turn with this scope (the file store's filter; SQL mirrors it). */
export const isVisibleInScope = (memory: Pick<Memory, 'subject_kind' | 'subject_id' | 'audience'>, scope: RecallScope): boolean => {
  if (scope.role === 'owner') return true
  if (memory.subject_kind === 'customer') return memory.subject_id === scope.customerId && memory.audience !== 'owner_only'
  return memory.subject_kind === 'business' && memory.audience === 'public'
}

/** Lowercase, accents folded, whitespace collapsed: what "the same text" means for dedupe. */
export const normalizeMemoryText = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()

/** sha256 of the normalised text plus the subject, hex (design §2 `content_hash`). */
export const memoryContentHash = (input: { text: string; subjectKind: MemorySubjectKind; subjectId: string | null }): string =>
  createHash('sha256')
    .update(`${input.subjectKind}\u0000${input.subjectId ?? ''}\u0000${normalizeMemoryText(input.text)}`)
    .digest('hex')
