import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandModeTexts } from '../../src/agent/index.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness({ config: { owner_numbers: ['5511900000001'] } })
})
afterAll(() => h.stop())

let counter = 0
const uniquePeer = () => `55119${String(40_000_000 + (counter += 1)).padStart(8, '0')}@s.whatsapp.net`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const textFrom = (jid: string, text: string, extra: Record<string, unknown> = {}) => (body: any) => ({
  ...body,
  data: { ...body.data, ...extra, key: { ...body.data.key, remoteJid: jid, remoteJidAlt: '' }, message: { conversation: text } },
})
const sentTo = (jid: string) => h.evolution.sentTexts().filter((sent) => sent.number === jid)
const waitForSent = async (jid: string, count = 1) => {
  const deadline = Date.now() + 10_000
  while (sentTo(jid).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} sends to ${jid}, got ${sentTo(jid).length}`)
    await sleep(20)
  }
  return sentTo(jid)
}
const contactIdOf = async (jid: string) =>
  (await h.app.api(`/api/tenants/${h.tenantId}/customers?q=${jid.split('@')[0]}`)).body.items[0]?.customer_id as string

describe('dedupe', () => {
  it('answers a message once, however often Evolution delivers it', async () => {
    const peer = uniquePeer()
    const first = await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
    expect(first.body).toEqual({ status: 'accepted' })
    const again = await h.evolution.postWebhook(h.webhookUrl(), first.sent, { retries: 0 })
    expect(again.body).toEqual({ status: 'duplicate' })
    // The same event through the webhookByEvents URL form (a second webhook configured).
    const viaSuffix = await h.evolution.postWebhook(h.webhookUrl('messages-upsert'), first.sent, { retries: 0 })
    expect(viaSuffix.body).toEqual({ status: 'duplicate' })
    await waitForSent(peer)
    await sleep(400)
    expect(sentTo(peer)).toHaveLength(1)
    expect((await h.events('message.received')).filter((event) => event.data.wa_message_id === first.sent.data.key.id)).toHaveLength(1)
  })
})

describe('debounce', () => {
  it('joins a burst from one contact into one turn, in order', async () => {
    const peer = uniquePeer()
    for (const text of ['Oi', 'tudo bem?', 'queria marcar um horário']) await h.post('messages-upsert.text.json', { edit: textFrom(peer, text) })
    await waitForSent(peer)
    await sleep(400)
    expect(sentTo(peer)).toHaveLength(1)
    const contactId = await contactIdOf(peer)
    const turns = (await h.events('turn.completed')).filter((event) => event.contact_id === contactId)
    expect(turns).toHaveLength(1)
    expect(turns[0].data.messages).toBe(3)
    const messages = (await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/messages`)).body.items
    expect(messages.filter((m: { direction: string }) => m.direction === 'inbound').map((m: { text: string }) => m.text)).toEqual(['Oi', 'tudo bem?', 'queria marcar um horário'])
  })
})

describe('handoff', () => {
  it('keeps the bot quiet while paused through the API, and answers again after resume', async () => {
    const peer = uniquePeer()
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
    await waitForSent(peer)
    const contactId = await contactIdOf(peer)
    const paused = await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/pause`, { method: 'POST', body: { minutes: 30 } })
    expect(paused.status).toBe(200)
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'alguém aí?') })
    await sleep(500)
    expect(sentTo(peer)).toHaveLength(1)
    await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/resume`, { method: 'POST' })
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi de novo') })
    await waitForSent(peer, 2)
  })

  it('re-checks the pause right before sending: a takeover after the turn suppresses the queued reply', async () => {
    const peer = uniquePeer()
    h.evolution.failNext(2, 'http500', { path: 'sendText' })
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
    const contactId = await contactIdOf(peer)
    await h.waitForEvent('message.send_failed', 1, 10_000, contactId)
    await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/pause`, { method: 'POST', body: {} })
    await h.waitForEvent('message.suppressed', 1, 10_000, contactId)
    expect(sentTo(peer)).toHaveLength(0)
  })

  it('lets a customer ask for a human (menu option 4), which pauses the bot', async () => {
    const peer = uniquePeer()
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, '4') })
    const [reply] = await waitForSent(peer)
    expect(reply?.text).toBe(commandModeTexts.customerHumanRequested)
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'e aí?') })
    await sleep(400)
    expect(sentTo(peer)).toHaveLength(1)
  })
})

describe('policy', () => {
  it('stores but does not answer messages older than the catch-up window', async () => {
    const peer = uniquePeer()
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'mensagem antiga', { messageTimestamp: Math.floor(Date.now() / 1000) - 3600 }) })
    const contactId = await contactIdOf(peer)
    const skipped = await h.waitForEvent('turn.skipped', 1, 10_000, contactId)
    expect(skipped[0]?.data.reason).toBe('stale catch-up')
    expect((await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/messages`)).body.total).toBe(1)
    expect(sentTo(peer)).toHaveLength(0)
  })

  it('answers the owner’s commands in command mode', async () => {
    const owner = '5511900000001@s.whatsapp.net'
    await h.post('messages-upsert.text.json', { edit: textFrom(owner, '/ajuda') })
    const [help] = await waitForSent(owner)
    expect(help?.text).toBe(commandModeTexts.ownerHelp)
  })
})

