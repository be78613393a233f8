import { Router, type RequestHandler } from 'express'
import { chatRequestSchema, type RunChatTurn } from '../../conversation/index.js'
import { listConfirmationsRequestQuerySchema, type ConfirmationService } from '../../orchestration/confirmations/index.js'
import { parseInput } from '../validate.js'

/** The chat API (01 Chat IA and the customer simulator) and the owner's confirmations. */
export const createAgentRoutes = (deps: { runChatTurn: RunChatTurn; confirmations: ConfirmationService; requireTenantAccess: RequestHandler }): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.post('/tenants/:tenantId/chat', deps.requireTenantAccess, async (request, response) => {
    response.json(await deps.runChatTurn(tenant(request.params), parseInput(chatRequestSchema, request.body ?? {})))
  })

  router.get('/tenants/:tenantId/confirmations', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listConfirmationsRequestQuerySchema, request.query)
    response.json(
      await deps.confirmations.list({ tenantId: tenant(request.params), status: query.status, contactId: query.contact_id, limit: query.limit, cursor: query.cursor }),
    )
  })

  for (const action of ['approve', 'reject'] as const) {
    router.post(`/tenants/:tenantId/confirmations/:confirmationId/${action}`, deps.requireTenantAccess, async (request, response) => {
      const decision = await deps.confirmations[action]({ tenantId: tenant(request.params), confirmationId: String(request.params.confirmationId), via: 'api' })
      response.json({ outcome: decision.outcome, confirmation: decision.confirmation, reply: decision.replyText })
    })
  }
  return router
}
