import { Router, type RequestHandler } from 'express'
import { listCustomersQuerySchema, type CustomerService } from '../../domains/customers/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

const listQuerySchema = paginationQuerySchema.extend(listCustomersQuerySchema.shape).strict()

export const createCustomerRoutes = (deps: { customers: CustomerService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()

  router.get('/tenants/:tenantId/customers', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    response.json(
      await deps.customers.listCustomers({
        tenantId: request.params.tenantId as string,
        limit: query.limit,
        cursor: query.cursor,
        query: query.q,
      }),
    )
  })

  router.post('/tenants/:tenantId/customers', deps.requireTenantAccess, async (request, response) => {
    response
      .status(201)
      .json(await deps.customers.createCustomer({ tenantId: request.params.tenantId as string, fields: request.body }))
  })

  return router
}