describe('customer agent modes', () => {
  it('suggest: stores the draft on the conversation; a human sends it (edited) from the inbox', async () => {
    await h.configure({ conversation: { customer_agent_mode: 'suggest' } })
    try {
      const peer = uniquePeer()
      await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
      const contactId = await contactIdOf(peer)
      await h.waitForEvent('reply.drafted', 1, 10_000, contactId)
      const conversation = (await h.app.api(`/api/tenants/${h.tenantId}/conversations`)).body.items.find((item: any) => item.contact_id === contactId)
      expect(conversation.draft_reply).toBe(commandModeTexts.customerMenu('Loja Aurora'))
      expect(sentTo(peer)).toHaveLength(0)
      const sent = await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/send`, { method: 'POST', body: { text: 'Olá! Aqui é a Carla, como posso ajudar?' } })
      expect(sent.status).toBe(202)
      const [reply] = await waitForSent(peer)
      expect(reply?.text).toBe('Olá! Aqui é a Carla, como posso ajudar?')
      const after = (await h.app.api(`/api/tenants/${h.tenantId}/conversations`)).body.items.find((item: any) => item.contact_id === contactId)
      expect(after.draft_reply).toBeNull()
      const messages = (await h.app.api(`/api/tenants/${h.tenantId}/conversations/${contactId}/messages`)).body.items
      expect(messages.at(-1)).toMatchObject({ direction: 'outbound', author: 'human' })
    } finally {
      await h.configure({ conversation: { customer_agent_mode: 'auto' } })
    }
  })

  it('off: sends auto_reply_text once per conversation, and nothing else', async () => {
    await h.configure({ conversation: { customer_agent_mode: 'off', auto_reply_text: 'Respondemos em horário comercial.' } })
    try {
      const peer = uniquePeer()
      await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
      const [reply] = await waitForSent(peer)
      expect(reply?.text).toBe('Respondemos em horário comercial.')
      await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'alô?') })
      await sleep(400)
      expect(sentTo(peer)).toHaveLength(1)
    } finally {
      await h.configure({ conversation: { customer_agent_mode: 'auto' } })
    }
  })
})

describe('retries and dead letters', () => {
  it('retries a send that Evolution fails with 500 "Connection Closed", and sends once it recovers', async () => {
    const peer = uniquePeer()
    h.evolution.failNext(6, 'http500', { path: 'sendText' })
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
    await waitForSent(peer)
    expect(sentTo(peer)).toHaveLength(1)
  })

  it('dead-letters a send to a number not on WhatsApp without retrying, visible through the API', async () => {
    const peer = uniquePeer()
    h.evolution.setNotOnWhatsapp(peer.split('@')[0] as string)
    await h.post('messages-upsert.text.json', { edit: textFrom(peer, 'oi') })
    const dead = await h.waitForEvent('task.dead_lettered')
    const contactId = await contactIdOf(peer)
    const mine = dead.find((event) => event.contact_id === contactId)
    expect(mine.data.attempts).toBe(1)
    const tasks = (await h.app.api(`/api/tenants/${h.tenantId}/tasks?status=dead`)).body.items
    expect(tasks.some((task: { task_id: string; last_error: string }) => task.task_id === mine.data.task_id && task.last_error.startsWith('EVOLUTION_NUMBER_NOT_ON_WHATSAPP'))).toBe(true)
    const retried = await h.app.api(`/api/tenants/${h.tenantId}/tasks/${mine.data.task_id}/retry`, { method: 'POST' })
    expect(retried.status).toBe(200)
    expect(retried.body.status).toBe('pending')
  })
})

describe('webhook authentication and bad input', () => {
  const body = () => h.evolution.fixture('messages-upsert.text.json')
  const post = (url: string, init: RequestInit = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }, body: init.body ?? JSON.stringify(body()) })
  const base = () => `${h.app.url}/webhooks/evolution/${h.tenantId}`

  it('accepts the token as a header and as an HS256 JWT (jwt_key)', async () => {
    expect((await post(base(), { headers: { 'x-webhook-token': h.webhookToken } })).status).toBe(200)
    const jwt = await h.evolution.postWebhook(base(), body(), { retries: 0, headers: { jwt_key: h.webhookToken } })
    expect(jwt.status).toBe(200)
  })

  it('accepts webhookByEvents, which appends the event after a ?token= query', async () => {
    const peer = uniquePeer()
    const fixture = h.evolution.fixture('messages-upsert.text.json', textFrom(peer, 'oi'))
    fixture.data.messageTimestamp = Math.floor(Date.now() / 1000)
    delete fixture.event
    const result = await post(`${base()}?token=${h.webhookToken}/messages-upsert`, { body: JSON.stringify(fixture) })
    expect(result.status).toBe(200)
    expect(await result.json()).toEqual({ status: 'accepted' })
    await waitForSent(peer)
  })

  it('ignores events of an instance that is not the tenant’s (a shared global webhook)', async () => {
    const foreign = h.evolution.fixture('messages-upsert.text.json', (fixture) => ({ ...fixture, instance: 'outro-app' }))
    const result = await post(`${base()}?token=${h.webhookToken}`, { body: JSON.stringify(foreign) })
    expect(await result.json()).toEqual({ status: 'ignored', reason: 'instance not configured for this tenant' })
  })

  it('refuses a missing or wrong token with 401, and stores nothing', async () => {
    const missing = await post(base())
    expect(missing.status).toBe(401)
    expect((await missing.json()).error.code).toBe('WEBHOOK_TOKEN_MISSING')
    const wrong = await post(`${base()}?token=fwt_wrong`)
    expect((await wrong.json()).error.code).toBe('WEBHOOK_TOKEN_INVALID')
    const forged = await h.evolution.postWebhook(base(), body(), { retries: 0, headers: { jwt_key: 'another-key' } })
    expect(forged.status).toBe(401)
  })

  it('refuses an expired JWT', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iat: now - 3600, exp: now - 3000, app: 'evolution', action: 'webhook' })}`
    const jwt = `${unsigned}.${createHmac('sha256', h.webhookToken).update(unsigned).digest('base64url')}`
    expect((await post(base(), { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(401)
  })

  it('answers 404 for an unknown tenant, 400 for a body that is not JSON, 422 for JSON that is no envelope', async () => {
    expect((await post(`${h.app.url}/webhooks/evolution/no-such-tenant?token=x`)).status).toBe(404)
    const notJson = await post(`${base()}?token=${h.webhookToken}`, { body: '{"event": ' })
    expect(notJson.status).toBe(400)
    expect((await notJson.json()).error.code).toBe('HTTP_BODY_NOT_JSON')
    const notEnvelope = await post(`${base()}?token=${h.webhookToken}`, { body: JSON.stringify({ hello: 'world' }) })
    expect(notEnvelope.status).toBe(422)
    expect((await notEnvelope.json()).error.code).toBe('WEBHOOK_ENVELOPE_INVALID')
  })

  it('accepts a large media body, and refuses one past the limit with 413', async () => {
    const withMedia = body()
    withMedia.data.message.base64 = 'A'.repeat(20 * 1024 * 1024)
    expect((await post(`${base()}?token=${h.webhookToken}`, { body: JSON.stringify(withMedia) })).status).toBe(200)
    withMedia.data.message.base64 = 'A'.repeat(65 * 1024 * 1024)
    const tooLarge = await post(`${base()}?token=${h.webhookToken}`, { body: JSON.stringify(withMedia) })
    expect(tooLarge.status).toBe(413)
  })
})
