import { AppError, isAppError } from '../shared/app-error.js'
import type { Logger } from '../shared/logger.js'
import type { CircuitBreaker } from './circuit-breaker.js'
import type { LlmClientFactory, TenantOpenaiConfig } from './create-llm-client-factory.js'
import type { ChatUsage, LlmClient } from './llm-client.js'
import { isProviderFailure, type LlmOperation } from './llm-errors.js'
import type { LlmUsageDelta } from './llm-usage.js'
import type { UsageMeter } from './usage-meter.js'

export interface InstrumentedLlmDeps {
  factory: LlmClientFactory
  breaker: CircuitBreaker
  meter: UsageMeter
  logger: Logger
  /** Called once per outage, when a tenant's circuit goes from closed to open (to tell the owner). */
  onCircuitOpened?: (event: { tenantId: string; error: AppError }) => void
}

export interface TenantLlmContext {
  tenantId: string
  /** The tenant's IANA time zone: usage is counted per local day. */
  timezone: string
  openai: TenantOpenaiConfig
  /**
   * prompt + completion + embedding tokens per local day; null means unlimited. When absent,
   * the tenant config's `openai.daily_token_budget` applies (absent there too: unlimited).
   */
  dailyTokenBudget?: number | null
}

const budgetOf = ({ dailyTokenBudget, openai }: TenantLlmContext & { openai: { daily_token_budget?: number } }): number | null =>
  dailyTokenBudget !== undefined ? dailyTokenBudget : (openai.daily_token_budget ?? null)

export interface InstrumentedLlm {
  /**
   * The tenant's LlmClient behind its circuit breaker, budget and usage meter, or null when
   * no API key is configured. Throws LLM_CIRCUIT_OPEN / LLM_BUDGET_EXCEEDED before calling out.
   */
  forTenant(context: TenantLlmContext): LlmClient | null
}

const chatDelta = (usage: ChatUsage): LlmUsageDelta => ({
  prompt_tokens: usage.promptTokens,
  completion_tokens: usage.completionTokens,
  requests: 1,
})

export const createInstrumentedLlm = (deps: InstrumentedLlmDeps): InstrumentedLlm => {
  const { breaker, meter, logger } = deps

  const refuseIfBlocked = async (context: TenantLlmContext): Promise<void> => {
    const { tenantId, timezone } = context
    const dailyTokenBudget = budgetOf(context)
    // Budget first: `isOpen` may hand out the half-open trial, which must then really be made.
    if (await meter.isOverBudget(tenantId, timezone, dailyTokenBudget)) {
      throw new AppError('LLM_BUDGET_EXCEEDED', 'The daily LLM token budget of this tenant is used up; it renews at midnight.', {
        category: 'user',
        details: { tenant_id: tenantId, daily_token_budget: dailyTokenBudget },
      })
    }
    if (breaker.isOpen(tenantId)) {
      throw new AppError('LLM_CIRCUIT_OPEN', 'OpenAI calls of this tenant are paused after repeated failures; they resume shortly.', {
        category: 'third_party',
        details: { tenant_id: tenantId },
      })
    }
  }

  const noteFailure = (tenantId: string, operation: LlmOperation, error: unknown): void => {
    if (!isAppError(error)) return
    logger.warn({ tenantId, operation, code: error.code, details: error.details, err: error.message }, 'llm call failed')
    // A 400-like answer still proves the provider is up and takes the key.
    if (!isProviderFailure(error)) {
      if (error.category === 'third_party') breaker.recordSuccess(tenantId)
      return
    }
    if (!breaker.recordFailure(tenantId).opened) return
    logger.error({ tenantId, code: error.code }, 'llm circuit opened: calls paused')
    try {
      deps.onCircuitOpened?.({ tenantId, error })
    } catch (callbackError) {
      logger.error({ tenantId, err: (callbackError as Error).message }, 'onCircuitOpened failed')
    }
  }

  const recordUsage = async (context: TenantLlmContext, delta: LlmUsageDelta): Promise<void> => {
    try {
      await meter.record(context.tenantId, context.timezone, delta)
    } catch (error) {
      // The call succeeded and was paid for: failing it now would only make the caller pay again.
      logger.error({ tenantId: context.tenantId, err: (error as Error).message }, 'llm usage not recorded')
    }
  }

  const wrap = (context: TenantLlmContext, inner: LlmClient): LlmClient => {
    const run = async <T>(operation: LlmOperation, call: () => Promise<T>, usageOf: (result: T) => LlmUsageDelta): Promise<T> => {
      await refuseIfBlocked(context)
      let result: T
      try {
        result = await call()
      } catch (error) {
        noteFailure(context.tenantId, operation, error)
        throw error
      }
      breaker.recordSuccess(context.tenantId)
      await recordUsage(context, usageOf(result))
      return result
    }
    return {
      chat: (input) => run('chat', () => inner.chat(input), (result) => chatDelta(result.usage)),
      describeImage: (input) => run('describe_image', () => inner.describeImage(input), (result) => chatDelta(result.usage)),
      embed: (texts) => run('embed', () => inner.embed(texts), (result) => ({ embedding_tokens: result.usage.tokens, requests: 1 })),
      transcribe: (input) =>
        run('transcribe', () => inner.transcribe(input), (result) => ({ audio_seconds: Math.ceil(result.seconds ?? 0), requests: 1 })),
    }
  }

  return {
    forTenant: (context) => {
      const inner = deps.factory.forTenant(context.tenantId, context.openai)
      return inner ? wrap(context, inner) : null
    },
  }
}
