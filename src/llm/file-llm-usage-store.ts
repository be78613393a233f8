import type { FileStorage } from '../storage/file/index.js'
import { emptyUsageDay, llmUsageDeltaSchema, usageCounterNames, usageDaySchema, type LlmUsageDay } from './llm-usage.js'
import type { LlmUsageStore } from './llm-usage-store.js'

export const createFileLlmUsageStore = async (storage: FileStorage): Promise<LlmUsageStore> => {
  const collection = await storage.collection<LlmUsageDay>({
    folder: 'orchestration',
    name: 'llm-usage',
    idOf: (usage) => usage.day,
  })
  return {
    add: async ({ tenantId, day, delta }) => {
      usageDaySchema.parse(day)
      const counters = llmUsageDeltaSchema.parse(delta)
      // get and put run in the same tick (put updates memory before it awaits): no lost update.
      const next = collection.get(tenantId, day) ?? emptyUsageDay(tenantId, day)
      for (const name of usageCounterNames) next[name] += counters[name] ?? 0
      await collection.put(next)
      return structuredClone(next)
    },
    get: async ({ tenantId, day }) => collection.get(tenantId, usageDaySchema.parse(day)),
    list: async ({ tenantId, from, to }) => {
      usageDaySchema.parse(from)
      usageDaySchema.parse(to)
      const items = collection.list(tenantId, (usage) => usage.day >= from && usage.day <= to).sort((a, b) => a.day.localeCompare(b.day))
      return { items, total: items.length }
    },
  }
}
