import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// The same path on PostgreSQL: ingest, dedupe, debounce and reply.
let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness({ env: { ORCHESTRATION_STORE_BACKEND: 'postgres', ORCHESTRATION_PG_DSN: inject('pgDsn') } })
})
afterAll(() => h.stop())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the conversation path on PostgreSQL', () => {
  it('answers a burst once, however often it is delivered', async () => {
    const peer = '5511955550001@s.whatsapp.net'
    const from = (text: string) => (body: any) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: peer, remoteJidAlt: '' }, message: { conversation: text } } })
    const first = await h.post('messages-upsert.text.json', { edit: from('Oi') })
    await h.post('messages-upsert.text.json', { edit: from('quero agendar') })
    expect((await h.evolution.postWebhook(h.webhookUrl(), first.sent, { retries: 0 })).body).toEqual({ status: 'duplicate' })
    await h.evolution.waitForSentTexts(1)
    await sleep(500)
    expect(h.evolution.sentTexts().filter((sent) => sent.number === peer)).toHaveLength(1)
    const [turn] = await h.waitForEvent('turn.completed')
    expect(turn.data.messages).toBe(2)
  })
})
