import { z } from 'zod'

/**
 * Which embedding space a tenant's memory reads use, and the re-embed run moving it to another
 * (design memory.md §2 `tenant_memory_config` + `memory_maintenance_runs`, §6). One document per
 * tenant, updated only by compare-and-set on `version`, so two writers never both win.
 */
export const reembedRunStatuses = ['running', 'paused', 'completed', 'failed'] as const
export type ReembedRunStatus = (typeof reembedRunStatuses)[number]

export const reembedRunSchema = z.object({
  run_id: z.string(),
  status: z.enum(reembedRunStatuses),
  /** The target space this run fills. */
  to_space_id: z.string(),
  /** Keyset cursor (the memory store's list cursor) of the last memory processed; null = from the start. */
  cursor: z.string().nullable(),
  /** Active memories examined so far in this run (embedded or already covered). */
  processed: z.number().int().min(0),
  /** Vectors written by this run. */
  embedded: z.number().int().min(0),
  /** Active memories when the run started (progress = processed / total). */
  total: z.number().int().min(0),
  /** Full passes over the memories done (a pass that found rows without a vector starts another). */
  passes: z.number().int().min(0),
  started_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
  error: z.string().nullable(),
})

export const embeddingSpaceStateSchema = z.object({
  tenant_id: z.string(),
  /** The space every read (recall, search) uses. Changed only by the atomic switch. */
  active_space_id: z.string(),
  /** The space being migrated to; while set, new memories are written to both spaces. */
  target_space_id: z.string().nullable(),
  /** The space active before the last switch (rollback = flip back; its vectors are kept). */
  previous_space_id: z.string().nullable(),
  switched_at: z.string().nullable(),
  /** The run in flight (running, paused or failed), or null. */
  run: reembedRunSchema.nullable(),
  /** The last run that finished, for status screens. */
  last_run: reembedRunSchema.nullable(),
  /** Incremented on every write; the compare-and-set key. */
  version: z.number().int().min(1),
  updated_at: z.string(),
})

export type ReembedRun = z.infer<typeof reembedRunSchema>
export type EmbeddingSpaceState = z.infer<typeof embeddingSpaceStateSchema>
