import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandModeTexts } from '../../src/agent/index.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// Each fixture in ../shared/fixtures/evolution, posted by a fake Evolution to a real fabio.
let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness()
})
afterAll(() => h.stop())

/** The same fixture from another contact, so tests do not share a conversation. */
const withPeer = (body: any, jid: string) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: jid, remoteJidAlt: '' } } })

const menu = commandModeTexts.customerMenu('Loja Aurora')
const sentTo = (jid: string) => h.evolution.sentTexts().filter((sent) => sent.number === jid)
const customerByPhone = async (phone: string) =>
  (await h.app.api(`/api/tenants/${h.tenantId}/customers?q=${phone}`)).body.items as Array<{ customer_id: string; phone: string; whatsapp_lid: string | null }>

const expectReplyTo = async (jid: string, count = 1) => {
  const deadline = Date.now() + 10_000
  while (sentTo(jid).length < count) {
    if (Date.now() > deadline) throw new Error(`no reply to ${jid}; sent: ${JSON.stringify(h.evolution.sentTexts())}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return sentTo(jid)
}

describe('Evolution fixtures, end to end', () => {
  it('text: a customer turn answered through sendText with the instance apikey', async () => {
    const { status, body, sent } = await h.post('messages-upsert.text.json')
    expect(status).toBe(200)
    expect(body).toEqual({ status: 'accepted' })
    const [reply] = await expectReplyTo(sent.data.key.remoteJid)
    expect(reply?.text).toBe(menu)
    const request = h.evolution.requests.find((entry) => entry.path === `/message/sendText/${h.evolution.instance}`)
    expect(request?.headers.apikey).toBe(h.evolution.apiKey)
    expect(await customerByPhone(sent.data.key.remoteJid.split('@')[0])).toHaveLength(1)
  })

  it('extended text (an iOS reply quoting us): a customer turn', async () => {
    const { sent } = await h.post('messages-upsert.extended-text.json', { edit: (body) => withPeer(body, '5511922220001@s.whatsapp.net') })
    expect(sent.data.contextInfo?.stanzaId ?? sent.data.message?.extendedTextMessage?.contextInfo?.stanzaId).toBeTruthy()
    await expectReplyTo('5511922220001@s.whatsapp.net')
  })

  it.each(['messages-upsert.v1.text.json', 'messages-upsert.v1.extended-text.json'])('v1 form %s: a customer turn', async (fixture) => {
    const { sent, status } = await h.post(fixture)
    expect(status).toBe(200)
    await expectReplyTo(sent.data.key.remoteJid)
  })

  it('LID: the same customer as the phone number, answered at the phone JID', async () => {
    await h.post('messages-upsert.lid.json')
    const [reply] = await expectReplyTo('5511965432187@s.whatsapp.net')
    expect(reply?.text).toBe(menu)
    const customers = await customerByPhone('5511965432187')
    expect(customers).toHaveLength(1)
    expect(customers[0]?.whatsapp_lid).toBe('162534879012345')
    // The next message arrives by phone JID only: still one customer.
    await h.post('messages-upsert.lid.json', {
      edit: (body) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: '5511965432187@s.whatsapp.net', remoteJidAlt: '162534879012345@lid', addressingMode: 'pn' } } }),
    })
    expect(await customerByPhone('5511965432187')).toHaveLength(1)
  })

  it('image with caption from a 12-digit Belo Horizonte JID: answered at that JID, one customer with the 9th digit', async () => {
    const { sent } = await h.post('messages-upsert.image-caption.json')
    await expectReplyTo(sent.data.key.remoteJid)
    expect(sent.data.key.remoteJid).toBe('553188776655@s.whatsapp.net')
    expect(await customerByPhone('5531988776655')).toHaveLength(1)
  })

  it('voice note: a customer turn (transcription arrives with the agent)', async () => {
    const { sent } = await h.post('messages-upsert.audio-ptt.json')
    await expectReplyTo(sent.data.key.remoteJid)
  })

  it('group: ignored by default, nothing stored, nothing sent', async () => {
    const before = h.evolution.sentTexts().length
    const { status, body } = await h.post('messages-upsert.group.json')
    expect(status).toBe(200)
    expect(body).toEqual({ status: 'ignored', reason: 'group not allowed' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(h.evolution.sentTexts().length).toBe(before)
  })

  it('send.message: our own echo is recorded, not a turn', async () => {
    const turnsBefore = (await h.events('turn.completed')).length
    const { sent, body } = await h.post('send-message.json')
    expect(body).toEqual({ status: 'accepted' })
    await h.waitForEvent('message.echoed')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await h.events('turn.completed')).length).toBe(turnsBefore)
    const [customer] = await customerByPhone(sent.data.key.remoteJid.split('@')[0])
    const messages = (await h.app.api(`/api/tenants/${h.tenantId}/conversations/${customer?.customer_id}/messages`)).body.items
    expect(messages.some((message: { wa_message_id: string; author: string }) => message.wa_message_id === sent.data.key.id && message.author === 'agent')).toBe(true)
  })

  it('messages.update: moves our sent message to READ', async () => {
    const { sent } = await h.post('messages-upsert.text.json', {
      edit: (body) => withPeer(body, '5511911112222@s.whatsapp.net'),
    })
    const [reply] = await expectReplyTo(sent.data.key.remoteJid)
    const read = h.evolution.fixture('messages-update.read.json', (body) => ({
      ...body,
      data: { ...body.data, keyId: reply?.messageId, remoteJid: sent.data.key.remoteJid },
    }))
    expect((await h.evolution.postWebhook(h.webhookUrl(), read, { retries: 0 })).status).toBe(200)
    const [customer] = await customerByPhone('5511911112222')
    const messages = (await h.app.api(`/api/tenants/${h.tenantId}/conversations/${customer?.customer_id}/messages`)).body.items
    expect(messages.find((message: { wa_message_id: string }) => message.wa_message_id === reply?.messageId)?.status).toBe('READ')
  })

  it('connection.update and qrcode.updated: the instance state the API shows, in the event log', async () => {
    await h.post('qrcode-updated.json')
    let state = (await h.app.api(`/api/tenants/${h.tenantId}/whatsapp`)).body.items[0]
    expect(state).toMatchObject({ instance: h.evolution.instance, state: 'connecting' })
    expect(state.qr_code.base64).toMatch(/^data:image\/png;base64,/)
    await h.post('connection-update.open.json')
    state = (await h.app.api(`/api/tenants/${h.tenantId}/whatsapp`)).body.items[0]
    expect(state).toMatchObject({ state: 'open', qr_code: null, wuid: expect.stringContaining('@s.whatsapp.net') })
    expect(await h.events('instance.qrcode_updated')).toHaveLength(1)
    expect(await h.events('instance.connection_updated')).toHaveLength(1)
  })

  it('fromMe: a human typing on the business phone is recorded, never answered, and pauses the bot', async () => {
    const peer = '5511933330001@s.whatsapp.net'
    await h.post('messages-upsert.from-me.json', { edit: (body) => withPeer(body, peer) })
    await h.waitForEvent('handoff.started')
    const [customer] = await customerByPhone(peer.split('@')[0] as string)
    const conversation = (await h.app.api(`/api/tenants/${h.tenantId}/conversations`)).body.items.find(
      (item: { contact_id: string }) => item.contact_id === customer?.customer_id,
    )
    expect(Date.parse(conversation.paused_until)).toBeGreaterThan(Date.now() + 59 * 60_000)
    // The customer writes next: stored, but the bot stays quiet.
    await h.post('messages-upsert.text.json', {
      edit: (body) => withPeer(body, peer),
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(sentTo(peer)).toHaveLength(0)
    const skipped = await h.events('turn.skipped')
    expect(skipped.some((event) => event.contact_id === customer?.customer_id && event.data.reason === 'paused for a human')).toBe(true)
  })

  it('answers unused events with 200 and ignores them', async () => {
    const body = { event: 'presence.update', instance: h.evolution.instance, data: { id: 'x', presences: {} } }
    const result = await h.evolution.postWebhook(h.webhookUrl(), body, { retries: 0 })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ status: 'ignored', reason: 'unhandled event' })
  })
})

describe('an allowed group', () => {
  let g: WhatsappHarness
  beforeAll(async () => {
    g = await startWhatsappHarness()
    const group = g.evolution.fixture('messages-upsert.group.json').data.key.remoteJid as string
    await g.configure({ conversation: { allowed_groups: [group] } })
    // Our own number comes from connection.update (wuid).
    await g.post('connection-update.open.json')
  })
  afterAll(() => g.stop())

  it('is answered only when the bot is mentioned by its number', async () => {
    const wuid = (await g.app.api(`/api/tenants/${g.tenantId}/whatsapp`)).body.items[0].wuid as string
    const notMentioned = await g.post('messages-upsert.group.json', {
      edit: (body) => ({ ...body, data: { ...body.data, contextInfo: { ...body.data.contextInfo, mentionedJid: [] }, message: { conversation: 'bom dia grupo' } } }),
    })
    expect(notMentioned.body).toEqual({ status: 'accepted' })
    await g.waitForEvent('turn.skipped')
    expect(g.evolution.sentTexts()).toHaveLength(0)
    const mentioned = await g.post('messages-upsert.group.json', {
      edit: (body) => ({ ...body, data: { ...body.data, contextInfo: { ...body.data.contextInfo, mentionedJid: [wuid] }, message: { extendedTextMessage: { text: '@bot qual o horário?', contextInfo: { mentionedJid: [wuid] } } } } }),
    })
    const [reply] = await g.evolution.waitForSentTexts(1)
    expect(reply?.number).toBe(mentioned.sent.data.key.remoteJid)
  })
})
