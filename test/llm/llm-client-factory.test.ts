import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLlmClientFactory } from '../../src/llm/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { createCapturingLogger } from './llm-test-helpers.js'

const hello = { messages: [{ role: 'user' as const, content: 'oi' }] }

describe('createLlmClientFactory', () => {
  let openai: FakeOpenAI

  beforeAll(async () => {
    openai = await startFakeOpenAI()
  })
  afterAll(() => openai.close())
  beforeEach(() => openai.reset())

  it('returns null when neither the tenant nor the platform has a key', () => {
    const factory = createLlmClientFactory({ logger: createSilentLogger(), clock: systemClock })
    expect(factory.forTenant('t-a', {})).toBeNull()
    expect(factory.forTenant('t-a', { base_url: openai.url, chat_model: 'gpt-4o' })).toBeNull()
  })

  it('uses the platform key, base URL and default models for a tenant without a key', async () => {
    const factory = createLlmClientFactory({ platformApiKey: 'sk-platform-1234567890', platformBaseUrl: openai.url, logger: createSilentLogger(), clock: systemClock })
    const client = factory.forTenant('t-a', {})
    openai.script([{ content: 'ok' }])
    await client!.chat(hello)
    await client!.embed(['a'])
    await client!.transcribe({ audio: Buffer.from('x'), fileName: 'voice.ogg', mimetype: 'audio/ogg' })
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual(Array(3).fill('Bearer sk-platform-1234567890'))
    expect(openai.chatRequests()[0].model).toBe('gpt-4o-mini')
    expect(openai.embeddingRequests()[0]).toMatchObject({ model: 'text-embedding-3-small' })
    expect(openai.embeddingRequests()[0]).not.toHaveProperty('dimensions')
    expect(openai.transcriptionRequests()[0]?.fields.model).toBe('whisper-1')
  })

  it("prefers the tenant's own key and never sends the platform key to a tenant's base URL", async () => {
    const tenantServer = await startFakeOpenAI()
    try {
      const factory = createLlmClientFactory({ platformApiKey: 'sk-platform-1234567890', platformBaseUrl: openai.url, logger: createSilentLogger(), clock: systemClock })
      tenantServer.script([{ content: 'tenant' }])
      await factory.forTenant('t-own', { api_key: 'sk-tenant-own-key-000', base_url: tenantServer.url })!.chat(hello)
      expect(tenantServer.requests[0]?.headers.authorization).toBe('Bearer sk-tenant-own-key-000')

      openai.script([{ content: 'platform' }])
      await factory.forTenant('t-other', { base_url: tenantServer.url })!.chat(hello)
      expect(tenantServer.requests).toHaveLength(1)
      expect(openai.requests[0]?.headers.authorization).toBe('Bearer sk-platform-1234567890')
    } finally {
      await tenantServer.close()
    }
  })

  it('keeps one SDK instance per tenant until its key or base URL changes', async () => {
    const { logger, output } = createCapturingLogger()
    const factory = createLlmClientFactory({ logger, clock: systemClock })
    const config = { api_key: 'sk-first-key-00000000', base_url: openai.url }
    openai.script([{ content: '1' }, { content: '2' }, { content: '3' }])
    await factory.forTenant('t-a', config)!.chat(hello)
    await factory.forTenant('t-a', { ...config, chat_model: 'gpt-4o' })!.chat(hello)
    await factory.forTenant('t-a', { ...config, api_key: 'sk-second-key-0000000' })!.chat(hello)
    const created = output().split('\n').filter((line) => line.includes('openai client created'))
    expect(created).toHaveLength(2)
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer sk-first-key-00000000',
      'Bearer sk-first-key-00000000',
      'Bearer sk-second-key-0000000',
    ])
    expect(openai.chatRequests()[1].model).toBe('gpt-4o')
    expect(output()).not.toContain('sk-first-key')
  })
})
