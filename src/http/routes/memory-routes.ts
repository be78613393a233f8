import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { ConversationStore } from '../../conversation/index.js'
import type { EpisodeStore, MemoryService, MemoryStore } from '../../memory/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

const listQuerySchema = paginationQuerySchema.extend({ customer_id: z.string().min(1).max(100).optional() }).strict()

/**
 * Long-term memories of a tenant (owner view), and a contact's export and erasure (LGPD): erasure
 * removes the contact's memories and their vectors in every embedding space.
 */
export const createMemoryRoutes = (deps: {
  memory: MemoryService
  store: MemoryStore
  episodes: EpisodeStore
  conversations: ConversationStore
  requireTenantAccess: RequestHandler
}): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.get('/tenants/:tenantId/memories', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    response.json(
      await deps.store.list({
        tenantId: tenant(request.params),
        limit: query.limit,
        cursor: query.cursor,
        ...(query.customer_id ? { subjectKind: 'customer' as const, subjectId: query.customer_id } : {}),
      }),
    )
  })

  router.get('/tenants/:tenantId/contacts/:customerId/memory/export', deps.requireTenantAccess, async (request, response) => {
    const input = { tenantId: tenant(request.params), customerId: String(request.params.customerId) }
    response.json({ memories: await deps.memory.exportContact(input), episodes: await deps.episodes.exportContact({ tenantId: input.tenantId, contactId: input.customerId }) })
  })

  router.delete('/tenants/:tenantId/contacts/:customerId/memory', deps.requireTenantAccess, async (request, response) => {
    const input = { tenantId: tenant(request.params), customerId: String(request.params.customerId) }
    const memories = await deps.memory.eraseContact(input)
    const episodes = await deps.episodes.eraseContact({ tenantId: input.tenantId, contactId: input.customerId })
    const conversation = await deps.conversations.eraseContact({ tenantId: input.tenantId, contactId: input.customerId })
    response.json({ memories, episodes, messages: conversation.messages })
  })
  return router
}
