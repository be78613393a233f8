import { Router, type RequestHandler } from 'express'
import { resolveTargetSpace, type ReembedRunner } from '../../memory/index.js'
import type { Logger } from '../../shared/logger.js'
import type { TenantService } from '../../tenants/index.js'

/**
 * `GET /api/tenants/:id/memory/maintenance` (status and progress) and `POST …/run` (starts a
 * re-embed into the space the tenant's config asks for, in the background: 202).
 */
export const createMemoryMaintenanceRoutes = (deps: { runner: ReembedRunner; tenants: TenantService; logger: Logger; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  router.get('/tenants/:tenantId/memory/maintenance', deps.requireTenantAccess, async (request, response) => {
    response.json(await deps.runner.status(String(request.params.tenantId)))
  })
  router.post('/tenants/:tenantId/memory/maintenance/run', deps.requireTenantAccess, async (request, response) => {
    const tenantId = String(request.params.tenantId)
    const targetSpaceId = resolveTargetSpace(await deps.tenants.getRuntimeConfig(tenantId)).space_id
    void deps.runner
      .run({ tenantId, targetSpaceId })
      .catch((error: unknown) => deps.logger.warn({ tenant_id: tenantId, err: error }, 'memory re-embed run failed'))
    response.status(202).json(await deps.runner.status(tenantId))
  })
  return router
}
