import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { randomTenantId } from '../support/factories.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// The inbox over a real fabio: WhatsApp messages through the fake Evolution, the agent through a
// fake OpenAI that calls a tool, then what GET conversations and messages show of it.
let h: WhatsappHarness
let openai: FakeOpenAI
let otherOwnerKey: string

beforeAll(async () => {
  openai = await startFakeOpenAI()
  h = await startWhatsappHarness({ config: { openai: { api_key: 'sk-test-inbox-0000', base_url: openai.url, chat_model: 'gpt-4o-mini' } } })
  otherOwnerKey = (await h.app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() } })).body.owner_access_key
})
afterAll(async () => {
  await h.stop()
  await openai.close()
})

let counter = 0
const uniquePhone = () => `55119${String(70_000_000 + (counter += 1)).padStart(8, '0')}`
const say = (phone: string, text: string) => (body: any) => ({
  ...body,
  data: { ...body.data, key: { ...body.data.key, remoteJid: `${phone}@s.whatsapp.net`, remoteJidAlt: '' }, message: { conversation: text } },
})
const api = (suffix: string, init: { method?: string; body?: unknown; token?: string } = {}) => h.app.api(`/api/tenants/${h.tenantId}${suffix}`, { token: h.ownerKey, ...init })
const contactOf = async (phone: string) => (await api(`/customers?q=${phone}`)).body.items[0]
const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 10_000
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('a WhatsApp turn with a tool call, in the inbox', () => {
  const phone = uniquePhone()
  let contactId: string

  beforeAll(async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'update_my_name', arguments: { name: 'Ana Souza' } }] }, { content: 'Prazer, Ana! Como posso ajudar?' }])
    await h.post('messages-upsert.text.json', { edit: say(phone, 'Oi, meu nome é Ana Souza') })
    await waitFor(async () => h.evolution.sentTexts().filter((sent) => sent.number.startsWith(phone)).length, (count) => count > 0)
    contactId = (await contactOf(phone)).customer_id
    // The reply is stored right after Evolution accepts it.
    await waitFor(async () => (await api(`/conversations/${contactId}/messages`)).body.total, (total) => total >= 2)
  })

  it('lists the conversation with the contact’s name and phone, unread count and last message', async () => {
    const item = (await api('/conversations')).body.items.find((conversation: any) => conversation.contact_id === contactId)
    expect(item).toMatchObject({
      display_name: 'Ana Souza',
      phone,
      unread_count: 1,
      draft_reply: null,
      paused_until: null,
      last_message: { direction: 'outbound', author: 'agent', kind: 'text', text: 'Prazer, Ana! Como posso ajudar?' },
    })
    expect(item.last_message.created_at).toMatch(/Z$/)
  })

  it('shows the tool calls on the agent’s reply, and none on other messages', async () => {
    const messages = (await api(`/conversations/${contactId}/messages`)).body.items
    expect(messages.map((message: any) => [message.author, message.text, message.tool_calls])).toEqual([
      ['customer', 'Oi, meu nome é Ana Souza', []],
      ['agent', 'Prazer, Ana! Como posso ajudar?', [{ name: 'update_my_name', ok: true }]],
    ])
    const [turn] = await h.waitForEvent('turn.completed', 1, 5_000, contactId)
    expect(turn.data.tool_calls).toEqual([{ name: 'update_my_name', ok: true }])
  })

  it('lists messages newest first with ?order=newest', async () => {
    const newest = await api(`/conversations/${contactId}/messages?order=newest&limit=1`)
    expect(newest.body.items.map((message: any) => message.text)).toEqual(['Prazer, Ana! Como posso ajudar?'])
    const next = await api(`/conversations/${contactId}/messages?order=newest&limit=1&cursor=${newest.body.next_cursor}`)
    expect(next.body.items.map((message: any) => message.text)).toEqual(['Oi, meu nome é Ana Souza'])
    expect((await api(`/conversations/${contactId}/messages?order=sideways`)).status).toBe(400)
  })

  it('marks the conversation read: unread_count goes back to 0', async () => {
    const read = await api(`/conversations/${contactId}/read`, { method: 'POST' })
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ contact_id: contactId, unread_count: 0 })
    const item = (await api('/conversations')).body.items.find((conversation: any) => conversation.contact_id === contactId)
    expect(item.unread_count).toBe(0)
  })

  it('answers 404 for an unknown contact and 401 for another tenant’s key', async () => {
    expect((await api('/conversations/cus_missing/read', { method: 'POST' })).body.error.code).toBe('CONVERSATION_NOT_FOUND')
    expect((await api('/conversations/cus_missing/messages')).status).toBe(404)
    expect((await api(`/conversations/${contactId}/read`, { method: 'POST', token: otherOwnerKey })).status).toBe(401)
    expect((await api('/conversations', { token: otherOwnerKey })).status).toBe(401)
    expect((await api(`/conversations/${contactId}/messages`, { token: otherOwnerKey })).status).toBe(401)
  })
})

