import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// The CRM on the WhatsApp path: leads for new contacts, opt-out, campaigns that respect it.
let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness({ config: { crm: { send_window: { start: '00:00', end: '23:59' } } } })
})
afterAll(() => h.stop())

const say = (jid: string, text: string) => (body: any) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: jid, remoteJidAlt: '' }, message: { conversation: text } } })
const sentTo = (jid: string) => h.evolution.sentTexts().filter((sent) => sent.number === jid)
const waitFor = async (condition: () => boolean) => {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('not in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('the CRM on the WhatsApp path', () => {
  const ana = '5511944440001@s.whatsapp.net'
  const bia = '5511944440002@s.whatsapp.net'

  it('creates a lead for each new contact', async () => {
    await h.post('messages-upsert.text.json', { edit: say(ana, 'oi, quanto custa?') })
    await h.post('messages-upsert.text.json', { edit: say(bia, 'bom dia') })
    await waitFor(() => sentTo(ana).length === 1 && sentTo(bia).length === 1)
    const leads = (await h.app.api(`/api/tenants/${h.tenantId}/leads`)).body
    expect(leads.total).toBe(2)
    expect(leads.items.every((lead: { stage: string; source: string }) => lead.stage === 'new' && lead.source === 'whatsapp')).toBe(true)
  })

  it('records an opt-out, confirms it once, and leaves that contact out of campaigns', async () => {
    await h.post('messages-upsert.text.json', { edit: say(bia, 'não quero mais receber mensagens') })
    await waitFor(() => sentTo(bia).length === 2)
    expect(sentTo(bia)[1]?.text).toContain('não vai mais receber mensagens automáticas')
    const campaign = await h.app.api(`/api/tenants/${h.tenantId}/campaigns`, {
      method: 'POST',
      body: { name: 'Promo de março', message: 'Março com 10% de desconto!', audience: { stages: ['new'] } },
    })
    expect(campaign.status).toBe(202)
    expect(campaign.body).toMatchObject({ recipients: 1, excluded_opted_out: 1 })
    await waitFor(() => sentTo(ana).length === 2)
    expect(sentTo(ana)[1]?.text).toBe('Março com 10% de desconto!')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sentTo(bia)).toHaveLength(2)
  })
})
