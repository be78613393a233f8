import { Router, type RequestHandler } from 'express'
import type { TenantService } from '../../tenants/index.js'
import { requireAdmin } from '../authenticate.js'

export const createTenantRoutes = (deps: { tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const { tenants, requireTenantAccess } = deps
  const router = Router()

  router.post('/tenants', requireAdmin, async (request, response) => {
    response.status(201).json(await tenants.createTenant(request.body))
  })

  router.get('/tenants', requireAdmin, async (_request, response) => {
    const items = await tenants.listTenants()
    response.json({ items, total: items.length })
  })

  router.get('/tenants/:tenantId/config', requireTenantAccess, async (request, response) => {
    response.json(await tenants.getMaskedConfig(request.params.tenantId as string))
  })

  router.put('/tenants/:tenantId/config', requireTenantAccess, async (request, response) => {
    response.json(await tenants.updateConfig(request.params.tenantId as string, request.body))
  })

  return router
}
