import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedTransitions, leadStages } from '../../src/domains/crm/index.js'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let tenantId: string
let ownerKey: string
let otherOwnerKey: string

const api = (suffix: string) => `/api/tenants/${tenantId}${suffix}`
const post = (suffix: string, body?: unknown, token = ownerKey) => app.api(api(suffix), { method: 'POST', body, token })
const get = (suffix: string, token = ownerKey) => app.api(api(suffix), { token })
const newLead = async (phone: string) => (await post('/leads', { customer_phone: phone })).body

/** A local date-time some days ahead, at noon (inside the default send window). */
const localAhead = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T12:00`

beforeAll(async () => {
  app = await startTestFabio()
  tenantId = randomTenantId()
  ownerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })).body.owner_access_key
  otherOwnerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() } })).body.owner_access_key
})
afterAll(() => app.stop())

describe('GET /api/tenants/:tenantId/leads/stages', () => {
  it('answers the 8 stages in order and the domain’s allowed moves', async () => {
    const response = await get('/leads/stages')
    expect(response.status).toBe(200)
    expect(response.body.stages).toEqual([...leadStages])
    expect(response.body.stages).toHaveLength(8)
    expect(response.body.transitions).toEqual(allowedTransitions)
    expect(response.body.labels.negotiation).toBe('negociação')
    expect((await get('/leads/stages', otherOwnerKey)).status).toBe(401)
  })
})

describe('POST /api/tenants/:tenantId/leads', () => {
  it('creates a lead at new for a new phone, and the customer with its name', async () => {
    const response = await post('/leads', { customer_phone: '(21) 99876-0001', name: 'João Lima', source: 'campaign' })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ stage: 'new', source: 'campaign', tags: [], notes: [] })
    const customer = (await get('/customers?q=998760001')).body.items[0]
    expect(customer).toMatchObject({ customer_id: response.body.customer_id, display_name: 'João Lima', origin: 'campaign' })
  })

  it('refuses a second lead for the same contact with 409 CRM_LEAD_ALREADY_EXISTS (one lead per customer)', async () => {
    await post('/leads', { customer_phone: '5521998760002' })
    const again = await post('/leads', { customer_phone: '552198760002' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CRM_LEAD_ALREADY_EXISTS')
  })

  it.each([
    [{ customer_phone: 'abc' }, 'customer_phone'],
    [{ customer_phone: '5521998760003', source: 'instagram' }, 'source'],
    [{ customer_phone: '5521998760003', stage: 'won' }, 'stage'],
  ])('refuses %j with 400 naming the field, creating nothing', async (body, field) => {
    const before = (await get('/leads')).body.total
    const response = await post('/leads', body)
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain(field)
    expect((await get('/leads')).body.total).toBe(before)
  })

  it('refuses another tenant’s owner key with 401', async () => {
    expect((await post('/leads', { customer_phone: '5521998760004' }, otherOwnerKey)).status).toBe(401)
  })
})

describe('GET /api/tenants/:tenantId/leads?customer_id=', () => {
  it("answers only that customer's lead, or none, and still applies the other filters", async () => {
    const lead = await newLead('(31) 99876-0042')
    await newLead('(31) 99876-0043')
    const mine = await get(`/leads?customer_id=${lead.customer_id}`)
    expect(mine.status).toBe(200)
    expect(mine.body).toEqual({ items: [lead], total: 1, next_cursor: null })
    expect((await get(`/leads?customer_id=${lead.customer_id}&stage=won`)).body.items).toEqual([])
    expect((await get('/leads?customer_id=cus_unknown')).body).toEqual({ items: [], total: 0, next_cursor: null })
    expect((await app.api(`/api/tenants/${tenantId}/leads?customer_id=${lead.customer_id}`, { token: otherOwnerKey })).status).toBe(401)
  })
})

describe('POST /api/tenants/:tenantId/leads/:leadId/move', () => {
  it('moves a lead along an allowed transition, recording the reason', async () => {
    const lead = await newLead('5521998761001')
    const moved = await post(`/leads/${lead.lead_id}/move`, { stage: 'qualified', reason: 'pediu orçamento' })
    expect(moved.status).toBe(200)
    expect(moved.body.stage).toBe('qualified')
    expect(moved.body.stage_history.at(-1)).toMatchObject({ from: 'new', to: 'qualified', reason: 'pediu orçamento' })
    const defaulted = await post(`/leads/${lead.lead_id}/move`, { stage: 'proposal' })
    expect(defaulted.body.stage_history.at(-1).reason).toBe('movido pelo proprietário (painel)')
  })

  it('refuses a move off the transition table with 409 CRM_STAGE_TRANSITION_NOT_ALLOWED, changing nothing', async () => {
    const lead = await newLead('5521998761002')
    const response = await post(`/leads/${lead.lead_id}/move`, { stage: 'won' })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('CRM_STAGE_TRANSITION_NOT_ALLOWED')
    const stored = (await get('/leads?limit=200')).body.items.find((item: any) => item.lead_id === lead.lead_id)
    expect(stored.stage).toBe('new')
  })

  it('answers 404 for an unknown lead, 400 for an unknown stage, 401 for another tenant', async () => {
    expect((await post('/leads/lead_missing/move', { stage: 'contacted' })).body.error.code).toBe('CRM_LEAD_NOT_FOUND')
    const lead = await newLead('5521998761003')
    const bad = await post(`/leads/${lead.lead_id}/move`, { stage: 'closed' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('stage')
    expect((await post(`/leads/${lead.lead_id}/move`, { stage: 'contacted' }, otherOwnerKey)).status).toBe(401)
  })
})

describe('follow-ups', () => {
  it('schedules a follow-up for a known contact, lists it, and cancels it once', async () => {
    await newLead('5521998762001')
    const created = await post('/follow-ups', { customer_phone: '5521998762001', at: localAhead(3), message: 'Oi! Conseguiu ver a proposta?' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'scheduled', message: 'Oi! Conseguiu ver a proposta?', created_by: 'owner' })
    expect(created.body.send_at).toBe(created.body.due_at)
    const listed = await get('/follow-ups?status=scheduled')
    expect(listed.body.items.map((item: any) => item.follow_up_id)).toContain(created.body.follow_up_id)
    expect(listed.body).toMatchObject({ total: expect.any(Number), next_cursor: null })
    const cancelled = await post(`/follow-ups/${created.body.follow_up_id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_owner' })
    const again = await post(`/follow-ups/${created.body.follow_up_id}/cancel`)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CRM_FOLLOW_UP_NOT_SCHEDULED')
    expect((await get('/follow-ups?status=cancelled')).body.items.map((item: any) => item.follow_up_id)).toContain(created.body.follow_up_id)
  })

  it('pages follow-ups by due time', async () => {
    await newLead('5521998762002')
    for (const days of [5, 4]) await post('/follow-ups', { customer_phone: '5521998762002', at: localAhead(days), message: `em ${days} dias` })
    const first = await get('/follow-ups?limit=1&status=scheduled')
    expect(first.body.items).toHaveLength(1)
    const second = await get(`/follow-ups?limit=1&status=scheduled&cursor=${first.body.next_cursor}`)
    expect(second.body.items[0].due_at > first.body.items[0].due_at).toBe(true)
  })

  it.each([
    [{ customer_phone: '5521998769999', at: localAhead(2), message: 'oi' }, 404, 'CRM_CUSTOMER_NOT_FOUND'],
    [{ customer_phone: '5521998762001', at: '2020-01-01T10:00', message: 'oi' }, 400, 'CRM_FOLLOW_UP_IN_PAST'],
    [{ customer_phone: '5521998762001', at: 'amanhã 10h', message: 'oi' }, 400, 'HTTP_VALIDATION_FAILED'],
    [{ customer_phone: '5521998762001', at: localAhead(2), message: '  ' }, 400, 'HTTP_VALIDATION_FAILED'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const response = await post('/follow-ups', body)
    expect(response.status).toBe(status)
    expect(response.body.error.code).toBe(code)
  })

  it('answers 404 for an unknown follow-up, 400 for an unknown status, 401 for another tenant', async () => {
    expect((await post('/follow-ups/fup_missing/cancel')).body.error.code).toBe('CRM_FOLLOW_UP_NOT_FOUND')
    expect((await get('/follow-ups?status=late')).status).toBe(400)
    expect((await get('/follow-ups', otherOwnerKey)).status).toBe(401)
    expect((await post('/follow-ups', { customer_phone: '5521998762001', at: localAhead(2), message: 'oi' }, otherOwnerKey)).status).toBe(401)
  })
})

describe('GET /api/tenants/:tenantId/campaigns', () => {
  it('lists the campaigns sent, newest first, with their recipient counts', async () => {
    await newLead('5521998763001')
    const sent = await post('/campaigns', { name: 'Retorno março', message: 'Que tal agendar sua revisão?', audience: { stages: ['new'] } })
    expect(sent.status).toBe(202)
    const listed = await get('/campaigns')
    expect(listed.status).toBe(200)
    expect(listed.body).toMatchObject({ total: 1, next_cursor: null })
    expect(listed.body.items[0]).toMatchObject({ campaign_id: sent.body.campaign_id, name: 'Retorno março', recipients: sent.body.recipients, audience: { stages: ['new'] } })
    expect((await get('/campaigns?limit=0')).status).toBe(400)
    expect((await get('/campaigns', otherOwnerKey)).status).toBe(401)
  })
})
