import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let tenantId: string
let ownerKey: string
let otherOwnerKey: string

const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['08:00', '18:00']]]))
/** A local date some days ahead (any weekday: the tenant opens every day). */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
const day = dayAhead(10)

const path = (suffix = '') => `/api/tenants/${tenantId}/appointments${suffix}`
const post = (suffix: string, body?: unknown, token = ownerKey) => app.api(path(suffix), { method: 'POST', body, token })
const book = (body: Record<string, unknown>) => post('', { service: 'Limpeza', ...body })
const countAppointments = async () => (await app.api(path())).body.total as number

beforeAll(async () => {
  app = await startTestFabio()
  tenantId = randomTenantId()
  ownerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })).body.owner_access_key
  await app.api(`/api/tenants/${tenantId}/config`, {
    method: 'PUT',
    body: { timezone: 'America/Sao_Paulo', business: { services: [{ name: 'Limpeza', duration_minutes: 45, price_cents: 15000 }], hours: everyDay } },
  })
  otherOwnerKey = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: randomTenantId() } })).body.owner_access_key
})
afterAll(() => app.stop())

describe('POST /api/tenants/:tenantId/appointments', () => {
  it('books a local start for a new phone, creating the customer with its name', async () => {
    const response = await book({ customer_phone: '(11) 98888-1001', customer_name: 'Maria Souza', start: `${day}T10:00` })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ service_name: 'Limpeza', start_at: `${day}T13:00:00.000Z`, end_at: `${day}T13:45:00.000Z`, price_cents: 15000, status: 'booked' })
    const customer = (await app.api(`/api/tenants/${tenantId}/customers?q=988881001`)).body.items[0]
    expect(customer).toMatchObject({ customer_id: response.body.customer_id, display_name: 'Maria Souza', phone: '5511988881001', origin: 'manual' })
  })

  it('books for an existing customer by phone, in either 9th-digit form', async () => {
    const first = await book({ customer_phone: '5511988881002', start: `${day}T11:00` })
    const second = await book({ customer_phone: '551188881002', start: `${day}T12:00` })
    expect(second.status).toBe(201)
    expect(second.body.customer_id).toBe(first.body.customer_id)
  })

  it('refuses a taken slot with 409 AGENDA_SLOT_TAKEN, offering other times', async () => {
    await book({ customer_phone: '5511988881003', start: `${day}T14:00` })
    const response = await book({ customer_phone: '5511988881004', start: `${day}T14:30` })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('AGENDA_SLOT_TAKEN')
    expect(response.body.error.message).toContain('Horários livres')
  })

  it.each([
    [{ start: `${day}T19:00` }, 422, 'AGENDA_OUTSIDE_HOURS'],
    [{ start: '2020-01-06T10:00' }, 422, 'AGENDA_IN_PAST'],
    [{ start: `${day}T10:00`, service: 'Massagem' }, 400, 'AGENDA_SERVICE_UNKNOWN'],
    [{ start: `${day}T25:00` }, 400, 'AGENDA_TIME_INVALID'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const response = await book({ customer_phone: '5511988881005', ...body })
    expect(response.status).toBe(status)
    expect(response.body.error.code).toBe(code)
  })

  it.each([
    [{ customer_phone: 'abc', start: `${day}T15:00` }, 'customer_phone'],
    [{ start: `${day}T15:00` }, 'customer_phone'],
    [{ customer_phone: '5511988881006', start: `${day} 15:00` }, 'start'],
    [{ customer_phone: '5511988881006', start: `${day}T15:00`, notes: 'x' }, 'notes'],
  ])('refuses %j with 400 naming the field, creating nothing', async (body, field) => {
    const before = await countAppointments()
    const response = await book(body)
    expect(response.status).toBe(400)
    expect(response.body.error).toEqual({ code: 'HTTP_VALIDATION_FAILED', message: expect.stringContaining(field) })
    expect(await countAppointments()).toBe(before)
    expect((await app.api(`/api/tenants/${tenantId}/customers?q=988881006`)).body.total).toBe(0)
  })

  it('refuses an owner key of another tenant with 401', async () => {
    expect((await post('', { customer_phone: '5511988881007', service: 'Limpeza', start: `${day}T16:00` }, otherOwnerKey)).status).toBe(401)
  })
})

describe('reschedule and cancel', () => {
  it('reschedules to a free local time, and refuses a taken one with 409', async () => {
    const booked = (await book({ customer_phone: '5511988882001', start: `${dayAhead(11)}T09:00` })).body
    const other = (await book({ customer_phone: '5511988882002', start: `${dayAhead(11)}T11:00` })).body
    const moved = await post(`/${booked.appointment_id}/reschedule`, { start: `${dayAhead(11)}T15:00` })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ appointment_id: booked.appointment_id, start_at: `${dayAhead(11)}T18:00:00.000Z`, status: 'booked' })
    const taken = await post(`/${booked.appointment_id}/reschedule`, { start: `${dayAhead(11)}T11:15` })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('AGENDA_SLOT_TAKEN')
    expect((await app.api(path(`?customer_id=${other.customer_id}`))).body.items[0].start_at).toBe(other.start_at)
  })

  it('cancels as the owner, and a cancelled appointment cannot be rescheduled', async () => {
    const booked = (await book({ customer_phone: '5511988882003', start: `${dayAhead(12)}T09:00` })).body
    const cancelled = await post(`/${booked.appointment_id}/cancel`, { reason: 'cliente desmarcou por telefone' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_reason: 'cliente desmarcou por telefone' })
    expect((await post(`/${booked.appointment_id}/cancel`)).body.status).toBe('cancelled')
    const again = await post(`/${booked.appointment_id}/reschedule`, { start: `${dayAhead(12)}T10:00` })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('AGENDA_APPOINTMENT_CANCELLED')
  })

  it('cancels with the owner’s default reason when none is given', async () => {
    const booked = (await book({ customer_phone: '5511988882004', start: `${dayAhead(12)}T11:00` })).body
    expect((await post(`/${booked.appointment_id}/cancel`)).body.cancelled_reason).toBe('cancelled_by_owner')
  })

  it('answers 404 for an unknown appointment, 400 for a bad start, 401 for another tenant', async () => {
    expect((await post('/apt_missing/reschedule', { start: `${day}T10:00` })).body.error.code).toBe('AGENDA_APPOINTMENT_NOT_FOUND')
    expect((await post('/apt_missing/cancel')).status).toBe(404)
    const booked = (await book({ customer_phone: '5511988882005', start: `${dayAhead(13)}T09:00` })).body
    const bad = await post(`/${booked.appointment_id}/reschedule`, { start: 'amanhã' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('start')
    expect((await post(`/${booked.appointment_id}/cancel`, undefined, otherOwnerKey)).status).toBe(401)
    expect((await app.api(path(`?customer_id=${booked.customer_id}`))).body.items[0].status).toBe('booked')
  })
})
