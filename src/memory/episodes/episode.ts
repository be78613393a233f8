import { z } from 'zod'

export const episodeRoles = ['owner', 'customer'] as const
export const episodeSummaryKinds = ['llm', 'extractive'] as const
/** idle: the conversation's timeout passed; event: booking, payment, handover, /novo (design §4); manual: an operator. */
export const episodeCloseReasons = ['idle', 'event', 'manual'] as const
export const episodeFactSubjects = ['customer', 'business'] as const

/** A long-term memory the summariser proposed; the closer decides what to remember (design §5). */
export const episodeFactSchema = z.object({
  text: z.string().min(1).max(1000),
  about: z.enum(episodeFactSubjects),
  share_with_customers: z.boolean().default(false),
  slot_key: z.string().min(1).max(100).nullish(),
})
export type EpisodeFact = z.infer<typeof episodeFactSchema>

/** A closed stretch of one conversation, folded into a summary (design memory.md §2, §4). */
export const episodeSchema = z.object({
  tenant_id: z.string(),
  episode_id: z.string(),
  contact_id: z.string(),
  role: z.enum(episodeRoles),
  /** created_at of the first and last message folded in. */
  started_at: z.string(),
  ended_at: z.string(),
  message_count: z.number().int().positive(),
  first_message_id: z.string(),
  /** The boundary: the next episode starts after this message. Unique per (tenant, contact). */
  last_message_id: z.string(),
  /** pt-BR, ≤1,200 characters, absolute dates. */
  summary: z.string(),
  summary_kind: z.enum(episodeSummaryKinds),
  /** An extractive summary waits for an LLM one (and for fact extraction). */
  needs_summary: z.boolean(),
  close_reason: z.enum(episodeCloseReasons),
  /** The facts the summariser proposed, kept so extraction can be retried without a second LLM call. */
  facts: z.array(episodeFactSchema),
  /** Facts were handed to long-term memory: extraction happens once per episode. */
  extracted: z.boolean(),
  created_at: z.string(),
})
export type Episode = z.infer<typeof episodeSchema>
export type EpisodeRole = (typeof episodeRoles)[number]
export type EpisodeCloseReason = (typeof episodeCloseReasons)[number]

export const MAX_EPISODE_SUMMARY = 1200
