import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// After a contact's erasure (LGPD), a message they sent before it — delivered late, or queued
// before the erasure ran — is not recorded again; what they send afterwards is new data.
let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness({ config: { owner_numbers: ['5511900000009'] } })
})
afterAll(() => h.stop())

const peer = '5511944440001@s.whatsapp.net'
const textFrom = (text: string, sentAt: Date) => (body: any) => ({
  ...body,
  data: { ...body.data, messageTimestamp: Math.floor(sentAt.getTime() / 1000), key: { ...body.data.key, remoteJid: peer, remoteJidAlt: '' }, message: { conversation: text } },
})
const sentToPeer = () => h.evolution.sentTexts().filter((sent) => sent.number === peer)
const waitForSends = async (count: number) => {
  const deadline = Date.now() + 10_000
  while (sentToPeer().length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} replies, got ${sentToPeer().length}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('erasure and queued messages', () => {
  it('does not record a pre-erasure message delivered after the erasure, and records the next one', async () => {
    await h.post('messages-upsert.text.json', { edit: textFrom('Meu CPF é 123.456.789-09, quero marcar', new Date()) })
    await waitForSends(1)
    const contactId = (await h.app.api(`/api/tenants/${h.tenantId}/customers?q=5511944440001`)).body.items[0].customer_id
    const erased = await h.app.api(`/api/tenants/${h.tenantId}/contacts/${contactId}/memory`, { method: 'DELETE' })
    expect(erased.status).toBe(200)
    const erasedAt = Date.parse(erased.body.erased_at)

    // Sent a few seconds before the erasure, delivered after it (Evolution retried).
    await h.post('messages-upsert.text.json', { edit: textFrom('Esqueci: meu endereço é Rua das Flores, 10', new Date(erasedAt - 5_000)), keepTimestamp: true })
    // Sent after the erasure: the person wrote again.
    await h.post('messages-upsert.text.json', { edit: textFrom('Oi, voltei', new Date(erasedAt + 2_000)), keepTimestamp: true })
    await waitForSends(2)
    const messages = (await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/messages`)).body.items
    const texts = messages.map((message: any) => message.text)
    expect(texts).toContain('Oi, voltei')
    expect(texts.join('\n')).not.toContain('Rua das Flores')
    expect(texts.join('\n')).not.toContain('CPF')
  })
})
