export type {
  ChatInput,
  ChatMessage,
  ChatResult,
  ChatUsage,
  DescribeImageInput,
  DescribeImageResult,
  EmbedResult,
  LlmClient,
  ToolCall,
  ToolDefinition,
  TranscribeInput,
  TranscribeResult,
} from './llm-client.js'
export { llmDefaults, embeddingModelDimensions } from './llm-defaults.js'
export { toLlmError, llmNotConfiguredError, isProviderFailure, type LlmOperation } from './llm-errors.js'
export {
  createLlmClientFactory,
  type LlmClientFactory,
  type LlmClientFactoryDeps,
  type TenantOpenaiConfig,
} from './create-llm-client-factory.js'
export { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js'
export {
  llmUsageCountersSchema,
  llmUsageDaySchema,
  llmUsageDeltaSchema,
  usageDaySchema,
  budgetTokens,
  type LlmUsageCounters,
  type LlmUsageDay,
  type LlmUsageDelta,
} from './llm-usage.js'
export type { LlmUsageStore, AddLlmUsageInput } from './llm-usage-store.js'
export { createFileLlmUsageStore } from './file-llm-usage-store.js'
export { createPostgresLlmUsageStore } from './postgres-llm-usage-store.js'
export { dayInTimeZone } from './day-in-time-zone.js'
export { createUsageMeter, type UsageMeter } from './usage-meter.js'
export {
  createInstrumentedLlm,
  type InstrumentedLlm,
  type InstrumentedLlmDeps,
  type TenantLlmContext,
} from './create-instrumented-llm.js'
export {
  estimateUsageCostUsd,
  chatModelPricesUsd,
  embeddingModelPricesUsd,
  transcriptionModelPricesUsdPerMinute,
  type UsageCostModels,
} from './estimate-usage-cost.js'
