import { Router, type RequestHandler } from 'express'
import { listAppointmentsQuerySchema, type AgendaService } from '../../domains/agenda/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

const listQuerySchema = paginationQuerySchema.extend(listAppointmentsQuerySchema.shape).strict()

/** `GET /tenants/:tenantId/appointments?from=&to=&customer_id=&status=&limit=&cursor=` (instants ISO-8601, by start). */
export const createAgendaRoutes = (deps: { agenda: AgendaService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()

  router.get('/tenants/:tenantId/appointments', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    response.json(
      await deps.agenda.listAppointments({
        tenantId: request.params.tenantId as string,
        from: query.from,
        to: query.to,
        customerId: query.customer_id,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      }),
    )
  })

  return router
}
