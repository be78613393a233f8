import type { LlmUsageCounters } from './llm-usage.js'

/**
 * OpenAI list prices in USD, for an **estimate** in the owner's usage report: chat models per
 * million input / output tokens, embedding models per million tokens, transcription per minute.
 * Prices change and providers discount (cached input, batch); the provider's bill is the truth.
 * Checked against https://openai.com/api/pricing/ in 2025.
 */
export const chatModelPricesUsd: Readonly<Record<string, { inputPerMillion: number; outputPerMillion: number }>> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
}

export const embeddingModelPricesUsd: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 0.02,
  'text-embedding-3-large': 0.13,
  'text-embedding-ada-002': 0.1,
}

export const transcriptionModelPricesUsdPerMinute: Readonly<Record<string, number>> = {
  'whisper-1': 0.006,
  'gpt-4o-transcribe': 0.006,
  'gpt-4o-mini-transcribe': 0.003,
}

/** The models a day's usage is priced with: the tenant's configured ones (usage is not stored per model). */
export interface UsageCostModels {
  chat: string
  embedding: string
  transcription: string
}

/** `gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`. */
const priceOf = <T>(table: Readonly<Record<string, T>>, model: string): T | undefined => {
  const name = model.trim().toLowerCase()
  return table[name] ?? table[name.replace(/-\d{4}-\d{2}-\d{2}$/, '')]
}

/**
 * An estimate in USD (6 decimals) of a day's usage, or null when a model that was used has no
 * known price. Counters at zero need no price.
 */
export const estimateUsageCostUsd = (usage: LlmUsageCounters, models: UsageCostModels): number | null => {
  let total = 0
  if (usage.prompt_tokens > 0 || usage.completion_tokens > 0) {
    const chat = priceOf(chatModelPricesUsd, models.chat)
    if (!chat) return null
    total += (usage.prompt_tokens * chat.inputPerMillion + usage.completion_tokens * chat.outputPerMillion) / 1_000_000
  }
  if (usage.embedding_tokens > 0) {
    const embedding = priceOf(embeddingModelPricesUsd, models.embedding)
    if (embedding === undefined) return null
    total += (usage.embedding_tokens * embedding) / 1_000_000
  }
  if (usage.audio_seconds > 0) {
    const perMinute = priceOf(transcriptionModelPricesUsdPerMinute, models.transcription)
    if (perMinute === undefined) return null
    total += (usage.audio_seconds / 60) * perMinute
  }
  return Math.round(total * 1_000_000) / 1_000_000
}
