import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

// Without any OpenAI key: the owner's commands and the customer's menu reach the domain tools.
let app: TestFabio
let tenantId: string
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['08:00', '20:00']]]))

beforeAll(async () => {
  app = await startTestFabio()
  tenantId = randomTenantId()
  await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId, display_name: 'Studio Ágata' } })
  await app.api(`/api/tenants/${tenantId}/config`, {
    method: 'PUT',
    body: { owner_numbers: ['5511988880001'], business: { services: [{ name: 'Pilates', duration_minutes: 50, price_cents: 9000 }], hours: allWeek } },
  })
})
afterAll(() => app.stop())

const chat = async (as: 'owner' | 'customer', text: string, from?: string) =>
  (await app.api(`/api/tenants/${tenantId}/chat`, { method: 'POST', body: { as, text, ...(from ? { from } : {}) } })).body

const tomorrow = () => {
  const date = new Date(Date.now() + 86_400_000)
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date).split('-')
  return { ddmm: `${day}/${month}`, iso: `${year}-${month}-${day}` }
}

describe('command mode with the business domains', () => {
  it('lets a customer see free slots, book one, and list it; the owner sees it in /agenda', async () => {
    const customer = '5511977771234'
    const slots = await chat('customer', '1', customer)
    expect(slots.tool_calls).toEqual([{ name: 'find_available_slots', ok: true }])
    expect(slots.replies[0]).toContain('responda com a data e o horário')
    const booked = await chat('customer', `${tomorrow().ddmm} 10:00`, customer)
    expect(booked.tool_calls).toEqual([{ name: 'book_appointment', ok: true }])
    const mine = await chat('customer', '2', customer)
    expect(mine.tool_calls).toEqual([{ name: 'list_my_appointments', ok: true }])
    expect(mine.replies[0]).toContain('Pilates')
    const agenda = await chat('owner', '/agenda amanha')
    expect(agenda.tool_calls).toEqual([{ name: 'list_appointments', ok: true }])
    expect(agenda.replies[0]).toContain('10:00')
    const appointments = (await app.api(`/api/tenants/${tenantId}/appointments`)).body.items
    expect(appointments).toHaveLength(1)
  })

  it('refuses the same slot to a second customer, with alternatives', async () => {
    const second = await chat('customer', `${tomorrow().ddmm} 10:00`, '5511977775678')
    expect(second.tool_calls).toEqual([{ name: 'book_appointment', ok: false }])
    expect((await app.api(`/api/tenants/${tenantId}/appointments`)).body.items).toHaveLength(1)
  })

  it('answers /cobrancas, /leads and /resumo through their tools', async () => {
    expect((await chat('owner', '/cobrancas vencidas')).tool_calls).toEqual([{ name: 'list_charges', ok: true }])
    const leads = await chat('owner', '/leads')
    expect(leads.tool_calls).toEqual([{ name: 'list_leads', ok: true }])
    const summary = await chat('owner', '/resumo')
    expect(summary.tool_calls).toEqual([{ name: 'business_summary', ok: true }])
    expect(summary.replies[0]).toContain('Atendimentos agendados')
    expect((await chat('customer', '3', '5511977771234')).tool_calls).toEqual([{ name: 'list_my_charges', ok: true }])
  })
})

describe('holidays and blocked periods', () => {
  it('are managed through the API and close the agenda', async () => {
    const day = tomorrow()
    const created = await app.api(`/api/tenants/${tenantId}/agenda/blocks`, { method: 'POST', body: { start: day.iso, end: day.iso, reason: 'Feriado municipal', kind: 'holiday' } })
    expect(created.status).toBe(201)
    const refused = await chat('customer', `${day.ddmm} 15:00`, '5511977779999')
    expect(refused.tool_calls).toEqual([{ name: 'book_appointment', ok: false }])
    expect((await app.api(`/api/tenants/${tenantId}/agenda/blocks`)).body.total).toBe(1)
    expect((await app.api(`/api/tenants/${tenantId}/agenda/blocks/${created.body.block_id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await app.api(`/api/tenants/${tenantId}/agenda/blocks/${created.body.block_id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await chat('customer', `${day.ddmm} 15:00`, '5511977779999')).tool_calls).toEqual([{ name: 'book_appointment', ok: true }])
  })
})
