import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { followUpStatuses, type CrmService } from '../../domains/crm/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
import { phoneFieldSchema } from './phone-field.js'

const listQuerySchema = paginationQuerySchema.extend({ status: z.enum(followUpStatuses).optional() }).strict()
const scheduleBodySchema = z.strictObject({
  customer_phone: phoneFieldSchema,
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'use YYYY-MM-DDTHH:mm (local time)'),
  message: z.string().trim().min(1).max(1000),
})

/** Follow-ups from the panel, through the service the `schedule_follow_up` tool uses (send window, opt-outs). */
export const createFollowUpRoutes = (deps: { crm: CrmService; tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.get('/tenants/:tenantId/follow-ups', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    response.json(await deps.crm.listFollowUps({ tenantId: tenant(request.params), status: query.status, limit: query.limit, cursor: query.cursor }))
  })

  router.post('/tenants/:tenantId/follow-ups', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(scheduleBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const { followUp, sendAt } = await deps.crm.scheduleFollowUp({ tenantId, config, customerPhone: body.customer_phone, atLocal: body.at, message: body.message })
    response.status(201).json({ ...followUp, send_at: sendAt.toISOString() })
  })

  router.post('/tenants/:tenantId/follow-ups/:followUpId/cancel', deps.requireTenantAccess, async (request, response) => {
    response.json(await deps.crm.cancelScheduledFollowUp({ tenantId: tenant(request.params), followUpId: String(request.params.followUpId), reason: 'cancelled_by_owner' }))
  })

  return router
}
