import type { Clock } from '../shared/clock.js'
import { dayInTimeZone } from './day-in-time-zone.js'
import { budgetTokens, type LlmUsageDay, type LlmUsageDelta } from './llm-usage.js'
import type { LlmUsageStore } from './llm-usage-store.js'

export interface UsageMeter {
  /** Adds to today's counters, "today" being the tenant's local date. */
  record(tenantId: string, timezone: string, delta: LlmUsageDelta): Promise<LlmUsageDay>
  /**
   * Whether today's prompt + completion + embedding tokens have reached the budget.
   * null means unlimited (the store is not even asked).
   */
  isOverBudget(tenantId: string, timezone: string, dailyTokenBudget: number | null): Promise<boolean>
}

export const createUsageMeter = ({ store, clock }: { store: LlmUsageStore; clock: Clock }): UsageMeter => ({
  record: (tenantId, timezone, delta) => store.add({ tenantId, day: dayInTimeZone(clock.now(), timezone), delta }),
  isOverBudget: async (tenantId, timezone, dailyTokenBudget) => {
    if (dailyTokenBudget === null) return false
    const today = await store.get({ tenantId, day: dayInTimeZone(clock.now(), timezone) })
    return (today ? budgetTokens(today) : 0) >= dailyTokenBudget
  },
})
