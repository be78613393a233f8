import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newConversationReply } from '../../src/memory/index.js'
import { randomTenantId } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

// Episode close on the design's events, through the real runtime: /novo (owner in command mode,
// customer in agent mode) and a booking.
let app: TestFabio
let openai: FakeOpenAI
let commandTenant: string
let agentTenant: string
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['08:00', '20:00']]]))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  openai = await startFakeOpenAI()
  app = await startTestFabio()
  commandTenant = randomTenantId()
  agentTenant = randomTenantId()
  for (const id of [commandTenant, agentTenant]) await app.api('/api/tenants', { method: 'POST', body: { tenant_id: id } })
  await app.api(`/api/tenants/${commandTenant}/config`, {
    method: 'PUT',
    body: { owner_numbers: ['5511900005555'], business: { services: [{ name: 'Pilates', duration_minutes: 50, price_cents: 9000 }], hours: allWeek } },
  })
  await app.api(`/api/tenants/${agentTenant}/config`, {
    method: 'PUT',
    body: { owner_numbers: ['5511900006666'], openai: { api_key: 'sk-episode-triggers-0', base_url: openai.url } },
  })
})
afterAll(async () => {
  await app.stop()
  await openai.close()
})

const chat = async (tenantId: string, as: 'owner' | 'customer', text: string, from?: string) =>
  (await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as, text, ...(from ? { from } : {}) } })).body
const contactIdOf = async (tenantId: string, phone: string) => (await app.api(`/api/tenants/${tenantId}/customers?q=${phone}`)).body.items[0].customer_id as string
const waitForEpisode = async (tenantId: string, contactId: string) => {
  const deadline = Date.now() + 10_000
  for (;;) {
    const episode = await app.fabio.runtime.storage.episodes.latestForContact({ tenantId, contactId })
    if (episode) return episode
    if (Date.now() > deadline) throw new Error('no episode was closed')
    await sleep(25)
  }
}

describe('episode close on events', () => {
  it('closes the owner’s conversation at /novo in command mode', async () => {
    expect((await chat(commandTenant, 'owner', '/leads')).tool_calls).toEqual([{ name: 'list_leads', ok: true }])
    await chat(commandTenant, 'owner', '/agenda hoje')
    expect(await chat(commandTenant, 'owner', '/novo')).toMatchObject({ replies: [newConversationReply], tool_calls: [] })
    const episode = await waitForEpisode(commandTenant, await contactIdOf(commandTenant, '5511900005555'))
    expect(episode).toMatchObject({ role: 'owner', close_reason: 'event', summary_kind: 'extractive', message_count: 5 })
  })

  it('takes a customer’s /novo without the agent, and the next turn starts fresh', async () => {
    const phone = '5511955557777'
    openai.reset()
    openai.script([{ content: 'O pacote de 10 aulas custa R$ 800.' }, { content: 'Sim, parcelamos em 3x.' }])
    await chat(agentTenant, 'customer', 'quanto custa o pacote de 10 aulas?', phone)
    await chat(agentTenant, 'customer', 'dá para parcelar o pacote?', phone)
    openai.script([{ content: JSON.stringify({ summary: 'Cliente perguntou o preço do pacote de 10 aulas (R$ 800) e o parcelamento.', facts: [] }) }])
    const before = openai.chatRequests().length
    expect((await chat(agentTenant, 'customer', '/novo', phone)).replies).toEqual([newConversationReply])
    const episode = await waitForEpisode(agentTenant, await contactIdOf(agentTenant, phone))
    expect(episode).toMatchObject({ role: 'customer', close_reason: 'event', summary_kind: 'llm', message_count: 5 })
    // Only the summariser was called since /novo: the command never reached the agent.
    const since = openai.chatRequests().slice(before)
    expect(since).toHaveLength(1)
    expect(since[0].messages[0].content).toContain('Você resume conversas')
    openai.script([{ content: 'Temos estacionamento sim.' }])
    await chat(agentTenant, 'customer', 'vocês têm estacionamento?', phone)
    const turn = openai.chatRequests().at(-1)
    const history = turn.messages.filter((message: any) => message.role !== 'system').map((message: any) => message.content)
    expect(history.join('\n')).not.toContain('pacote')
    expect(history.join('\n')).not.toContain('/novo')
    expect(history.at(-1)).toBe('vocês têm estacionamento?')
  })

  it('queues the close of a customer’s episode when they book', async () => {
    const phone = '5511955558888'
    const date = new Date(Date.now() + 86_400_000)
    const [, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date).split('-')
    const booked = await chat(commandTenant, 'customer', `${day}/${month} 10:00`, phone)
    expect(booked.tool_calls).toEqual([{ name: 'book_appointment', ok: true }])
    const tasks = (await app.api(`/api/tenants/${commandTenant}/tasks?kind=memory.close_episode`)).body.items
    const mine = tasks.filter((task: any) => task.payload.event === 'appointment.booked')
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ status: 'pending', payload: { contact_id: await contactIdOf(commandTenant, phone), boundary_at: null } })
    // A minute later, so the confirmation sent after the booking is part of the episode.
    expect(Date.parse(mine[0].run_at) - Date.parse(mine[0].created_at)).toBe(60_000)
  })
})
