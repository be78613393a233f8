import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isProviderFailure } from '../../src/llm/index.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { findClosedPort } from '../support/free-port.js'
import { captureAppError, createCapturingLogger, fakeTenantClient, testApiKey } from './llm-test-helpers.js'

const hello = { messages: [{ role: 'user' as const, content: 'segredo do cliente' }] }

describe('LlmClient errors (the SDK retries, then fabio maps)', () => {
  let openai: FakeOpenAI

  beforeAll(async () => {
    openai = await startFakeOpenAI()
  })
  afterAll(() => openai.close())
  beforeEach(() => openai.reset())

  it('succeeds after a 429 thanks to the SDK retry', async () => {
    openai.script([{ error: 429 }, { content: 'ok depois do limite' }])
    const result = await fakeTenantClient(openai, { maxRetries: 2 }).chat(hello)
    expect(result.message.content).toBe('ok depois do limite')
    expect(openai.chatRequests()).toHaveLength(2)
  })

  it('maps a 429 that outlasts the retries to LLM_RATE_LIMITED', async () => {
    openai.script([{ error: 429 }, { error: 429, code: 'insufficient_quota', message: 'You exceeded your current quota.' }])
    const error = await captureAppError(fakeTenantClient(openai, { maxRetries: 1 }).chat(hello))
    expect(error).toMatchObject({ code: 'LLM_RATE_LIMITED', category: 'third_party', details: { operation: 'chat', status: 429, provider_code: 'insufficient_quota' } })
    expect(error.message).toContain('You exceeded your current quota.')
  })

  it('maps 500s that exhaust the retries to LLM_REQUEST_FAILED with the provider message', async () => {
    openai.script([{ error: 500 }, { error: 500 }, { error: 500 }])
    const error = await captureAppError(fakeTenantClient(openai, { maxRetries: 2 }).chat(hello))
    expect(error).toMatchObject({ code: 'LLM_REQUEST_FAILED', category: 'third_party', details: { status: 500 } })
    expect(error.message).toContain('The server had an error while processing your request')
    expect(openai.chatRequests()).toHaveLength(3)
    expect(isProviderFailure(error)).toBe(true)
  })

  it('maps a request that never answers to LLM_TIMEOUT', async () => {
    openai.script([{ hang: true }])
    const error = await captureAppError(fakeTenantClient(openai, { maxRetries: 0, timeoutMs: 200 }).chat(hello))
    expect(error).toMatchObject({ code: 'LLM_TIMEOUT', category: 'third_party', details: { operation: 'chat' } })
  })

  it('maps a refused key to LLM_AUTH_FAILED, without retrying and without logging the key or the text', async () => {
    const guarded = await startFakeOpenAI({ apiKey: 'sk-the-right-key-000000' })
    const { logger, output } = createCapturingLogger()
    try {
      const error = await captureAppError(fakeTenantClient(guarded, { logger, maxRetries: 2 }).chat(hello))
      expect(error).toMatchObject({ code: 'LLM_AUTH_FAILED', category: 'third_party', details: { status: 401, provider_code: 'invalid_api_key' } })
      expect(error.message).toContain('Incorrect API key provided')
      expect(guarded.requests).toHaveLength(1)
      expect(output()).not.toContain(testApiKey)
      expect(output()).not.toContain('segredo do cliente')
    } finally {
      await guarded.close()
    }
  })

  it('masks the key out of a provider message that echoes it', async () => {
    openai.script([{ error: 403, message: `key ${testApiKey} is blocked` }])
    const error = await captureAppError(fakeTenantClient(openai).chat(hello))
    expect(error.code).toBe('LLM_AUTH_FAILED')
    expect(error.message).not.toContain(testApiKey)
    expect(error.message).toContain('••••')
  })

  it('maps a connection refused to LLM_REQUEST_FAILED', async () => {
    const gone = { url: `http://127.0.0.1:${await findClosedPort()}/v1` }
    const error = await captureAppError(fakeTenantClient(gone, { maxRetries: 0 }).embed(['x']))
    expect(error).toMatchObject({ code: 'LLM_REQUEST_FAILED', details: { operation: 'embed' } })
  })

  it('does not count a rejected request (400) as a provider failure', async () => {
    openai.script([{ error: 400, message: 'Invalid image.' }])
    const error = await captureAppError(fakeTenantClient(openai).chat(hello))
    expect(error).toMatchObject({ code: 'LLM_REQUEST_FAILED', details: { status: 400 } })
    expect(isProviderFailure(error)).toBe(false)
  })

  it('says so when the fake has no scripted answer left', async () => {
    const error = await captureAppError(fakeTenantClient(openai, { maxRetries: 0 }).chat(hello))
    expect(error.message).toContain('fake-openai: no scripted response left')
  })
})
