/** Every default of the LLM layer, in one place. A tenant's `openai` config overrides the models. */
export const llmDefaults = {
  baseUrl: 'https://api.openai.com/v1',
  chatModel: 'gpt-4o-mini',
  embeddingModel: 'text-embedding-3-small',
  transcriptionModel: 'whisper-1',
  /** ms per attempt; the SDK's own default is 10 minutes. */
  timeoutMs: 60_000,
  /** The SDK retries 408/409/429/5xx and connection errors, with backoff (or `retry-after`). */
  maxRetries: 2,
  /** Inputs per embeddings request (the API takes up to 2048; smaller batches fail smaller). */
  embeddingBatchSize: 96,
} as const

/** Native sizes of OpenAI's embedding models, for when no vector came back to measure. */
export const embeddingModelDimensions: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
}
