import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import {
  createListInbox,
  createMarkConversationRead,
  createMessageToolCalls,
  type ConversationStore,
  type Handoff,
  type SendHumanReply,
} from '../../conversation/index.js'
import type { CustomerService } from '../../domains/customers/index.js'
import type { EventLogStore } from '../../orchestration/index.js'
import { AppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import type { TenantService } from '../../tenants/index.js'
import { parseInput } from '../validate.js'

export interface ConversationRouteDependencies {
  conversations: ConversationStore
  customers: Pick<CustomerService, 'getCustomer'>
  events: EventLogStore
  handoff: Handoff
  sendHumanReply: SendHumanReply
  tenants: TenantService
  clock: Clock
  requireTenantAccess: RequestHandler
}

const pauseBodySchema = z.strictObject({ minutes: z.number().int().min(1).max(30 * 24 * 60).optional() })
const messagesQuerySchema = paginationQuerySchema.extend({ order: z.enum(['oldest', 'newest']).default('oldest') }).strict()

const notFound = (contactId: string) => new AppError('CONVERSATION_NOT_FOUND', `no conversation with contact ${contactId}`)

/** The inbox: conversations with their contact, messages with tool calls, read, pause, resume and human replies. */
export const createConversationRoutes = (deps: ConversationRouteDependencies): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)
  const contact = (params: Record<string, unknown>) => String(params.contactId)
  const listInbox = createListInbox({ conversations: deps.conversations, customers: deps.customers })
  const markRead = createMarkConversationRead({ conversations: deps.conversations, clock: deps.clock })
  const withToolCalls = createMessageToolCalls({ events: deps.events })

  router.get('/tenants/:tenantId/conversations', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.strict(), request.query)
    response.json(await listInbox({ tenantId: tenant(request.params), limit: query.limit, cursor: query.cursor }))
  })

  router.get('/tenants/:tenantId/conversations/:contactId/messages', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(messagesQuerySchema, request.query)
    const tenantId = tenant(request.params)
    const contactId = contact(request.params)
    if (!(await deps.conversations.getConversation({ tenantId, contactId }))) throw notFound(contactId)
    const page = await deps.conversations.listMessages({ tenantId, contactId, limit: query.limit, cursor: query.cursor, newestFirst: query.order === 'newest' })
    response.json({ ...page, items: await withToolCalls({ tenantId, contactId, messages: page.items }) })
  })

  router.post('/tenants/:tenantId/conversations/:contactId/read', deps.requireTenantAccess, async (request, response) => {
    const read = await markRead({ tenantId: tenant(request.params), contactId: contact(request.params) })
    if (!read) throw notFound(contact(request.params))
    response.json(read)
  })

  router.post('/tenants/:tenantId/conversations/:contactId/pause', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(pauseBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const minutes = body.minutes ?? (await deps.tenants.getRuntimeConfig(tenantId)).conversation.handoff_pause_minutes
    const paused = await deps.handoff.pause({ tenantId, contactId: contact(request.params), minutes, reason: 'api' })
    if (!paused) throw notFound(contact(request.params))
    response.json(paused)
  })

  router.post('/tenants/:tenantId/conversations/:contactId/send', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(z.strictObject({ text: z.string().trim().min(1).max(4096) }), request.body ?? {})
    response.status(202).json(await deps.sendHumanReply({ tenantId: tenant(request.params), contactId: contact(request.params), text: body.text }))
  })

  router.post('/tenants/:tenantId/conversations/:contactId/resume', deps.requireTenantAccess, async (request, response) => {
    const resumed = await deps.handoff.resume({ tenantId: tenant(request.params), contactId: contact(request.params), reason: 'api' })
    if (!resumed) throw notFound(contact(request.params))
    response.json(resumed)
  })

  return router
}
