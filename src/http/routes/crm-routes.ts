import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { listLeadsQuerySchema, type CrmService } from '../../domains/crm/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

const listQuerySchema = paginationQuerySchema
  .extend(listLeadsQuerySchema.shape)
  .extend({ customer_id: z.string().min(1).max(100).optional() })
  .strict()
const kpisQuerySchema = z.strictObject({ since: listLeadsQuerySchema.shape.since })

// A bare date is the start of that UTC day (the panel sends its own local midnight as a date-time).
const sinceInstant = (since: string | undefined) => (since === undefined ? undefined : new Date(since).toISOString())

/** `GET /tenants/:tenantId/leads` and `GET /tenants/:tenantId/leads/kpis` (mounted under /api). */
export const createCrmRoutes = (deps: { crm: CrmService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()

  router.get('/tenants/:tenantId/leads/kpis', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(kpisQuerySchema, request.query)
    response.json(await deps.crm.kpis({ tenantId: request.params.tenantId as string, since: sinceInstant(query.since) }))
  })

  router.get('/tenants/:tenantId/leads', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    if (query.customer_id !== undefined) {
      // A customer has at most one lead: the answer is that lead (if it passes the other filters) or none.
      const lead = await deps.crm.getLead({ tenantId: request.params.tenantId as string, customerId: query.customer_id })
      const since = sinceInstant(query.since)
      const matches =
        lead !== null &&
        (query.stage === undefined || lead.stage === query.stage) &&
        (query.source === undefined || lead.source === query.source) &&
        (since === undefined || lead.created_at >= since)
      response.json({ items: matches ? [lead] : [], total: matches ? 1 : 0, next_cursor: null })
      return
    }
    response.json(
      await deps.crm.listLeads({
        tenantId: request.params.tenantId as string,
        stage: query.stage,
        source: query.source,
        since: sinceInstant(query.since),
        limit: query.limit,
        cursor: query.cursor,
      }),
    )
  })

  return router
}
