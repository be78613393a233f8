import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

// The panel's memory endpoints: search, forget one, the recall log, and LGPD erasure.
let app: TestFabio
let openai: FakeOpenAI
let tenantId: string
let otherTenantId: string
const ana = '5511966661111'
beforeAll(async () => {
  openai = await startFakeOpenAI()
  app = await startTestFabio()
  tenantId = randomTenantId()
  otherTenantId = randomTenantId()
  for (const id of [tenantId, otherTenantId]) await app.api('/api/tenants', { method: 'POST', body: { tenant_id: id } })
  await app.api(`/api/tenants/${tenantId}/config`, {
    method: 'PUT',
    body: { owner_numbers: ['5511900003333'], openai: { api_key: 'sk-memory-api-000', base_url: openai.url } },
  })
  await app.api(`/api/tenants/${otherTenantId}/config`, { method: 'PUT', body: { owner_numbers: ['5511900004444'] } })
  await chat(tenantId, 'customer', 'oi', ana)
  openai.script([
    { toolCalls: [{ name: 'remember', arguments: { text: 'Fechamos em todos os feriados nacionais', share_with_customers: true } }] },
    { toolCalls: [{ name: 'remember', arguments: { text: 'Estacionamento gratuito na rua de trás' } }] },
    { toolCalls: [{ name: 'remember', arguments: { text: 'Ana prefere horários de manhã', about_phone: ana, share_with_customers: true } }] },
    { content: 'Anotado!' },
  ])
  await chat(tenantId, 'owner', 'anota: feriados, estacionamento e a Ana de manhã')
  await chat(otherTenantId, 'owner', '/lembrar Fechamos nos feriados municipais também')
})
afterAll(async () => {
  await app.stop()
  await openai.close()
})

async function chat(tenant: string, as: 'owner' | 'customer', text: string, from?: string) {
  return (await app.api(`/api/tenants/${tenant}/chat`, { method: 'POST', body: { as, text, ...(from ? { from } : {}) } })).body
}
const anaId = async () => (await app.api(`/api/tenants/${tenantId}/customers?q=${ana}`)).body.items[0].customer_id as string

describe('memory API', () => {
  it('searches the tenant’s active memories, best match first, in the list’s item shape', async () => {
    const found = await app.api(`/api/tenants/${tenantId}/memories?query=${encodeURIComponent('vocês abrem nos feriados?')}`)
    expect(found.status).toBe(200)
    expect(found.body.items[0]).toMatchObject({ text: 'Fechamos em todos os feriados nacionais', status: 'active', memory_id: expect.any(String) })
    expect(found.body.items.map((item: any) => item.tenant_id)).toEqual(found.body.items.map(() => tenantId))
    expect(found.body).toMatchObject({ total: found.body.items.length, next_cursor: null })
    const listed = (await app.api(`/api/tenants/${tenantId}/memories`)).body.items
    expect(Object.keys(found.body.items[0]).sort()).toEqual(Object.keys(listed[0]).sort())
    // Filtered to one customer; nothing for an unrelated query.
    const aboutAna = (await app.api(`/api/tenants/${tenantId}/memories?query=horários&customer_id=${await anaId()}`)).body.items
    expect(aboutAna.map((item: any) => item.text)).toEqual(['Ana prefere horários de manhã'])
    expect((await app.api(`/api/tenants/${tenantId}/memories?query=xkcd+qwerty`)).body.items).toEqual([])
    const invalid = await app.api(`/api/tenants/${tenantId}/memories?query=`)
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'HTTP_VALIDATION_FAILED' } } })
  })

  it('forgets one memory: retracted, kept in the list, never found again; unknown ids are 404', async () => {
    const [parking] = (await app.api(`/api/tenants/${tenantId}/memories?query=estacionamento`)).body.items
    const forgotten = await app.api(`/api/tenants/${tenantId}/memories/${parking.memory_id}`, { method: 'DELETE' })
    expect(forgotten).toMatchObject({ status: 200, body: { memory_id: parking.memory_id, status: 'retracted' } })
    expect((await app.api(`/api/tenants/${tenantId}/memories?query=estacionamento`)).body.items).toEqual([])
    const listed = (await app.api(`/api/tenants/${tenantId}/memories`)).body.items
    expect(listed.find((item: any) => item.memory_id === parking.memory_id)).toMatchObject({ status: 'retracted' })
    const unknown = await app.api(`/api/tenants/${tenantId}/memories/mem_unknown`, { method: 'DELETE' })
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'MEMORY_NOT_FOUND' } } })
    // Another tenant's memory id is unknown here, and stays active there.
    const [theirs] = (await app.api(`/api/tenants/${otherTenantId}/memories`)).body.items
    const crossed = await app.api(`/api/tenants/${tenantId}/memories/${theirs.memory_id}`, { method: 'DELETE' })
    expect(crossed).toMatchObject({ status: 404, body: { error: { code: 'MEMORY_NOT_FOUND' } } })
    expect((await app.api(`/api/tenants/${otherTenantId}/memories`)).body.items[0]).toMatchObject({ memory_id: theirs.memory_id, status: 'active' })
  })

  it('serves each turn’s recall with its candidates and scores', async () => {
    openai.reset()
    openai.script([{ content: 'Não abrimos nos feriados.' }])
    await chat(tenantId, 'customer', 'vocês abrem no feriado?', ana)
    const recalls = await app.api(`/api/tenants/${tenantId}/memory/recalls?limit=1`)
    expect(recalls.status).toBe(200)
    const [latest] = recalls.body.items
    expect(latest).toMatchObject({
      recall_id: expect.any(String),
      contact_id: await anaId(),
      scope: 'customer',
      query_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      timings: { total_ms: expect.any(Number) },
    })
    expect(latest.candidates[0]).toMatchObject({ memory_id: expect.any(String), rank: 1, total: expect.any(Number), included: expect.any(Boolean) })
    expect(JSON.stringify(latest)).not.toContain('feriado') // hashes and scores, never text
    expect(recalls.body.next_cursor).toEqual(expect.any(String))
    const forAna = (await app.api(`/api/tenants/${tenantId}/memory/recalls?contact_id=${await anaId()}`)).body.items
    expect(forAna.every((item: any) => item.contact_id === forAna[0].contact_id)).toBe(true)
    expect((await app.api(`/api/tenants/${otherTenantId}/memory/recalls`)).body.items).toEqual([])
  })

  it('erases a contact and answers what went, with the erasure time', async () => {
    const customerId = await anaId()
    const erased = await app.api(`/api/tenants/${tenantId}/contacts/${customerId}/memory`, { method: 'DELETE' })
    expect(erased).toMatchObject({ status: 200, body: { memories: { memories: 1, vectors: 1 }, episodes: 0, erased_at: expect.any(String) } })
    expect(erased.body.messages).toBeGreaterThan(0)
    expect((await app.api(`/api/tenants/${tenantId}/memories?customer_id=${customerId}`)).body.items).toEqual([])
    expect((await app.api(`/api/tenants/${tenantId}/memories?query=Ana+prefere+manhã`)).body.items.map((item: any) => item.text)).not.toContain('Ana prefere horários de manhã')
    const audit = (await app.api(`/api/tenants/${tenantId}/events?type=memory.subject_erased`)).body.items
    expect(audit[0]).toMatchObject({ contact_id: customerId, data: { memories: 1, vectors: 1 } })
    expect(JSON.stringify(audit[0])).not.toContain('manhã')
  })
})
