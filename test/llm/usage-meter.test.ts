import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileLlmUsageStore, createUsageMeter, dayInTimeZone, type LlmUsageStore } from '../../src/llm/index.js'
import { createFixedClock } from '../../src/shared/clock.js'
import { randomTenantId } from '../support/factories.js'
import { openTestFileStorage } from '../support/file-storage.js'

describe('dayInTimeZone', () => {
  it("gives the tenant's local date, not the UTC one", () => {
    const lateEvening = new Date('2030-01-02T02:30:00Z')
    expect(dayInTimeZone(lateEvening, 'America/Sao_Paulo')).toBe('2030-01-01')
    expect(dayInTimeZone(lateEvening, 'UTC')).toBe('2030-01-02')
    expect(dayInTimeZone(new Date('2030-12-31T23:30:00Z'), 'Asia/Tokyo')).toBe('2031-01-01')
  })
})

describe('createUsageMeter', () => {
  let store: LlmUsageStore
  let close: () => Promise<void>

  beforeAll(async () => {
    const opened = await openTestFileStorage()
    close = opened.close
    store = await createFileLlmUsageStore(opened.storage)
  })
  afterAll(() => close())

  it('records usage on the local day of the tenant', async () => {
    const clock = createFixedClock(new Date('2030-01-02T02:30:00Z'))
    const meter = createUsageMeter({ store, clock })
    const tenantId = randomTenantId()
    await meter.record(tenantId, 'America/Sao_Paulo', { prompt_tokens: 10, completion_tokens: 5, requests: 1 })
    clock.advance(20 * 60 * 1000) // 23:50 in São Paulo
    await meter.record(tenantId, 'America/Sao_Paulo', { prompt_tokens: 1, requests: 1 })
    expect(await store.get({ tenantId, day: '2030-01-01' })).toMatchObject({ prompt_tokens: 11, completion_tokens: 5, requests: 2 })
    clock.advance(20 * 60 * 1000) // 00:10, the next local day
    await meter.record(tenantId, 'America/Sao_Paulo', { audio_seconds: 9, requests: 1 })
    expect(await store.get({ tenantId, day: '2030-01-02' })).toMatchObject({ audio_seconds: 9, prompt_tokens: 0, requests: 1 })
  })

  it("compares today's prompt, completion and embedding tokens with the budget", async () => {
    const clock = createFixedClock(new Date('2030-03-10T15:00:00Z'))
    const meter = createUsageMeter({ store, clock })
    const tenantId = randomTenantId()
    expect(await meter.isOverBudget(tenantId, 'America/Sao_Paulo', 100)).toBe(false)
    await meter.record(tenantId, 'America/Sao_Paulo', { prompt_tokens: 60, completion_tokens: 20, embedding_tokens: 19, audio_seconds: 500 })
    expect(await meter.isOverBudget(tenantId, 'America/Sao_Paulo', 100)).toBe(false)
    await meter.record(tenantId, 'America/Sao_Paulo', { embedding_tokens: 1 })
    expect(await meter.isOverBudget(tenantId, 'America/Sao_Paulo', 100)).toBe(true)
    expect(await meter.isOverBudget(tenantId, 'America/Sao_Paulo', null)).toBe(false)
    clock.advance(24 * 60 * 60 * 1000)
    expect(await meter.isOverBudget(tenantId, 'America/Sao_Paulo', 100)).toBe(false)
  })
})
