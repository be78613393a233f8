import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { createChargeInputSchema, type BillingService } from '../../domains/billing/index.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
import { withPix } from './billing-routes.js'
import { phoneFieldSchema } from './phone-field.js'

// The phone checked here too, so a bad one is a 400 naming the field.
const createBodySchema = createChargeInputSchema.extend({ customer_phone: phoneFieldSchema })
const markPaidBodySchema = z.strictObject({ reference: z.string().trim().min(1).max(200).optional() })
const cancelBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() })

/**
 * The owner's billing actions from the panel, through the billing service the owner's tools use.
 * Answers carry `pix` like `GET …/charges` items (for open and overdue charges, when configured).
 */
export const createBillingWriteRoutes = (deps: { billing: BillingService; tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)
  const charge = (params: Record<string, unknown>) => String(params.chargeId)

  router.post('/tenants/:tenantId/charges', deps.requireTenantAccess, async (request, response) => {
    const fields = parseInput(createBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const created = await deps.billing.createCharge({ tenantId, config, fields })
    response.status(201).json(await withPix(deps.billing, created.charge, config))
  })

  router.post('/tenants/:tenantId/charges/:chargeId/mark-paid', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(markPaidBodySchema, request.body ?? {})
    // Exactly once: a second call (or a concurrent payment webhook) gets BILLING_CHARGE_ALREADY_PAID.
    response.json(await deps.billing.markPaid({ tenantId: tenant(request.params), chargeId: charge(request.params), reference: body.reference ?? 'panel' }))
  })

  router.post('/tenants/:tenantId/charges/:chargeId/cancel', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(cancelBodySchema, request.body ?? {})
    response.json(await deps.billing.cancelCharge({ tenantId: tenant(request.params), chargeId: charge(request.params), reason: body.reason }))
  })

  return router
}
