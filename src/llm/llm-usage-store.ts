import type { LlmUsageDay, LlmUsageDelta } from './llm-usage.js'

export interface AddLlmUsageInput {
  tenantId: string
  /** `YYYY-MM-DD` in the tenant's time zone (see `dayInTimeZone`). */
  day: string
  delta: LlmUsageDelta
}

/** Daily LLM usage counters per tenant, for budgets and the owner's usage report. */
export interface LlmUsageStore {
  /**
   * Adds the delta to the day's counters atomically (concurrent adds all count), creating the
   * day at zero first. Returns the day's totals after the add. Counters must be whole and ≥ 0.
   */
  add(input: AddLlmUsageInput): Promise<LlmUsageDay>
  /** The day's totals, or null when nothing was recorded that day. */
  get(input: { tenantId: string; day: string }): Promise<LlmUsageDay | null>
  /** Days from `from` to `to`, both included, oldest first; days without usage are absent. */
  list(input: { tenantId: string; from: string; to: string }): Promise<{ items: LlmUsageDay[]; total: number }>
}
