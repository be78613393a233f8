import { z } from 'zod'

const count = z.number().int().min(0)

/** A day in the tenant's time zone, `YYYY-MM-DD`. */
export const usageDaySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'use YYYY-MM-DD')

/** What one tenant spent with the LLM provider on one day. Seconds are whole (rounded up). */
export const llmUsageCountersSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  embedding_tokens: count,
  audio_seconds: count,
  requests: count,
})

export const llmUsageDaySchema = llmUsageCountersSchema.extend({
  tenant_id: z.string(),
  day: usageDaySchema,
})

/** Counters to add; missing ones add nothing. */
export const llmUsageDeltaSchema = llmUsageCountersSchema.partial()

export type LlmUsageCounters = z.infer<typeof llmUsageCountersSchema>
export type LlmUsageDay = z.infer<typeof llmUsageDaySchema>
export type LlmUsageDelta = z.infer<typeof llmUsageDeltaSchema>

export const usageCounterNames = ['prompt_tokens', 'completion_tokens', 'embedding_tokens', 'audio_seconds', 'requests'] as const

export const emptyUsageDay = (tenantId: string, day: string): LlmUsageDay => ({
  tenant_id: tenantId,
  day,
  prompt_tokens: 0,
  completion_tokens: 0,
  embedding_tokens: 0,
  audio_seconds: 0,
  requests: 0,
})

/** Tokens that count against a daily budget. */
export const budgetTokens = (usage: LlmUsageCounters): number =>
  usage.prompt_tokens + usage.completion_tokens + usage.embedding_tokens
