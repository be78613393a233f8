import express, { Router } from 'express'
import type { AcceptEvolutionWebhook } from '../../conversation/index.js'
import type { Clock } from '../../shared/clock.js'
import type { TenantConfig, TenantService } from '../../tenants/index.js'
import { assertWebhookAuthenticated } from '../webhook-auth.js'

/** Evolution's `webhookBase64` puts whole media files in the body; larger is refused with 413. */
export const webhookBodyLimit = '64mb'

/** With `webhookByEvents`, Evolution appends `/<event>` to the URL, after our `?token=…`. */
const suffixAfterQueryToken = (request: express.Request): string | undefined => {
  const token = request.query.token
  return typeof token === 'string' && token.includes('/') ? token.slice(token.indexOf('/') + 1) : undefined
}

export const createEvolutionWebhookRoutes = (deps: { tenants: TenantService; acceptWebhook: AcceptEvolutionWebhook; clock: Clock }): Router => {
  const router = Router()
  const authenticate: express.RequestHandler = async (request, response, next) => {
    const context = await deps.tenants.getWebhookContext(String(request.params.tenantId))
    assertWebhookAuthenticated(request, context.webhookToken, deps.clock.now())
    response.locals.tenantConfig = context.config
    next()
  }
  const accept: express.RequestHandler = async (request, response) => {
    const result = await deps.acceptWebhook({
      tenantId: String(request.params.tenantId),
      config: response.locals.tenantConfig as TenantConfig,
      body: request.body,
      eventSuffix: request.params.eventSuffix ? String(request.params.eventSuffix) : suffixAfterQueryToken(request),
    })
    response.status(200).json(result)
  }
  // Authenticate before reading the body, so an unauthenticated sender cannot make us parse 64 MB.
  const json = express.json({ limit: webhookBodyLimit, strict: false, type: () => true })
  router.post('/webhooks/evolution/:tenantId', authenticate, json, accept)
  router.post('/webhooks/evolution/:tenantId/:eventSuffix', authenticate, json, accept)
  return router
}
