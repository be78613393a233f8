import { PassThrough } from 'node:stream'
import { isAppError, type AppError } from '../../src/shared/app-error.js'
import { systemClock } from '../../src/shared/clock.js'
import { createLogger, createSilentLogger, type Logger } from '../../src/shared/logger.js'
import { createLlmClientFactory, type LlmClient, type LlmClientFactoryDeps } from '../../src/llm/index.js'
import type { FakeOpenAI } from '../support/fake-openai.js'

export const testApiKey = 'sk-test-tenant-4F9A2C71-do-not-log'

/** Resolves with the AppError the promise rejects with; fails on success or another error. */
export const captureAppError = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

/** A debug-level logger whose output the test can read. */
export const createCapturingLogger = (): { logger: Logger; output(): string } => {
  const destination = new PassThrough()
  let text = ''
  destination.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { logger: createLogger({ level: 'debug', destination }), output: () => text }
}

/** The tenant's client against the fake, with fast settings for tests. */
export const fakeTenantClient = (
  openai: Pick<FakeOpenAI, 'url'>,
  overrides: Partial<LlmClientFactoryDeps> = {},
  config: Record<string, unknown> = {},
): LlmClient => {
  const factory = createLlmClientFactory({ logger: createSilentLogger(), clock: systemClock, maxRetries: 1, timeoutMs: 5000, ...overrides })
  const client = factory.forTenant('t-test', { api_key: testApiKey, base_url: openai.url, ...config })
  if (!client) throw new Error('expected a client')
  return client
}
