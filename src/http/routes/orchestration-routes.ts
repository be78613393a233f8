import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { WhatsappInstanceStore } from '../../channels/evolution/instance/index.js'
import type { ConversationStore, Handoff, SendHumanReply } from '../../conversation/index.js'
import { listEventsQuerySchema, listTasksQuerySchema, type EventLogStore, type TaskQueueStore } from '../../orchestration/index.js'
import { AppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import type { TenantService } from '../../tenants/index.js'
import { dayInTimeZone, type LlmUsageStore } from '../../llm/index.js'
import { parseInput } from '../validate.js'

export interface OrchestrationRouteDependencies {
  events: EventLogStore
  queue: TaskQueueStore
  conversations: ConversationStore
  instances: WhatsappInstanceStore
  handoff: Handoff
  sendHumanReply: SendHumanReply
  tenants: TenantService
  usage: LlmUsageStore
  clock: Clock
  requireTenantAccess: RequestHandler
  notifyWorker: () => void
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
const usageQuerySchema = z.strictObject({ from: day.optional(), to: day.optional() })

const pauseBodySchema = z.strictObject({ minutes: z.number().int().min(1).max(30 * 24 * 60).optional() })

/** The event log, dead letters, conversations and the WhatsApp connection, per tenant. */
export const createOrchestrationRoutes = (deps: OrchestrationRouteDependencies): Router => {
  const router = Router()
  const tenant = (params: Record<string, unknown>) => String(params.tenantId)

  router.get('/tenants/:tenantId/events', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.extend(listEventsQuerySchema.shape).strict(), request.query)
    response.json(await deps.events.list({ tenantId: tenant(request.params), limit: query.limit, cursor: query.cursor, type: query.type, contactId: query.contact_id }))
  })

  router.get('/tenants/:tenantId/tasks', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.extend(listTasksQuerySchema.shape).strict(), request.query)
    response.json(await deps.queue.list({ tenantId: tenant(request.params), limit: query.limit, cursor: query.cursor, status: query.status, kind: query.kind }))
  })

  router.post('/tenants/:tenantId/tasks/:taskId/retry', deps.requireTenantAccess, async (request, response) => {
    const task = await deps.queue.retry({ tenantId: tenant(request.params), taskId: String(request.params.taskId), now: deps.clock.now() })
    if (!task) throw new AppError('TASK_NOT_FOUND', `no task ${String(request.params.taskId)} in this tenant`)
    deps.notifyWorker()
    response.json(task)
  })

  router.get('/tenants/:tenantId/conversations', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.strict(), request.query)
    response.json(await deps.conversations.listConversations({ tenantId: tenant(request.params), limit: query.limit, cursor: query.cursor }))
  })

  router.get('/tenants/:tenantId/conversations/:contactId/messages', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(paginationQuerySchema.strict(), request.query)
    const tenantId = tenant(request.params)
    const contactId = String(request.params.contactId)
    if (!(await deps.conversations.getConversation({ tenantId, contactId }))) {
      throw new AppError('CONVERSATION_NOT_FOUND', `no conversation with contact ${contactId}`)
    }
    response.json(await deps.conversations.listMessages({ tenantId, contactId, limit: query.limit, cursor: query.cursor }))
  })

  router.post('/tenants/:tenantId/conversations/:contactId/pause', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(pauseBodySchema, request.body ?? {})
    const tenantId = tenant(request.params)
    const minutes = body.minutes ?? (await deps.tenants.getRuntimeConfig(tenantId)).conversation.handoff_pause_minutes
    const paused = await deps.handoff.pause({ tenantId, contactId: String(request.params.contactId), minutes, reason: 'api' })
    if (!paused) throw new AppError('CONVERSATION_NOT_FOUND', `no conversation with contact ${String(request.params.contactId)}`)
    response.json(paused)
  })

  router.post('/tenants/:tenantId/conversations/:contactId/send', deps.requireTenantAccess, async (request, response) => {
    const body = parseInput(z.strictObject({ text: z.string().trim().min(1).max(4096) }), request.body ?? {})
    response.status(202).json(await deps.sendHumanReply({ tenantId: tenant(request.params), contactId: String(request.params.contactId), text: body.text }))
  })

  router.post('/tenants/:tenantId/conversations/:contactId/resume', deps.requireTenantAccess, async (request, response) => {
    const resumed = await deps.handoff.resume({ tenantId: tenant(request.params), contactId: String(request.params.contactId), reason: 'api' })
    if (!resumed) throw new AppError('CONVERSATION_NOT_FOUND', `no conversation with contact ${String(request.params.contactId)}`)
    response.json(resumed)
  })

  router.get('/tenants/:tenantId/usage', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(usageQuerySchema, request.query)
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const to = query.to ?? dayInTimeZone(deps.clock.now(), config.timezone)
    const from = query.from ?? dayInTimeZone(new Date(deps.clock.now().getTime() - 29 * 86_400_000), config.timezone)
    response.json({ ...(await deps.usage.list({ tenantId, from, to })), daily_token_budget: config.openai.daily_token_budget ?? null })
  })

  router.get('/tenants/:tenantId/whatsapp', deps.requireTenantAccess, async (request, response) => {
    const items = await deps.instances.list({ tenantId: tenant(request.params) })
    response.json({ items })
  })

  return router
}
