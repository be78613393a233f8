import express, { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { listChargesQuerySchema, type BillingService, type Charge, type ChargePix } from '../../domains/billing/index.js'
import type { Clock } from '../../shared/clock.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import type { TenantConfig, TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
import { assertWebhookAuthenticated } from '../webhook-auth.js'

const listQuerySchema = paginationQuerySchema.extend(listChargesQuerySchema.shape).strict()

/** A charge as the API answers it: open and overdue ones carry their PIX when `business.pix` is configured. */
export const withPix = async (billing: BillingService, charge: Charge, config: TenantConfig): Promise<Charge & { pix?: ChargePix }> =>
  config.business.pix && (charge.status === 'open' || charge.status === 'overdue')
    ? { ...charge, pix: await billing.pixFor(charge, config) }
    : charge

/** `GET /tenants/:tenantId/charges` (mounted under /api): each unpaid charge with its PIX when configured. */
export const createBillingRoutes = (deps: {
  billing: BillingService
  tenants: TenantService
  requireTenantAccess: RequestHandler
  clock: Clock
}): Router => {
  const router = Router()

  router.get('/tenants/:tenantId/charges', deps.requireTenantAccess, async (request, response) => {
    const tenantId = request.params.tenantId as string
    const query = parseInput(listQuerySchema, request.query)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    await deps.billing.refreshOverdue({ tenantId, config, now: deps.clock.now() })
    const page = await deps.billing.listCharges({
      tenantId,
      status: query.status,
      customerId: query.customer_id,
      limit: query.limit,
      cursor: query.cursor,
    })
    response.json({ ...page, items: await Promise.all(page.items.map((charge) => withPix(deps.billing, charge, config))) })
  })

  return router
}

export const paymentWebhookBodySchema = z
  .object({
    event_id: z.string().trim().min(1).max(200),
    charge_id: z.string().min(1).max(100).optional(),
    txid: z.string().min(1).max(35).optional(),
    amount_cents: z.number().int().positive().optional(),
    paid_at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => body.charge_id !== undefined || body.txid !== undefined, 'give charge_id or txid')

/**
 * `POST /webhooks/payments/:tenantId` (mounted at the app root): a payment provider (or a script)
 * says a charge was paid. Authenticated by the tenant's webhook token like the Evolution webhook;
 * idempotent by `event_id`. `onPaid` runs once per charge actually paid here (to tell the customer).
 */
export const createPaymentWebhookRoutes = (deps: {
  billing: BillingService
  tenants: TenantService
  clock: Clock
  onPaid: (tenantId: string, charge: Charge) => Promise<void> | void
}): Router => {
  const router = Router()
  const authenticate: RequestHandler = async (request, _response, next) => {
    const context = await deps.tenants.getWebhookContext(String(request.params.tenantId))
    assertWebhookAuthenticated(request, context.webhookToken, deps.clock.now())
    next()
  }
  // Authenticate before reading the body.
  const json = express.json({ limit: '64kb', type: () => true })

  router.post('/webhooks/payments/:tenantId', authenticate, json, async (request, response) => {
    const tenantId = String(request.params.tenantId)
    const body = parseInput(paymentWebhookBodySchema, request.body)
    const result = await deps.billing.applyPaymentWebhook({
      tenantId,
      providerEventId: body.event_id,
      chargeId: body.charge_id,
      txid: body.txid,
      amountCents: body.amount_cents,
      paidAt: body.paid_at ? new Date(body.paid_at).toISOString() : undefined,
    })
    if (result.outcome === 'paid' && result.charge) await deps.onPaid(tenantId, result.charge)
    response.status(200).json({ status: result.outcome, charge_id: result.charge?.charge_id ?? null })
  })

  return router
}
