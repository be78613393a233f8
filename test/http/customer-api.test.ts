import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio

beforeAll(async () => {
  app = await startTestFabio()
})
afterAll(() => app.stop())

const newTenant = async () => {
  const tenantId = randomTenantId()
  const created = await app.api('/api/tenants', { method: 'POST', body: { tenant_id: tenantId } })
  return { tenantId, ownerKey: created.body.owner_access_key as string }
}

describe('customers API', () => {
  it('creates and lists a tenant’s customers, paginated, for its owner', async () => {
    const { tenantId, ownerKey } = await newTenant()
    for (const [phone, name] of [['11 98765-0001', 'Ana'], ['11 98765-0002', 'Bruno'], ['11 98765-0003', 'Carla']]) {
      const created = await app.api(`/api/tenants/${tenantId}/customers`, {
        method: 'POST',
        body: { phone, display_name: name },
        token: ownerKey,
      })
      expect(created.status).toBe(201)
    }
    const page = await app.api(`/api/tenants/${tenantId}/customers?limit=2`, { token: ownerKey })
    expect(page.status).toBe(200)
    expect(page.body.items.map((c: { display_name: string }) => c.display_name)).toEqual(['Ana', 'Bruno'])
    expect(page.body.total).toBe(3)
    const next = await app.api(`/api/tenants/${tenantId}/customers?limit=2&cursor=${page.body.next_cursor}`, { token: ownerKey })
    expect(next.body.items.map((c: { display_name: string }) => c.display_name)).toEqual(['Carla'])
    expect(next.body.next_cursor).toBeNull()
    const filtered = await app.api(`/api/tenants/${tenantId}/customers?q=bru`, { token: ownerKey })
    expect(filtered.body.items).toHaveLength(1)
  })

  it('never shows one tenant’s customers to another', async () => {
    const a = await newTenant()
    const b = await newTenant()
    await app.api(`/api/tenants/${a.tenantId}/customers`, { method: 'POST', body: { phone: '11 91234-5678' }, token: a.ownerKey })
    expect((await app.api(`/api/tenants/${b.tenantId}/customers`, { token: b.ownerKey })).body.total).toBe(0)
  })

  it.each([
    ['limit=0', 'HTTP_VALIDATION_FAILED'],
    ['limit=abc', 'HTTP_VALIDATION_FAILED'],
    ['limit=1000', 'HTTP_VALIDATION_FAILED'],
    ['cursor=not-a-cursor', 'PAGINATION_CURSOR_INVALID'],
    ['sort=name', 'HTTP_VALIDATION_FAILED'],
  ])('refuses ?%s with 400', async (query, code) => {
    const { tenantId } = await newTenant()
    const response = await app.api(`/api/tenants/${tenantId}/customers?${query}`)
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe(code)
  })

  it('refuses a bad phone with 400 and a taken one with 409', async () => {
    const { tenantId } = await newTenant()
    const path = `/api/tenants/${tenantId}/customers`
    expect((await app.api(path, { method: 'POST', body: { phone: 'call me' } })).status).toBe(400)
    expect((await app.api(path, { method: 'POST', body: { phone: '5511988887777' } })).status).toBe(201)
    const taken = await app.api(path, { method: 'POST', body: { phone: '551188887777' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('CUSTOMER_PHONE_TAKEN')
  })
})
