import { Router, type RequestHandler } from 'express'
import type { WhatsappInstanceStore } from '../../channels/evolution/instance/index.js'
import { createWhatsappConnection, type EvolutionClient } from '../../channels/evolution/outbound/index.js'
import type { ConversationStore, Handoff, SendHumanReply } from '../../conversation/index.js'
import type { AgendaService } from '../../domains/agenda/index.js'
import type { BillingService } from '../../domains/billing/index.js'
import type { CrmService } from '../../domains/crm/index.js'
import type { CustomerService } from '../../domains/customers/index.js'
import type { EventLogStore } from '../../orchestration/index.js'
import type { Clock } from '../../shared/clock.js'
import type { TenantService } from '../../tenants/index.js'
import { createAgendaWriteRoutes } from './agenda-write-routes.js'
import { createBillingWriteRoutes } from './billing-write-routes.js'
import { createCampaignListRoutes } from './campaign-routes.js'
import { createConversationRoutes } from './conversation-routes.js'
import { createCrmWriteRoutes } from './crm-write-routes.js'
import { createFollowUpRoutes } from './follow-up-routes.js'
import { createWebhookInfoRoutes } from './webhook-info-routes.js'
import { createWhatsappConnectRoutes } from './whatsapp-connect-routes.js'

/** What the panel's routes need; `HttpAppDependencies` provides all of it. */
export interface PanelActionRouteDependencies {
  tenants: TenantService
  customers: CustomerService
  agenda: AgendaService
  billing: BillingService
  crm: CrmService
  /** The Evolution client for interactive calls (connect, test). */
  evolution: EvolutionClient
  handoff: Handoff
  sendHumanReply: SendHumanReply
  clock: Clock
  storage: { conversations: ConversationStore; events: EventLogStore; instances: WhatsappInstanceStore }
}

/**
 * The routes the web panel acts through (mounted under /api): WhatsApp pairing, the webhook to
 * paste into Evolution, the inbox, and the owner's agenda, billing and CRM actions.
 */
export const createPanelActionRoutes = (deps: PanelActionRouteDependencies, requireTenantAccess: RequestHandler): Router => {
  const router = Router()
  const { tenants, customers, clock } = deps
  const connection = createWhatsappConnection({ evolution: deps.evolution, instances: deps.storage.instances, clock })
  router.use(createWhatsappConnectRoutes({ connection, tenants, requireTenantAccess }))
  router.use(createWebhookInfoRoutes({ tenants, requireTenantAccess }))
  router.use(
    createConversationRoutes({
      conversations: deps.storage.conversations,
      customers,
      events: deps.storage.events,
      handoff: deps.handoff,
      sendHumanReply: deps.sendHumanReply,
      tenants,
      clock,
      requireTenantAccess,
    }),
  )
  router.use(createAgendaWriteRoutes({ agenda: deps.agenda, customers, tenants, requireTenantAccess }))
  router.use(createBillingWriteRoutes({ billing: deps.billing, tenants, requireTenantAccess }))
  router.use(createCrmWriteRoutes({ crm: deps.crm, customers, requireTenantAccess }))
  router.use(createFollowUpRoutes({ crm: deps.crm, tenants, requireTenantAccess }))
  router.use(createCampaignListRoutes({ crm: deps.crm, requireTenantAccess }))
  return router
}
