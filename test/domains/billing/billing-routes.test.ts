import type { AddressInfo } from 'node:net'
import express, { type RequestHandler } from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Charge } from '../../../src/domains/billing/index.js'
import { createErrorMiddleware } from '../../../src/http/error-middleware.js'
import { createBillingRoutes, createPaymentWebhookRoutes } from '../../../src/http/routes/billing-routes.js'
import { AppError } from '../../../src/shared/app-error.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { TenantService } from '../../../src/tenants/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openBillingKit, testConfig, type BillingKit } from './billing-test-kit.js'

// The routers alone on a bare express app (the real app mounts them in create-http-app).
describe('billing routes', () => {
  let kit: BillingKit
  let baseUrl: string
  let close: () => Promise<void>
  const tenantId = randomTenantId()
  const paid: Charge[] = []

  beforeEach(async () => {
    kit = await openBillingKit()
    const config = testConfig()
    const tenants = {
      getRuntimeConfig: async () => config,
      getWebhookContext: async (id: string) => {
        if (id !== tenantId) throw new AppError('TENANT_NOT_FOUND', `no tenant ${id}`)
        return { webhookToken: 'secret-token', config }
      },
    } as unknown as TenantService
    const allow: RequestHandler = (_request, _response, next) => next()
    const app = express()
    app.use('/api', createBillingRoutes({ billing: kit.billing, tenants, requireTenantAccess: allow, clock: kit.clock }))
    app.use(createPaymentWebhookRoutes({ billing: kit.billing, tenants, clock: kit.clock, onPaid: (_tenant, charge) => void paid.push(charge) }))
    app.use(createErrorMiddleware(createSilentLogger()))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = async () => {
      await new Promise((resolve) => server.close(resolve))
      await kit.close()
    }
  })
  afterEach(() => close())

  const webhook = (body: unknown, query = '?token=secret-token', tenant = tenantId) =>
    fetch(`${baseUrl}/webhooks/payments/${tenant}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it('lists charges with their PIX and QR code', async () => {
    await kit.billing.createCharge({ tenantId, config: testConfig(), fields: { customer_phone: '11987654321', amount_cents: 15000, description: 'Sessão' } })
    const response = await fetch(`${baseUrl}/api/tenants/${tenantId}/charges?status=open&limit=5`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { items: Array<{ pix: { copia_e_cola: string; qr_png_data_url: string } }>; total: number }
    expect(body.total).toBe(1)
    expect(body.items[0]?.pix.copia_e_cola).toMatch(/^000201/)
    expect(body.items[0]?.pix.qr_png_data_url).toMatch(/^data:image\/png;base64,/)
    expect((await fetch(`${baseUrl}/api/tenants/${tenantId}/charges?status=unknown`)).status).toBe(400)
  })

  it('authenticates the payment webhook, pays once and calls onPaid once', async () => {
    const { charge } = await kit.billing.createCharge({
      tenantId,
      config: testConfig(),
      fields: { customer_phone: '11987654321', amount_cents: 15000, description: 'Sessão' },
    })
    expect((await webhook({ event_id: 'e1', txid: charge.txid })).status).toBe(200)
    expect(await (await webhook({ event_id: 'e1', txid: charge.txid }, '')).json()).toMatchObject({ error: { code: 'WEBHOOK_TOKEN_MISSING' } })
    expect((await webhook({ event_id: 'e1', txid: charge.txid }, '?token=wrong')).status).toBe(401)
    expect((await webhook({ event_id: 'e1', txid: charge.txid }, '?token=secret-token', 'other-tenant')).status).toBe(404)
    expect((await webhook({ txid: charge.txid })).status).toBe(400)
    const again = await fetch(`${baseUrl}/webhooks/payments/${tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-token': 'secret-token' },
      body: JSON.stringify({ event_id: 'e1', txid: charge.txid }),
    })
    expect(await again.json()).toMatchObject({ status: 'duplicate' })
    expect(await (await webhook({ event_id: 'e2', charge_id: 'chg_nope' })).json()).toMatchObject({ status: 'not_found' })
    expect(paid.map((c) => c.charge_id)).toEqual([charge.charge_id])
  })
})
