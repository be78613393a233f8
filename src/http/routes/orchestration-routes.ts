import { Router, type RequestHandler } from 'express'
import { z } from 'zod'
import type { WhatsappInstanceStore } from '../../channels/evolution/instance/index.js'
import { listEventsQuerySchema, listTasksQuerySchema, type EventLogStore, type TaskQueueStore } from '../../orchestration/index.js'
import { AppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import { paginationQuerySchema } from '../../shared/pagination.js'
import type { TenantConfig, TenantService } from '../../tenants/index.js'
import { dayInTimeZone, estimateUsageCostUsd, llmDefaults, type LlmUsageStore, type UsageCostModels } from '../../llm/index.js'
import { parseInput } from '../validate.js'

export interface OrchestrationRouteDependencies {
  events: EventLogStore
  queue: TaskQueueStore
  instances: WhatsappInstanceStore
  tenants: TenantService
  usage: LlmUsageStore
  clock: Clock
  requireTenantAccess: RequestHandler
  notifyWorker: () => void
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
const usageQuerySchema = z.strictObject({ from: day.optional(), to: day.optional() })

/** Usage is counted per day, not per model: the estimate prices it with the tenant's current models. */
const costModelsOf = (config: TenantConfig): UsageCostModels => ({
  chat: config.openai.chat_model ?? llmDefaults.chatModel,
  embedding: config.openai.embedding_model ?? llmDefaults.embeddingModel,
  transcription: config.openai.transcription_model ?? llmDefaults.transcriptionModel,
})

/** The event log, dead letters, LLM usage and the WhatsApp connection, per tenant. */
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

  router.get('/tenants/:tenantId/usage', deps.requireTenantAccess, async (request, response) => {
    const query = parseInput(usageQuerySchema, request.query)
    const tenantId = tenant(request.params)
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const to = query.to ?? dayInTimeZone(deps.clock.now(), config.timezone)
    const from = query.from ?? dayInTimeZone(new Date(deps.clock.now().getTime() - 29 * 86_400_000), config.timezone)
    const usage = await deps.usage.list({ tenantId, from, to })
    const models = costModelsOf(config)
    response.json({
      ...usage,
      items: usage.items.map((usageDay) => ({ ...usageDay, estimated_cost_usd: estimateUsageCostUsd(usageDay, models) })),
      daily_token_budget: config.openai.daily_token_budget ?? null,
      cost_models: models,
    })
  })

  router.get('/tenants/:tenantId/whatsapp', deps.requireTenantAccess, async (request, response) => {
    const items = await deps.instances.list({ tenantId: tenant(request.params) })
    response.json({ items })
  })

  return router
}
