import { APIConnectionTimeoutError, APIError, OpenAIError } from 'openai'
import { AppError } from '../shared/app-error.js'
import { maskSecret } from '../shared/mask-secret.js'

export type LlmOperation = 'chat' | 'embed' | 'transcribe' | 'describe_image'

const withoutKey = (message: string, apiKey: string): string =>
  apiKey.length > 0 ? message.split(apiKey).join(maskSecret(apiKey)) : message

/**
 * Turns an SDK error into an AppError carrying the provider's message. The SDK has already
 * retried what it retries (429, 5xx, timeouts, connection errors) by the time one arrives.
 * The API key is masked out of the message in case a provider echoes it back.
 */
export const toLlmError = (error: unknown, context: { operation: LlmOperation; apiKey: string }): unknown => {
  if (error instanceof AppError || !(error instanceof OpenAIError)) return error
  const message = withoutKey(error.message, context.apiKey)
  const status = error instanceof APIError ? error.status : undefined
  const details = {
    operation: context.operation,
    ...(status !== undefined ? { status } : {}),
    ...(error instanceof APIError && error.code ? { provider_code: error.code } : {}),
    ...(error instanceof APIError && error.requestID ? { request_id: error.requestID } : {}),
  }
  const fail = (code: string, text: string) => new AppError(code, text, { category: 'third_party', details, cause: error })
  if (error instanceof APIConnectionTimeoutError) return fail('LLM_TIMEOUT', `OpenAI ${context.operation} timed out: ${message}`)
  if (status === 401 || status === 403) return fail('LLM_AUTH_FAILED', `OpenAI refused the API key (${context.operation}): ${message}`)
  if (status === 429) return fail('LLM_RATE_LIMITED', `OpenAI rate limit or quota reached (${context.operation}): ${message}`)
  return fail('LLM_REQUEST_FAILED', `OpenAI ${context.operation} request failed: ${message}`)
}

/** For callers that need an LLM where neither the tenant nor the platform has a key. */
export const llmNotConfiguredError = (tenantId: string): AppError =>
  new AppError(
    'LLM_NOT_CONFIGURED',
    'No OpenAI API key: set openai.api_key in the tenant config, or OPENAI_API_KEY for the platform.',
    { category: 'user', details: { tenant_id: tenantId } },
  )

const providerFailureCodes = new Set(['LLM_AUTH_FAILED', 'LLM_RATE_LIMITED', 'LLM_TIMEOUT', 'LLM_REQUEST_FAILED'])

/**
 * Whether a failure says the provider (or the tenant's account with it) is unwell, which is what
 * the circuit breaker counts. A 400/413/422 is about one request (an image it cannot read, a
 * context too long): the provider answered, so it does not count.
 */
export const isProviderFailure = (error: unknown): boolean => {
  if (!(error instanceof AppError) || !providerFailureCodes.has(error.code)) return false
  const status = error.details.status
  return !(status === 400 || status === 413 || status === 422)
}
