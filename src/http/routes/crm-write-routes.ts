import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { allowedTransitions, leadSources, leadStages, stageLabelsPtBr, type CrmService } from '../../domains/crm/index.js'
import { findOrCreateCustomerByPhone, type CustomerService } from '../../domains/customers/index.js'
import { AppError } from '../../shared/app-error.js'
import { parseInput } from '../validate.js'
import { phoneFieldSchema } from './phone-field.js'

const moveBodySchema = z.strictObject({
  stage: z.enum(leadStages),
  reason: z.string().trim().min(1).max(200).optional(),
})
const createBodySchema = z.strictObject({
  customer_phone: phoneFieldSchema,
  /** Used only when the phone is new: the customer is created with this name. */
  name: z.string().trim().min(1).max(120).optional(),
  source: z.enum(leadSources).default('manual'),
})

/** The funnel from the panel: its stages and allowed moves, moving a lead, adding one. */
export const createCrmWriteRoutes = (deps: {
  crm: CrmService
  customers: Pick<CustomerService, 'findByPhone' | 'createCustomer'>
  requireTenantAccess: RequestHandler
}): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  // The domain's table, so the panel offers only the moves the service will accept.
  router.get('/tenants/:tenantId/leads/stages', deps.requireTenantAccess, (_request, response) => {
    response.json({ stages: leadStages, transitions: allowedTransitions, labels: stageLabelsPtBr })
  })

  router.post('/tenants/:tenantId/leads/:leadId/move', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(moveBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const leadId = String(request.params.leadId)
    const lead = await deps.crm.getLeadById({ tenantId, leadId })
    if (!lead) throw new AppError('CRM_LEAD_NOT_FOUND', `no lead ${leadId} in this tenant`)
    response.json(await deps.crm.moveLead({ tenantId, customerId: lead.customer_id, stage: body.stage, reason: body.reason ?? 'movido pelo proprietário (painel)' }))
  })

  router.post('/tenants/:tenantId/leads', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(createBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const { customer } = await findOrCreateCustomerByPhone(deps.customers, { tenantId, phone: body.customer_phone, displayName: body.name, origin: body.source })
    response.status(201).json(await deps.crm.createLead({ tenantId, customerId: customer.customer_id, source: body.source }))
  })

  return router
}
