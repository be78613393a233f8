import express, { type Express } from 'express'
import type { AcceptEvolutionWebhook, Handoff, RunChatTurn, SendHumanReply } from '../conversation/index.js'
import type { ConfirmationService } from '../orchestration/confirmations/index.js'
import type { CustomerService } from '../domains/customers/index.js'
import { createPanelRoutes, type PanelSessionService } from '../panel/index.js'
import type { WhatsappInstanceStore } from '../channels/evolution/instance/index.js'
import type { ConversationStore } from '../conversation/index.js'
import type { LlmUsageStore } from '../llm/index.js'
import type { EventLogStore, TaskQueueStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { TenantService } from '../tenants/index.js'
import { createAuthenticate, createRequireTenantAccess } from './authenticate.js'
import { createErrorMiddleware, notFoundHandler } from './error-middleware.js'
import { createAgentRoutes } from './routes/agent-routes.js'
import { createBillingRoutes, createPaymentWebhookRoutes } from './routes/billing-routes.js'
import type { BillingService, Charge } from '../domains/billing/index.js'
import type { CrmService } from '../domains/crm/index.js'
import { createCrmRoutes } from './routes/crm-routes.js'
import { createMemoryRoutes } from './routes/memory-routes.js'
import type { EpisodeStore, MemoryService, MemoryStore, ReembedRunner } from '../memory/index.js'
import { createMemoryMaintenanceRoutes } from './routes/memory-maintenance-routes.js'
import { createCampaignRoutes, type CampaignDispatcher } from './routes/campaign-routes.js'
import { createAgendaRoutes } from './routes/agenda-routes.js'
import { createAgendaBlockRoutes } from './routes/agenda-block-routes.js'
import type { AgendaService } from '../domains/agenda/index.js'
import { createCustomerRoutes } from './routes/customer-routes.js'
import { createEvolutionWebhookRoutes } from './routes/evolution-webhook-routes.js'
import { createHealthRoutes } from './routes/health-routes.js'
import { createOrchestrationRoutes } from './routes/orchestration-routes.js'
import { createTenantRoutes } from './routes/tenant-routes.js'
import { createSessionRoutes } from './routes/session-routes.js'
import { createPanelActionRoutes } from './routes/panel-action-routes.js'
import type { EvolutionClient } from '../channels/evolution/outbound/index.js'

export interface HttpAppDependencies {
  adminToken: string
  /** The web panel's login sessions (a third way to authenticate /api). */
  sessions: PanelSessionService
  /** Mark the session cookie Secure (PUBLIC_BASE_URL is https). */
  secureCookie: boolean
  tenants: TenantService
  customers: CustomerService
  storage: {
    ping: () => Promise<void>
    events: EventLogStore
    queue: TaskQueueStore
    conversations: ConversationStore
    instances: WhatsappInstanceStore
    llmUsage: LlmUsageStore
    memories: MemoryStore
    episodes: EpisodeStore
  }
  handoff: Handoff
  acceptWebhook: AcceptEvolutionWebhook
  sendHumanReply: SendHumanReply
  runChatTurn: RunChatTurn
  billing: BillingService
  crm: CrmService
  agenda: AgendaService
  dispatchCampaign: CampaignDispatcher
  memory: MemoryService
  reembedRunner: ReembedRunner
  /** Tells the customer their payment arrived (payment webhook). */
  notifyPaid: (tenantId: string, charge: Charge) => Promise<void>
  confirmations: ConfirmationService
  /** Evolution client for the panel's interactive calls (WhatsApp connect and test). */
  evolution: EvolutionClient
  notifyWorker: () => void
  clock: Clock
  logger: Logger
}

/** Builds the express app; `main.ts` and tests listen on it (tests on port 0). */
export const createHttpApp = (deps: HttpAppDependencies): Express => {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')

  app.use(createHealthRoutes({ ping: deps.storage.ping, logger: deps.logger }))
  app.use(createPanelRoutes())
  app.use(createPaymentWebhookRoutes({ billing: deps.billing, tenants: deps.tenants, clock: deps.clock, onPaid: deps.notifyPaid }))
  app.use(createEvolutionWebhookRoutes({ tenants: deps.tenants, acceptWebhook: deps.acceptWebhook, clock: deps.clock }))

  const requireTenantAccess = createRequireTenantAccess(deps.tenants)
  app.use(createSessionRoutes({ sessions: deps.sessions, secureCookie: deps.secureCookie }))
  const api = express.Router()
  api.use(createAuthenticate({ adminToken: deps.adminToken, sessions: deps.sessions }))
  // strict: only objects and arrays, so "a string" is a 400, not a surprise downstream.
  api.use(express.json({ limit: '1mb', strict: true, type: () => true }))
  api.use(createTenantRoutes({ tenants: deps.tenants, requireTenantAccess }))
  api.use(createCustomerRoutes({ customers: deps.customers, requireTenantAccess }))
  api.use(
    createOrchestrationRoutes({
      events: deps.storage.events,
      queue: deps.storage.queue,
      instances: deps.storage.instances,
      tenants: deps.tenants,
      usage: deps.storage.llmUsage,
      clock: deps.clock,
      requireTenantAccess,
      notifyWorker: deps.notifyWorker,
    }),
  )
  api.use(createBillingRoutes({ billing: deps.billing, tenants: deps.tenants, requireTenantAccess, clock: deps.clock }))
  api.use(createAgendaRoutes({ agenda: deps.agenda, requireTenantAccess }))
  api.use(createAgendaBlockRoutes({ agenda: deps.agenda, tenants: deps.tenants, requireTenantAccess }))
  api.use(createMemoryMaintenanceRoutes({ runner: deps.reembedRunner, tenants: deps.tenants, logger: deps.logger, requireTenantAccess }))
  api.use(createMemoryRoutes({ memory: deps.memory, store: deps.storage.memories, episodes: deps.storage.episodes, conversations: deps.storage.conversations, requireTenantAccess }))
  api.use(createCampaignRoutes({ dispatch: deps.dispatchCampaign, requireTenantAccess }))
  api.use(createCrmRoutes({ crm: deps.crm, requireTenantAccess }))
  api.use(createAgentRoutes({ runChatTurn: deps.runChatTurn, confirmations: deps.confirmations, requireTenantAccess }))
  api.use(createPanelActionRoutes(deps, requireTenantAccess))
  app.use('/api', api)

  app.use(notFoundHandler)
  app.use(createErrorMiddleware(deps.logger))
  return app
}
