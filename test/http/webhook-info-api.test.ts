import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomTenantId } from '../support/factories.js'
import { startTestFabio, type TestFabio } from '../support/start-test-fabio.js'

let app: TestFabio
const tenants: Array<{ id: string; ownerKey: string; webhookToken: string; webhookUrl: string }> = []

beforeAll(async () => {
  app = await startTestFabio({ PUBLIC_BASE_URL: 'https://fabio.example.com' })
  for (let index = 0; index < 2; index += 1) {
    const id = randomTenantId()
    const created = (await app.api('/api/tenants', { method: 'POST', body: { tenant_id: id } })).body
    tenants.push({ id, ownerKey: created.owner_access_key, webhookToken: created.webhook_token, webhookUrl: created.webhook_url })
  }
})
afterAll(() => app.stop())

describe('GET /api/tenants/:tenantId/webhook', () => {
  it('answers the URL to paste into Evolution and the tenant’s webhook token, to its owner', async () => {
    const [tenant] = tenants as [(typeof tenants)[number]]
    const response = await app.api(`/api/tenants/${tenant.id}/webhook`, { token: tenant.ownerKey })
    expect(response).toEqual({
      status: 200,
      body: {
        url: `https://fabio.example.com/webhooks/evolution/${tenant.id}`,
        token: tenant.webhookToken,
        url_with_token: `https://fabio.example.com/webhooks/evolution/${tenant.id}?token=${tenant.webhookToken}`,
      },
    })
    expect(response.body.url).toBe(tenant.webhookUrl)
  })

  it('answers the admin too, and 404 for an unknown tenant', async () => {
    expect((await app.api(`/api/tenants/${tenants[1]?.id}/webhook`)).body.token).toBe(tenants[1]?.webhookToken)
    expect((await app.api('/api/tenants/t-missing/webhook')).body.error.code).toBe('TENANT_NOT_FOUND')
  })

  it('refuses another tenant’s owner key with 401, and no token with 401', async () => {
    const [first, second] = tenants as [(typeof tenants)[number], (typeof tenants)[number]]
    const response = await app.api(`/api/tenants/${second.id}/webhook`, { token: first.ownerKey })
    expect(response.status).toBe(401)
    expect(JSON.stringify(response.body)).not.toContain(second.webhookToken)
    expect((await app.api(`/api/tenants/${second.id}/webhook`, { token: null })).body.error.code).toBe('AUTH_MISSING')
  })
})
