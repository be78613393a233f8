import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { ConversationStore } from '../../conversation/index.js'
import type { EpisodeStore, MemoryService, MemoryStore } from '../../memory/index.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import { parseInput } from '../validate.js'

const listQuerySchema = paginationQuerySchema
  .extend({
    customer_id: z.string().min(1).max(100).optional(),
    /** Free text: the active memories that best match it, best first (one page, no cursor). */
    query: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
const memoryParamsSchema = z.object({ tenantId: z.string().min(1), memoryId: z.string().min(1).max(200) })
const recallsQuerySchema = paginationQuerySchema.extend({ contact_id: z.string().min(1).max(100).optional() }).strict()

/**
 * Long-term memories of a tenant (owner view): list or search them, forget one, read the recall
 * log; and a contact's export and erasure (LGPD). Erasure leaves a tombstone first, then removes
 * the contact's memories with their vectors in every space, episodes and conversation; no
 * background writer can bring them back (memory.md §7).
 */
export const createMemoryRoutes = (deps: {
  memory: MemoryService
  store: MemoryStore
  episodes: EpisodeStore
  /** Unused here: the memory service erases the conversation with the rest (after the tombstone). */
  conversations: ConversationStore
  requireTenantAccess: RequestHandler
}): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.get('/tenants/:tenantId/memories', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(listQuerySchema, request.query)
    const tenantId = tenant(request.params)
    if (query.query !== undefined) {
      const found = await deps.memory.search({ tenantId, query: query.query, limit: query.limit, ...(query.customer_id ? { customerId: query.customer_id } : {}) })
      response.json({ items: found.map((item) => item.memory), total: found.length, next_cursor: null })
      return
    }
    response.json(
      await deps.store.list({
        tenantId,
        limit: query.limit,
        cursor: query.cursor,
        ...(query.customer_id ? { subjectKind: 'customer' as const, subjectId: query.customer_id } : {}),
      }),
    )
  })

  // The owner forgets one memory: retracted (kept in history, never recalled), its vectors deleted.
  router.delete('/tenants/:tenantId/memories/:memoryId', deps.requireTenantAccess, async (request, response) => {
    const params = parseInput(memoryParamsSchema, request.params)
    response.json(await deps.memory.forget({ tenantId: params.tenantId, memoryId: params.memoryId }))
  })

  router.get('/tenants/:tenantId/memory/recalls', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(recallsQuerySchema, request.query)
    response.json(
      await deps.memory.listRecalls({ tenantId: tenant(request.params), limit: query.limit, cursor: query.cursor, ...(query.contact_id ? { contactId: query.contact_id } : {}) }),
    )
  })

  router.get('/tenants/:tenantId/contacts/:customerId/memory/export', deps.requireTenantAccess, async (request, response) => {
    const input = { tenantId: tenant(request.params), customerId: String(request.params.customerId) }
    response.json({ memories: await deps.memory.exportContact(input), episodes: await deps.episodes.exportContact({ tenantId: input.tenantId, contactId: input.customerId }) })
  })

  router.delete('/tenants/:tenantId/contacts/:customerId/memory', deps.requireTenantAccess, async (request, response) => {
    const erased = await deps.memory.eraseContact({ tenantId: tenant(request.params), customerId: String(request.params.customerId) })
    response.json({
      memories: { memories: erased.memories, vectors: erased.vectors },
      episodes: erased.episodes,
      messages: erased.messages,
      events: erased.events,
      erased_at: erased.erased_at,
    })
  })
  return router
}
