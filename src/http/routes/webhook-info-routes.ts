import { Router, type RequestHandler } from 'express'
import type { TenantService } from '../../tenants/index.js'

/**
 * `GET /tenants/:tenantId/webhook`: what to paste into Evolution's webhook settings. The token is
 * stored encrypted (not hashed) because fabio needs it in clear to verify Evolution's JWTs.
 */
export const createWebhookInfoRoutes = (deps: { tenants: TenantService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  router.get('/tenants/:tenantId/webhook', deps.requireTenantAccess, async (request, response) => {
    const tenantId = String(request.params.tenantId)
    const url = deps.tenants.webhookUrl(tenantId)
    const token = await deps.tenants.getWebhookToken(tenantId)
    response.json({ url, token, url_with_token: `${url}?token=${encodeURIComponent(token)}` })
  })
  return router
}
