import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
let tenantId: string
let ownerKey: string
let otherTenantId: string
let otherOwnerKey: string

const charges = (id = tenantId) => `/api/tenants/${id}/charges`
const post = (path: string, body?: unknown, token = ownerKey) => app.api(path, { method: 'POST', body, token })
const create = (body: Record<string, unknown> = {}, id = tenantId, token = ownerKey) =>
  post(charges(id), { customer_phone: '5511977771001', amount_cents: 15000, description: 'Sessão de fisioterapia', ...body }, token)

const createTenant = async () => {
  const id = randomTenantId()
  return { id, ownerKey: (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: id } })).body.owner_access_key as string }
}

beforeAll(async () => {
  app = await startTestFabio()
  ;({ id: tenantId, ownerKey } = await createTenant())
  await app.api(`/api/tenants/${tenantId}/config`, { method: 'PUT', body: { business: { pix: { key: 'financeiro@clinica.com.br', merchant_name: 'Clinica Sorriso', merchant_city: 'Sao Paulo' } } } })
  ;({ id: otherTenantId, ownerKey: otherOwnerKey } = await createTenant())
})
afterAll(() => app.stop())

describe('POST /api/tenants/:tenantId/charges', () => {
  it('creates an open charge with its PIX, like the items of GET charges', async () => {
    const response = await create()
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ amount_cents: 15000, description: 'Sessão de fisioterapia', status: 'open', paid_at: null })
    expect(response.body.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(response.body.pix.copia_e_cola).toMatch(/^000201/)
    expect(response.body.pix.qr_png_data_url).toMatch(/^data:image\/png;base64,/)
    const listed = (await app.api(charges(), { token: ownerKey })).body.items.find((item: any) => item.charge_id === response.body.charge_id)
    expect(listed).toEqual(response.body)
  })

  it('answers no pix when business.pix is not configured', async () => {
    const response = await create({}, otherTenantId, otherOwnerKey)
    expect(response.status).toBe(201)
    expect(response.body.pix).toBeUndefined()
  })

  it.each([
    [{ amount_cents: -5 }, 'amount_cents'],
    [{ amount_cents: 10.5 }, 'amount_cents'],
    [{ description: '' }, 'description'],
    [{ customer_phone: 'abc' }, 'customer_phone'],
    [{ due_date: '05/03/2026' }, 'due_date'],
    [{ discount: 10 }, 'discount'],
  ])('refuses %j with 400 naming the field, creating nothing', async (body, field) => {
    const before = (await app.api(charges())).body.total
    const response = await create(body)
    expect(response.status).toBe(400)
    expect(response.body.error).toEqual({ code: 'HTTP_VALIDATION_FAILED', message: expect.stringContaining(field) })
    expect((await app.api(charges())).body.total).toBe(before)
  })

  it('refuses a due date in the past with 400 BILLING_CHARGE_INVALID', async () => {
    const response = await create({ due_date: '2020-01-01' })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('BILLING_CHARGE_INVALID')
  })

  it('refuses an owner key of another tenant with 401', async () => {
    expect((await create({}, tenantId, otherOwnerKey)).status).toBe(401)
  })
})

describe('mark-paid and cancel', () => {
  it('marks a charge paid exactly once, even when asked twice at the same moment', async () => {
    const charge = (await create({ customer_phone: '5511977772001' })).body
    const answers = await Promise.all([post(`${charges()}/${charge.charge_id}/mark-paid`), post(`${charges()}/${charge.charge_id}/mark-paid`)])
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
    const paid = answers.find((answer) => answer.status === 200)?.body
    expect(paid).toMatchObject({ charge_id: charge.charge_id, status: 'paid', payment_reference: 'panel' })
    expect(paid.paid_at).not.toBeNull()
    expect(answers.find((answer) => answer.status === 409)?.body.error.code).toBe('BILLING_CHARGE_ALREADY_PAID')
    expect((await post(`${charges()}/${charge.charge_id}/cancel`)).body.error.code).toBe('BILLING_CHARGE_ALREADY_PAID')
  })

  it('records the reference given', async () => {
    const charge = (await create({ customer_phone: '5511977772002' })).body
    expect((await post(`${charges()}/${charge.charge_id}/mark-paid`, { reference: 'dinheiro no balcão' })).body.payment_reference).toBe('dinheiro no balcão')
  })

  it('cancels an open charge; a cancelled one cannot be paid', async () => {
    const charge = (await create({ customer_phone: '5511977772003' })).body
    const cancelled = await post(`${charges()}/${charge.charge_id}/cancel`, { reason: 'lançada em duplicidade' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect(cancelled.body.history.at(-1)).toMatchObject({ from: 'open', to: 'cancelled', reason: 'lançada em duplicidade' })
    const paid = await post(`${charges()}/${charge.charge_id}/mark-paid`)
    expect(paid.status).toBe(409)
    expect(paid.body.error.code).toBe('BILLING_CHARGE_NOT_OPEN')
  })

  it('answers 404 for an unknown charge, 400 for an unknown field, 401 for another tenant', async () => {
    expect((await post(`${charges()}/chg_missing/mark-paid`)).body.error.code).toBe('BILLING_CHARGE_NOT_FOUND')
    expect((await post(`${charges()}/chg_missing/cancel`)).status).toBe(404)
    const charge = (await create({ customer_phone: '5511977772004' })).body
    expect((await post(`${charges()}/${charge.charge_id}/mark-paid`, { amount: 1 })).status).toBe(400)
    expect((await post(`${charges()}/${charge.charge_id}/mark-paid`, undefined, otherOwnerKey)).status).toBe(401)
    expect((await post(`${charges()}/${charge.charge_id}/cancel`, undefined, otherOwnerKey)).status).toBe(401)
    const listed = (await app.api(`${charges()}?status=open`)).body.items.map((item: any) => item.charge_id)
    expect(listed).toContain(charge.charge_id)
  })
})