describe('a chat API turn with a tool call', () => {
  it('shows the tool calls on the reply stored in the conversation', async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'list_my_charges', arguments: {} }] }, { content: 'Você não tem cobranças.' }])
    const phone = uniquePhone()
    const chat = await api('/chat', { method: 'POST', body: { as: 'customer', from: phone, text: 'devo algo?' } })
    expect(chat.body.tool_calls).toEqual([{ name: 'list_my_charges', ok: true }])
    const contactId = (await contactOf(phone)).customer_id
    const messages = (await api(`/conversations/${contactId}/messages`)).body.items
    expect(messages.map((message: any) => message.tool_calls)).toEqual([[], [{ name: 'list_my_charges', ok: true }]])
  })
})

describe('suggest mode in the inbox', () => {
  it('shows the drafted reply on the conversation', async () => {
    await h.configure({ conversation: { customer_agent_mode: 'suggest' } })
    try {
      openai.reset()
      openai.script([{ content: 'Temos sim! Quer reservar?' }])
      const phone = uniquePhone()
      await h.post('messages-upsert.text.json', { edit: say(phone, 'Tem bolo de cenoura?') })
      const contactId = await waitFor(async () => (await contactOf(phone))?.customer_id as string | undefined, Boolean)
      await h.waitForEvent('reply.drafted', 1, 10_000, contactId)
      const item = (await api('/conversations')).body.items.find((conversation: any) => conversation.contact_id === contactId)
      expect(item).toMatchObject({ draft_reply: 'Temos sim! Quer reservar?', unread_count: 1, last_message: { direction: 'inbound', author: 'customer', text: 'Tem bolo de cenoura?' } })
    } finally {
      await h.configure({ conversation: { customer_agent_mode: 'auto' } })
    }
  })
})

describe('GET /api/tenants/:tenantId/usage cost estimate', () => {
  it('prices each day with the tenant’s models, and answers null for a model without a price', async () => {
    openai.reset()
    openai.script([{ content: 'Olá!', usage: { promptTokens: 1200, completionTokens: 300 } }])
    await api('/chat', { method: 'POST', body: { as: 'customer', from: uniquePhone(), text: 'oi' } })
    const priced = (await api('/usage')).body
    expect(priced.cost_models).toEqual({ chat: 'gpt-4o-mini', embedding: 'text-embedding-3-small', transcription: 'whisper-1' })
    const [today] = priced.items
    expect(today.prompt_tokens).toBeGreaterThan(0)
    const expected = (today.prompt_tokens * 0.15 + today.completion_tokens * 0.6) / 1_000_000
    expect(today.estimated_cost_usd).toBeCloseTo(expected, 6)
    await h.configure({ openai: { chat_model: 'llama-local-8b' } })
    try {
      expect((await api('/usage')).body.items[0].estimated_cost_usd).toBeNull()
    } finally {
      await h.configure({ openai: { chat_model: 'gpt-4o-mini' } })
    }
  })
})
