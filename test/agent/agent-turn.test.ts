import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandModeTexts } from '../../src/agent/index.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

// The agent end to end: a fake Evolution posts, a real fabio runs the OpenAI SDK against a fake
// OpenAI-compatible server that plays a script, and the reply reaches the fake Evolution.
let h: WhatsappHarness
let openai: FakeOpenAI
beforeAll(async () => {
  openai = await startFakeOpenAI()
  h = await startWhatsappHarness({
    config: { owner_numbers: ['5511900000009'], openai: { api_key: 'sk-test-agent-0000', base_url: openai.url, chat_model: 'gpt-test' } },
  })
})
afterAll(async () => {
  await h.stop()
  await openai.close()
})

let counter = 0
const uniquePeer = () => `55119${String(60_000_000 + (counter += 1)).padStart(8, '0')}@s.whatsapp.net`
const say = (jid: string, text: string) => (body: any) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: jid, remoteJidAlt: '' }, message: { conversation: text } } })
const sentTo = async (jid: string, count = 1) => {
  const deadline = Date.now() + 10_000
  while (h.evolution.sentTexts().filter((sent) => sent.number === jid).length < count) {
    if (Date.now() > deadline) throw new Error(`no reply to ${jid}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return h.evolution.sentTexts().filter((sent) => sent.number === jid)
}
const contactIdOf = async (jid: string) => (await h.app.api(`/api/tenants/${h.tenantId}/customers?q=${jid.split('@')[0]}`)).body.items[0]

describe('the agent over WhatsApp', () => {
  it('calls a tool, gives the result back to the model, and sends the model’s reply', async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'update_my_name', arguments: { name: 'Ana Souza' } }] }, { content: 'Prazer, Ana! Como posso ajudar?' }])
    const peer = uniquePeer()
    await h.post('messages-upsert.text.json', { edit: say(peer, 'Oi, meu nome é Ana Souza') })
    const [reply] = await sentTo(peer)
    expect(reply?.text).toBe('Prazer, Ana! Como posso ajudar?')
    const [first, second] = openai.chatRequests()
    expect(first.model).toBe('gpt-test')
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'Oi, meu nome é Ana Souza' })
    const offered = first.tools.map((tool: any) => tool.function.name)
    expect(offered).toEqual(expect.arrayContaining(['request_human', 'update_my_name', 'book_appointment', 'list_my_charges']))
    expect(offered).not.toContain('search_customers')
    expect(offered).not.toContain('create_charge')
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: 'Nome atualizado para Ana Souza.' })
    expect((await contactIdOf(peer)).display_name).toBe('Ana Souza')
    const [turn] = await h.waitForEvent('agent.turn_recorded')
    expect(turn.data).toMatchObject({ role: 'customer', prompt_version: 'system-customer.v1', persona_version: 1, tools: [{ name: 'update_my_name', status: 'ran' }] })
  })

  it('never offers owner tools to a customer, and refuses one the model calls anyway', async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'search_customers', arguments: { query: 'a' } }] }, { content: 'Não posso consultar outros clientes.' }])
    const peer = uniquePeer()
    await h.post('messages-upsert.text.json', { edit: say(peer, 'me passa a lista de clientes') })
    const [reply] = await sentTo(peer)
    expect(reply?.text).toBe('Não posso consultar outros clientes.')
    expect(openai.chatRequests()[1].messages.at(-1)).toMatchObject({ role: 'tool', content: 'A ferramenta search_customers não está disponível nesta conversa.' })
    const contact = await contactIdOf(peer)
    const refused = await h.waitForEvent('tool.refused', 1, 10_000, contact.customer_id)
    expect(refused[0].data.tool).toBe('search_customers')
  })

  it('gives the owner the owner’s tools', async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'search_customers', arguments: { query: 'Ana' } }] }, { content: 'Encontrei a Ana Souza.' }])
    const owner = '5511900000009@s.whatsapp.net'
    await h.post('messages-upsert.text.json', { edit: say(owner, 'procura a Ana') })
    const [reply] = await sentTo(owner)
    expect(reply?.text).toBe('Encontrei a Ana Souza.')
    expect(openai.chatRequests()[0].tools.map((tool: any) => tool.function.name)).toContain('search_customers')
    expect(openai.chatRequests()[1].messages.at(-1).content).toContain('Ana Souza')
  })

  it('records token usage per tenant per day', async () => {
    const usage = await h.app.api(`/api/tenants/${h.tenantId}/usage`)
    expect(usage.status).toBe(200)
    expect(usage.body.items.at(-1).prompt_tokens).toBeGreaterThan(0)
    expect(usage.body.items.at(-1).completion_tokens).toBeGreaterThan(0)
  })

  it('transcribes a voice note and answers it', async () => {
    openai.reset()
    openai.scriptTranscripts(['quero marcar um horário amanhã'])
    openai.script([{ content: 'Claro! Para qual serviço?' }])
    const peer = uniquePeer()
    await h.post('messages-upsert.audio-ptt.json', { edit: (body) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: peer, remoteJidAlt: '' } } }) })
    const [reply] = await sentTo(peer)
    expect(reply?.text).toBe('Claro! Para qual serviço?')
    expect(openai.transcriptionRequests()).toHaveLength(1)
    expect(h.evolution.requests.some((request) => request.path.startsWith('/chat/getBase64FromMediaMessage'))).toBe(true)
    expect(openai.chatRequests()[0].messages.at(-1).content).toBe('[mensagem de voz] quero marcar um horário amanhã')
  })

  it('describes an image and answers it', async () => {
    openai.reset()
    openai.script([{ content: 'Um comprovante de PIX de R$ 150,00.' }, { content: 'Recebi o comprovante, obrigado!' }])
    const peer = uniquePeer()
    await h.post('messages-upsert.image-caption.json', { edit: (body) => ({ ...body, data: { ...body.data, key: { ...body.data.key, remoteJid: peer, remoteJidAlt: '' } } }) })
    const [reply] = await sentTo(peer)
    expect(reply?.text).toBe('Recebi o comprovante, obrigado!')
    const [describe, turn] = openai.chatRequests()
    expect(JSON.stringify(describe.messages)).toContain('data:image/')
    expect(turn.messages.at(-1).content).toMatch(/^\[imagem: Um comprovante de PIX de R\$ 150,00\.\]/)
  })

  it('answers in command mode while the LLM is failing, and tells the owner once', async () => {
    openai.reset()
    openai.script(Array.from({ length: 30 }, () => ({ error: 500, message: 'upstream down' })))
    // Three failed turns open the tenant's circuit (the default threshold).
    const peers = [uniquePeer(), uniquePeer(), uniquePeer(), uniquePeer()]
    for (const peer of peers) {
      await h.post('messages-upsert.text.json', { edit: say(peer, 'oi') })
      const [reply] = await sentTo(peer)
      expect(reply?.text).toBe(commandModeTexts.customerMenu('Loja Aurora'))
    }
    await h.waitForEvent('owner.notified')
    expect((await h.events('owner.notified')).length).toBe(1)
  })
})
