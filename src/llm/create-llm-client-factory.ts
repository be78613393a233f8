import { OpenAI } from 'openai'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { TenantConfig } from '../tenants/tenant-config.js'
import { createLlmClient } from './create-llm-client.js'
import { llmDefaults } from './llm-defaults.js'
import type { LlmClient } from './llm-client.js'

export type TenantOpenaiConfig = TenantConfig['openai']

export interface LlmClientFactoryDeps {
  /** OPENAI_API_KEY: used for tenants without a key of their own. */
  platformApiKey?: string | undefined
  /** OPENAI_BASE_URL: goes with the platform key only. */
  platformBaseUrl?: string | undefined
  logger: Logger
  /** Accepted for symmetry with other services; nothing here depends on time yet. */
  clock?: Clock
  /** ms per attempt (default 60 000). */
  timeoutMs?: number
  /** SDK retries on 408/409/429/5xx, timeouts and connection errors (default 2). */
  maxRetries?: number
}

export interface LlmClientFactory {
  /** The tenant's client, or null when neither the tenant nor the platform has an API key. */
  forTenant(tenantId: string, openaiConfig: TenantOpenaiConfig): LlmClient | null
}

interface Credentials {
  apiKey: string
  baseURL: string
  source: 'tenant' | 'platform'
}

interface CachedSdk {
  apiKey: string
  baseURL: string
  sdk: OpenAI
}

/**
 * The key and the base URL travel together: a tenant's `base_url` is used only with the tenant's
 * own key, so a tenant can never point the platform key at a server of its choosing.
 */
const credentialsFor = (config: TenantOpenaiConfig, deps: LlmClientFactoryDeps): Credentials | null => {
  if (config.api_key) return { apiKey: config.api_key, baseURL: config.base_url ?? llmDefaults.baseUrl, source: 'tenant' }
  if (deps.platformApiKey) {
    return { apiKey: deps.platformApiKey, baseURL: deps.platformBaseUrl ?? llmDefaults.baseUrl, source: 'platform' }
  }
  return null
}

/**
 * The SDK logs request bodies at debug level and reads OPENAI_LOG; this keeps it at warn and
 * passes on only its message line, never the details object (headers, bodies).
 */
const sdkLogger = (logger: Logger) => {
  const ignore = () => undefined
  return {
    error: (message: string) => logger.error({ component: 'openai-sdk' }, message),
    warn: (message: string) => logger.warn({ component: 'openai-sdk' }, message),
    info: ignore,
    debug: ignore,
  }
}

/** Builds each tenant's LlmClient, keeping one SDK instance per tenant while its key and URL stay the same. */
export const createLlmClientFactory = (deps: LlmClientFactoryDeps): LlmClientFactory => {
  const sdks = new Map<string, CachedSdk>()

  const sdkFor = (tenantId: string, credentials: Credentials): OpenAI => {
    const cached = sdks.get(tenantId)
    if (cached && cached.apiKey === credentials.apiKey && cached.baseURL === credentials.baseURL) return cached.sdk
    const sdk = new OpenAI({
      // Everything explicit: otherwise the SDK reads OPENAI_* variables itself.
      apiKey: credentials.apiKey,
      baseURL: credentials.baseURL,
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      timeout: deps.timeoutMs ?? llmDefaults.timeoutMs,
      maxRetries: deps.maxRetries ?? llmDefaults.maxRetries,
      logger: sdkLogger(deps.logger),
      logLevel: 'warn',
    })
    sdks.set(tenantId, { apiKey: credentials.apiKey, baseURL: credentials.baseURL, sdk })
    deps.logger.debug(
      { tenantId, keySource: credentials.source, baseUrl: credentials.baseURL, replaced: cached !== undefined },
      'openai client created',
    )
    return sdk
  }

  return {
    forTenant: (tenantId, openaiConfig) => {
      const credentials = credentialsFor(openaiConfig, deps)
      if (!credentials) return null
      return createLlmClient({
        sdk: sdkFor(tenantId, credentials),
        apiKey: credentials.apiKey,
        models: {
          chat: openaiConfig.chat_model ?? llmDefaults.chatModel,
          embedding: openaiConfig.embedding_model ?? llmDefaults.embeddingModel,
          embeddingDimensions: openaiConfig.embedding_dimensions,
          transcription: openaiConfig.transcription_model ?? llmDefaults.transcriptionModel,
        },
      })
    },
  }
}
