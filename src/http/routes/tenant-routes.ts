import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import { personaRoles, type TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'
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

  router.get('/tenants/:tenantId/personas', requireTenantAccess, async (request, response) => {
    response.json(await tenants.listPersonaVersions(request.params.tenantId as string))
  })

  router.post('/tenants/:tenantId/personas/:role/rollback', requireTenantAccess, async (request, response) => {
    const role = parseInput(z.enum(personaRoles), request.params.role)
    const { version } = parseInput(z.strictObject({ version: z.number().int().min(1) }), request.body ?? {})
    response.json(await tenants.rollbackPersona(request.params.tenantId as string, role, version))
  })

  return router
}
