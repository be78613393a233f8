import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEpisode } from '../contract/episode-store.contract.js'
import { randomTenantId } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

// Long-term memory in real turns: the owner teaches, customers only recall what they may see.
let app: TestFabio
let openai: FakeOpenAI
let tenantId: string
beforeAll(async () => {
  openai = await startFakeOpenAI()
  app = await startTestFabio()
  tenantId = randomTenantId()
  await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
  await app.api(`/api/tenants/${tenantId}/config`, {
    method: 'PUT',
    body: { owner_numbers: ['5511900001111'], openai: { api_key: 'sk-memory-test-0000', base_url: openai.url } },
  })
})
afterAll(async () => {
  await app.stop()
  await openai.close()
})

const chat = async (as: 'owner' | 'customer', text: string, from?: string) =>
  (await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as, text, ...(from ? { from } : {}) } })).body
const systemPromptOf = (request: any) => request.messages.filter((message: any) => message.role === 'system').map((message: any) => message.content).join('\n')

describe('memory in turns', () => {
  it('lets the owner teach facts: shared ones reach customers, owner-only ones never do', async () => {
    const ana = '5511955551111'
    await chat('customer', 'oi', ana)
    openai.reset()
    openai.script([
      { toolCalls: [{ name: 'remember', arguments: { text: 'Fechamos em todos os feriados nacionais', share_with_customers: true } }] },
      { toolCalls: [{ name: 'remember', arguments: { text: 'A margem do pacote de feriado é de 40 por cento' } }] },
      { toolCalls: [{ name: 'remember', arguments: { text: 'Ana prefere horários de manhã, antes do feriado', about_phone: ana } }] },
      { content: 'Anotado!' },
    ])
    const taught = await chat('owner', 'anota: fechamos nos feriados; a margem do pacote é 40%; a Ana prefere manhã')
    expect(taught.tool_calls).toEqual([
      { name: 'remember', ok: true },
      { name: 'remember', ok: true },
      { name: 'remember', ok: true },
    ])
    expect((await app.api(`/api/tenants/${tenantId}/memories`)).body.total).toBe(3)

    openai.reset()
    openai.script([{ content: 'Não abrimos no feriado.' }])
    await chat('customer', 'vocês abrem no feriado?', '5511955552222')
    const stranger = systemPromptOf(openai.chatRequests()[0])
    expect(stranger).toContain('Fechamos em todos os feriados nacionais')
    expect(stranger).not.toContain('margem')
    expect(stranger).not.toContain('Ana prefere')

    openai.reset()
    openai.script([{ content: 'Fechamos no feriado.' }])
    await chat('owner', 'o que sabemos sobre feriado?')
    const owner = systemPromptOf(openai.chatRequests()[0])
    expect(owner).toContain('margem do pacote')
    const recalled = (await app.api(`/api/tenants/${tenantId}/events?type=memory.recalled&limit=1`)).body.items[0]
    expect(recalled.data.included[0].scores).toMatchObject({ total: expect.any(Number), vector: expect.any(Number) })
  })

  it('forgets only after the owner confirms', async () => {
    openai.reset()
    openai.script([{ toolCalls: [{ name: 'forget', arguments: { query: 'margem do pacote de feriado' } }] }, { content: 'Confirma?' }])
    const planned = await chat('owner', 'esquece a margem do pacote')
    expect(planned.confirmation.summary).toContain('margem do pacote')
    expect((await app.api(`/api/tenants/${tenantId}/memories`)).body.items.filter((item: any) => item.status === 'active')).toHaveLength(3)
    const done = await chat('owner', 'sim')
    expect(done.replies[0]).toMatch(/^Feito: Esquecido/)
    expect((await app.api(`/api/tenants/${tenantId}/memories`)).body.items.filter((item: any) => item.status === 'active')).toHaveLength(2)
  })

  it('brings the contact’s last episode into the next turn, for that contact only', async () => {
    const bia = '5511955553333'
    await chat('customer', 'oi', bia)
    const biaId = (await app.api(`/api/tenants/${tenantId}/customers?q=${bia}`)).body.items[0].customer_id
    await app.fabio.runtime.storage.episodes.save({
      episode: createTestEpisode({ tenant_id: tenantId, contact_id: biaId, summary: 'Bia perguntou sobre pacote de 10 aulas; ficou de confirmar.' }),
    })
    openai.reset()
    openai.script([{ content: 'Oi Bia!' }, { content: 'Olá!' }])
    await chat('customer', 'voltei', bia)
    expect(systemPromptOf(openai.chatRequests()[0])).toContain('Bia perguntou sobre pacote de 10 aulas')
    await chat('customer', 'oi', '5511955554444')
    expect(systemPromptOf(openai.chatRequests()[1])).not.toContain('Bia perguntou')
  })

  it('closes the contact’s episode when a human takes over', async () => {
    const caio = '5511955556666'
    openai.reset()
    openai.script([{ content: 'Temos sim!' }, { content: 'Às 10h ou 15h.' }])
    await chat('customer', 'vocês têm horário para avaliação na sexta?', caio)
    await chat('customer', 'qual horário de manhã?', caio)
    const caioId = (await app.api(`/api/tenants/${tenantId}/customers?q=${caio}`)).body.items[0].customer_id
    expect(await app.fabio.runtime.storage.episodes.latestForContact({ tenantId, contactId: caioId })).toBeNull()
    openai.script([{ content: 'Caio perguntou por avaliação na sexta de manhã (extrativo).' }])
    await app.api(`/api/tenants/${tenantId}/conversations/${caioId}/pause`, { method: 'POST', body: { minutes: 30 } })
    const episode = await app.fabio.runtime.storage.episodes.latestForContact({ tenantId, contactId: caioId })
    expect(episode).toMatchObject({ close_reason: 'event', role: 'customer' })
  })

  it('erases a contact’s memories on request (LGPD)', async () => {
    const ana = (await app.api(`/api/tenants/${tenantId}/customers?q=5511955551111`)).body.items[0].customer_id
    const exported = await app.api(`/api/tenants/${tenantId}/contacts/${ana}/memory/export`)
    expect(JSON.stringify(exported.body.memories)).toContain('Ana prefere')
    expect(exported.body.episodes).toEqual([])
    const erased = await app.api(`/api/tenants/${tenantId}/contacts/${ana}/memory`, { method: 'DELETE' })
    expect(erased.status).toBe(200)
    expect(erased.body.messages).toBeGreaterThan(0)
    expect(erased.body.events).toBeGreaterThan(0)
    expect((await app.api(`/api/tenants/${tenantId}/conversations/${ana}/messages`)).status).toBe(404)
    // What stays about the contact in the event log is the audit of the erasure, with counts only.
    const events = (await app.api(`/api/tenants/${tenantId}/events?contact_id=${ana}`)).body.items
    expect(events.map((event: { type: string }) => event.type)).toEqual(['memory.subject_erased'])
    openai.reset()
    openai.script([{ content: 'ok' }])
    await chat('owner', 'a Ana prefere manhã ou tarde?')
    expect(systemPromptOf(openai.chatRequests()[0])).not.toContain('Ana prefere')
  })
})
