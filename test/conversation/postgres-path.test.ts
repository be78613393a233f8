import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmptyDatabase } from '../support/test-postgres.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// The same path on PostgreSQL: ingest, dedupe, debounce and reply.
// Its own database: a worker serves every tenant of its database, so leftovers of other test
// files (tasks of stopped fabios) must not compete with this one's.
let h: WhatsappHarness
let database: { dsn: string; drop(): Promise<void> }
beforeAll(async () => {
  database = await createEmptyDatabase()
  h = await startWhatsappHarness({ env: { ORCHESTRATION_STORE_BACKEND: 'postgres', ORCHESTRATION_PG_DSN: database.dsn } })
})
afterAll(async () => {
  await h.stop()
  await database.drop()
})

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
