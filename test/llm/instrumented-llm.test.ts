import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createCircuitBreaker,
  createFileLlmUsageStore,
  createInstrumentedLlm,
  createLlmClientFactory,
  createUsageMeter,
  type LlmUsageStore,
  type TenantOpenaiConfig,
} from '../../src/llm/index.js'
import type { AppError } from '../../src/shared/app-error.js'
import { createFixedClock } from '../../src/shared/clock.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { randomTenantId } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { openTestFileStorage } from '../support/file-storage.js'
import { captureAppError } from './llm-test-helpers.js'

const hello = { messages: [{ role: 'user' as const, content: 'oi' }] }
const timezone = 'America/Sao_Paulo'

describe('createInstrumentedLlm', () => {
  let openai: FakeOpenAI
  let store: LlmUsageStore
  let closeStorage: () => Promise<void>

  beforeAll(async () => {
    openai = await startFakeOpenAI()
    const opened = await openTestFileStorage()
    closeStorage = opened.close
    store = await createFileLlmUsageStore(opened.storage)
  })
  afterAll(async () => {
    await openai.close()
    await closeStorage()
  })
  beforeEach(() => openai.reset())

  const setup = (options: { dailyTokenBudget?: number | null; usageStore?: LlmUsageStore } = {}) => {
    const clock = createFixedClock(new Date('2030-05-05T15:00:00Z'))
    const logger = createSilentLogger()
    const openings: Array<{ tenantId: string; error: AppError }> = []
    const breaker = createCircuitBreaker({ clock, failureThreshold: 3, openMs: 60_000 })
    const llm = createInstrumentedLlm({
      factory: createLlmClientFactory({ logger, clock, maxRetries: 0, platformApiKey: 'sk-platform-1234567890', platformBaseUrl: openai.url }),
      breaker,
      meter: createUsageMeter({ store: options.usageStore ?? store, clock }),
      logger,
      onCircuitOpened: (event) => openings.push(event),
    })
    const tenantId = randomTenantId()
    const client = llm.forTenant({ tenantId, timezone, openai: {}, dailyTokenBudget: options.dailyTokenBudget ?? null })
    if (!client) throw new Error('expected a client')
    return { clock, breaker, client, tenantId, openings, llm }
  }

  it('records what every kind of call used on the local day', async () => {
    const { client, tenantId } = setup()
    openai.script([
      { content: 'oi!', usage: { promptTokens: 100, completionTokens: 20 } },
      { content: 'uma foto', usage: { promptTokens: 900, completionTokens: 10 } },
    ])
    openai.scriptTranscripts([{ text: 'áudio', seconds: 7.2 }])
    await client.chat(hello)
    await client.describeImage({ image: Buffer.from('img'), mimetype: 'image/png', prompt: 'Descreva.' })
    await client.embed(['uma frase curta'])
    await client.transcribe({ audio: Buffer.from('ogg'), fileName: 'voice.ogg', mimetype: 'audio/ogg' })
    expect(await store.get({ tenantId, day: '2030-05-05' })).toEqual({
      tenant_id: tenantId,
      day: '2030-05-05',
      prompt_tokens: 1000,
      completion_tokens: 30,
      embedding_tokens: 3,
      audio_seconds: 8,
      requests: 4,
    })
  })

  it('opens after repeated provider failures, tells once, refuses without calling, and closes after a good trial', async () => {
    const { client, clock, breaker, tenantId, openings } = setup()
    openai.script([{ error: 500 }, { error: 503 }, { error: 429 }])
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_REQUEST_FAILED')
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_REQUEST_FAILED')
    expect(openings).toEqual([])
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_RATE_LIMITED')
    expect(openings).toEqual([{ tenantId, error: expect.objectContaining({ code: 'LLM_RATE_LIMITED' }) }])
    expect(breaker.state(tenantId)).toBe('open')

    const refused = await captureAppError(client.embed(['x']))
    expect(refused).toMatchObject({ code: 'LLM_CIRCUIT_OPEN', category: 'third_party' })
    expect(openai.requests).toHaveLength(3)

    clock.advance(60_000)
    openai.script([{ error: 500 }])
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_REQUEST_FAILED')
    expect(openings).toHaveLength(1)
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_CIRCUIT_OPEN')

    clock.advance(60_000)
    openai.script([{ content: 'voltei' }])
    expect((await client.chat(hello)).message.content).toBe('voltei')
    expect(breaker.state(tenantId)).toBe('closed')
  })

  it('does not count a rejected request (400) against the circuit', async () => {
    const { client, breaker, tenantId } = setup()
    openai.script([{ error: 400 }, { error: 400 }, { error: 400 }])
    for (let attempt = 0; attempt < 3; attempt += 1) await captureAppError(client.chat(hello))
    expect(breaker.state(tenantId)).toBe('closed')
  })

  it('refuses with LLM_BUDGET_EXCEEDED once the daily budget is used, without calling out', async () => {
    const { client } = setup({ dailyTokenBudget: 50 })
    openai.script([{ content: 'ok', usage: { promptTokens: 40, completionTokens: 10 } }])
    await client.chat(hello)
    const error = await captureAppError(client.chat(hello))
    expect(error).toMatchObject({ code: 'LLM_BUDGET_EXCEEDED', category: 'user', details: { daily_token_budget: 50 } })
    expect(openai.chatRequests()).toHaveLength(1)
  })

  it("falls back to the tenant config's daily_token_budget", async () => {
    const { llm } = setup()
    const tenantId = randomTenantId()
    const openaiConfig: TenantOpenaiConfig & { daily_token_budget?: number } = { daily_token_budget: 10 }
    const client = llm.forTenant({ tenantId, timezone, openai: openaiConfig })!
    openai.script([{ content: 'ok', usage: { promptTokens: 10, completionTokens: 0 } }])
    await client.chat(hello)
    expect((await captureAppError(client.chat(hello))).code).toBe('LLM_BUDGET_EXCEEDED')
  })

  it('still answers when the usage cannot be recorded', async () => {
    const failing: LlmUsageStore = {
      add: async () => {
        throw new Error('disk full')
      },
      get: async () => null,
      list: async () => ({ items: [], total: 0 }),
    }
    const { client } = setup({ usageStore: failing })
    openai.script([{ content: 'ok' }])
    expect((await client.chat(hello)).message.content).toBe('ok')
  })

  it('gives no client when no key is configured', () => {
    const clock = createFixedClock(new Date())
    const logger = createSilentLogger()
    const llm = createInstrumentedLlm({
      factory: createLlmClientFactory({ logger, clock }),
      breaker: createCircuitBreaker({ clock }),
      meter: createUsageMeter({ store, clock }),
      logger,
    })
    expect(llm.forTenant({ tenantId: randomTenantId(), timezone, openai: {} })).toBeNull()
  })
})
