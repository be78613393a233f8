import { hostname } from 'node:os'
import type { Express } from 'express'
import {
  createBusinessSummaryTool,
  createCommandModeResponder,
  createConfirmingResponder,
  createLlmResponder,
  createMediaUnderstanding,
  createPromptBuilder,
  createToolRegistry,
  loadDefaultPersonas,
  type AgentChatResult,
  type AgentLlm,
} from '../agent/index.js'
import { createAutomatedMessagesJob, createContactMessenger, createConversationTools, createOwnerNotifier, createRunChatTurn, createSendHumanReply } from '../conversation/index.js'
import { createCustomerTools } from '../domains/customers/index.js'
import { createCircuitBreaker, createInstrumentedLlm, createLlmClientFactory, createUsageMeter, type ChatMessage, type ToolDefinition } from '../llm/index.js'
import { createConfirmationService, type ConfirmationService } from '../orchestration/confirmations/index.js'
import { createEvolutionClient, type EvolutionClient } from '../channels/evolution/outbound/index.js'
import type { AppConfig } from '../config/index.js'
import {
  createAcceptEvolutionWebhook,
  createHandleInboundMessage,
  createHandoff,
  createSendPacer,
  createSendReply,
  createWhatsappWatchdog,
  inboundTaskKind,
  sendTaskKind,
  type Handoff,
} from '../conversation/index.js'
import { createCustomerService, type CustomerService } from '../domains/customers/index.js'
import { createCrmService, createCrmTools } from '../domains/crm/index.js'
import { createBillingService, createBillingTools } from '../domains/billing/index.js'
import { createAgendaService, createAgendaTools } from '../domains/agenda/index.js'
import { appointmentReminderMessages } from './agenda-wiring.js'
import {
  createEpisodeCloser,
  createEpisodeCloseRequester,
  createEpisodeCloseTaskHandler,
  createLocalEmbedder,
  createMemoryService,
  createMemoryTools,
  createNewConversationResponder,
  createReembedRunner,
  episodeCloseTaskKind,
} from '../memory/index.js'
import { closeEpisodesOnAgendaEvents, closeEpisodesOnBillingEvents, contactRoleResolver } from './episode-close-wiring.js'
import { createEpisodeJob, createMemoryMaintenanceJob, createSpaceEmbedders, llmClientForTenant, memorySpacesOf } from './memory-maintenance-wiring.js'
import { createRecallBlock } from './memory-wiring.js'
import { overdueReminderMessages } from './billing-wiring.js'
import { createCrmObserver, dispatchCampaign, followUpMessages } from './crm-wiring.js'
import { createHttpApp } from '../http/index.js'
import { createPanelSessionService } from '../panel/index.js'
import { createTaskWorker, type TaskWorker } from '../orchestration/index.js'
import { createScheduler, listScheduledJobs, type Scheduler } from '../scheduler/index.js'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import { createSecretBox } from '../shared/secret-box.js'
import { createTenantService, type TenantConfig, type TenantService } from '../tenants/index.js'
import { openStorage, type Storage } from './create-storage.js'

export interface Runtime {
  storage: Storage
  tenants: TenantService
  customers: CustomerService
  handoff: Handoff
  evolution: EvolutionClient
  worker: TaskWorker
  confirmations: ConfirmationService
  scheduler: Scheduler
  httpApp: Express
  close(): Promise<void>
}

export interface RuntimeDependencies {
  config: AppConfig
  adminToken: string
  secretKey: string
  logger: Logger
  clock: Clock
  ids: IdGenerator
  /** Overrides for tests (fast polling); production uses the defaults. */
  workerOptions?: { pollIntervalMs?: number; concurrency?: number; retryDelay?: (attempt: number) => number }
  evolutionOptions?: { retries?: number; retryBaseDelayMs?: number; timeoutMs?: number }
  llmOptions?: { timeoutMs?: number; maxRetries?: number; failureThreshold?: number; openMs?: number }
}

/** The composition root: storage → stores → services → conversation path → worker → http → scheduler. */
export const createRuntime = async (deps: RuntimeDependencies): Promise<Runtime> => {
  const { config, logger, clock, ids } = deps
  const secretBox = createSecretBox(deps.secretKey)
  const storage = await openStorage(config, logger)

  const tenants = createTenantService({
    store: storage.tenants,
    secretBox,
    clock,
    logger: logger.child({ component: 'tenants' }),
    publicBaseUrl: config.publicBaseUrl,
    defaultPersonas: await loadDefaultPersonas(),
  })
  const customers = createCustomerService({ store: storage.customers, clock, ids, logger: logger.child({ component: 'customers' }) })
  const evolution = createEvolutionClient({ logger: logger.child({ component: 'evolution' }), ...deps.evolutionOptions })
  // The episode closer exists later in this function; a takeover reaches it through this slot.
  let closeEpisodeOnTakeover: ((tenantId: string, contactId: string) => Promise<void>) | undefined
  const handoff = createHandoff({
    conversations: storage.conversations,
    events: storage.events,
    clock,
    onChange: async ({ tenantId, contactId }) => closeEpisodeOnTakeover?.(tenantId, contactId),
  })

  // The worker is created last; the path wakes it through this indirection.
  let worker: TaskWorker | undefined
  const notifyWorker = () => worker?.notify()
  // Bookings, payments and /novo close the contact's episode through a durable task (memory.md §4).
  const requestEpisodeClose = createEpisodeCloseRequester({ queue: storage.queue, clock, notifyWorker })
  const conversationLogger = logger.child({ component: 'conversation' })
  const acceptWebhook = createAcceptEvolutionWebhook({
    customers,
    queue: storage.queue,
    events: storage.events,
    conversations: storage.conversations,
    instances: storage.instances,
    clock,
    notifyWorker,
  })
  const crm = createCrmService({
    leads: storage.leads,
    followUps: storage.followUps,
    optOuts: storage.optOuts,
    campaigns: storage.campaigns,
    customers,
    clock,
    ids,
    logger: logger.child({ component: 'crm' }),
  })
  const agenda = closeEpisodesOnAgendaEvents(
    createAgendaService({ store: storage.appointments, customers, clock, ids, logger: logger.child({ component: 'agenda' }) }),
    requestEpisodeClose,
    logger,
  )
  const billing = closeEpisodesOnBillingEvents(
    createBillingService({ store: storage.charges, customers, clock, ids, logger: logger.child({ component: 'billing' }) }),
    requestEpisodeClose,
    logger,
  )
  const messenger = createContactMessenger({
    tenants,
    customers,
    conversations: storage.conversations,
    queue: storage.queue,
    clock,
    notifyWorker,
    isOptedOut: (tenantId, customerId) => crm.isOptedOut({ tenantId, customerId }),
  })
  const ownerNotifier = createOwnerNotifier({ tenants, customers, messenger, events: storage.events, clock })

  const llmLogger = logger.child({ component: 'llm' })
  const meter = createUsageMeter({ store: storage.llmUsage, clock })
  const instrumented = createInstrumentedLlm({
    factory: createLlmClientFactory({ platformApiKey: config.openaiApiKey, platformBaseUrl: config.openaiBaseUrl, logger: llmLogger, clock, ...deps.llmOptions }),
    breaker: createCircuitBreaker({ clock, failureThreshold: deps.llmOptions?.failureThreshold, openMs: deps.llmOptions?.openMs }),
    meter,
    logger: llmLogger,
    onCircuitOpened: ({ tenantId }) =>
      void ownerNotifier
        .notify(tenantId, `llm-outage:${clock.now().toISOString().slice(0, 13)}`, 'O assistente de IA está com falhas no momento. Enquanto isso, respondo em modo de comandos: envie /ajuda para ver as opções.')
        .catch((error: unknown) => llmLogger.error({ err: error }, 'could not notify the owner')),
  })
  const memoryLogger = logger.child({ component: 'memory' })
  const spaceEmbedders = createSpaceEmbedders({ tenants, llm: instrumented })
  const reembedRunner = createReembedRunner({
    stateStore: storage.memorySpaceState,
    memoryStore: storage.memories,
    clock,
    logger: memoryLogger,
    embedderFor: spaceEmbedders,
  })
  const memory = createMemoryService({
    store: storage.memories,
    embedder: createLocalEmbedder(),
    clock,
    ids,
    spaces: memorySpacesOf(reembedRunner, spaceEmbedders),
    // Erasure: tombstone first, then memories, episodes and conversation; writers fence on it.
    erasures: storage.memoryErasures,
    episodes: storage.episodes,
    conversations: storage.conversations,
    events: storage.events,
  })
  const episodeConfigs = new Map<string, TenantConfig>()
  const episodeCloser = createEpisodeCloser({
    store: storage.episodes,
    conversations: storage.conversations,
    memory,
    llmFor: (tenantId) => {
      const tenantConfig = episodeConfigs.get(tenantId)
      return tenantConfig ? llmClientForTenant(instrumented, tenantId, tenantConfig) : null
    },
    clock,
    ids,
    logger: memoryLogger,
  })

  // The agent: tools from the domains, confirmations, the LLM behind its breaker and budget.
  let confirmations: ConfirmationService | undefined
  const registry = createToolRegistry([...createCustomerTools(customers), ...createConversationTools({ handoff, customers }), ...createCrmTools({ crm, customers }), ...createBillingTools({ billing, customers }), ...createAgendaTools({ agenda, customers }), createBusinessSummaryTool({ agenda, billing, crm, now: () => clock.now() }), ...createMemoryTools({ memory, customers })], async (tool, args, summary, scope) => {
    await (confirmations as ConfirmationService).request({ tenantId: scope.tenantId, contactId: scope.contactId, tool: tool.name, arguments: args, summary })
    return `Aguardando confirmação do proprietário: ${summary}. Peça para ele responder "sim" para confirmar ou "não" para cancelar (expira em 10 minutos).`
  })
  confirmations = createConfirmationService({
    store: storage.confirmations,
    events: storage.events,
    clock,
    ids,
    execute: async (confirmation) => {
      const config = await tenants.getRuntimeConfig(confirmation.tenant_id)
      return registry.executeConfirmed(confirmation.tool, confirmation.arguments, { tenantId: confirmation.tenant_id, contactId: confirmation.contact_id, role: 'owner', config })
    },
  })
  closeEpisodeOnTakeover = async (tenantId, contactId) => {
    try {
      const tenantConfig = await tenants.getRuntimeConfig(tenantId)
      episodeConfigs.set(tenantId, tenantConfig)
      const contact = await customers.getCustomer({ tenantId, customerId: contactId })
      const role = contact?.phone && tenantConfig.owner_numbers.includes(contact.phone) ? 'owner' : 'customer'
      await episodeCloser.closeNow({ tenantId, contactId, role, reason: 'event' })
    } catch (error) {
      memoryLogger.warn({ tenant_id: tenantId, err: error }, 'closing the episode at a takeover failed')
    }
  }
  const agentLlm: AgentLlm = {
    chatFor: async (tenantId, tenantConfig, role) => {
      const client = instrumented.forTenant({ tenantId, timezone: tenantConfig.timezone, openai: tenantConfig.openai, dailyTokenBudget: tenantConfig.openai.daily_token_budget ?? null })
      if (!client) return null
      return async (input): Promise<AgentChatResult> => {
        try {
          return await client.chat({ messages: input.messages as ChatMessage[], tools: input.tools as ToolDefinition[], model: tenantConfig.personas[role].chat_model ?? tenantConfig.openai.chat_model })
        } catch (error) {
          if ((error as { code?: string }).code === 'LLM_BUDGET_EXCEEDED') {
            await ownerNotifier.notify(tenantId, `llm-budget:${clock.now().toISOString().slice(0, 10)}`, 'O limite diário de uso da IA foi atingido. Até amanhã respondo em modo de comandos: envie /ajuda para ver as opções.')
          }
          throw error
        }
      }
    },
  }
  const media = createMediaUnderstanding({
    clientFor: (tenantId, tenantConfig) =>
      instrumented.forTenant({ tenantId, timezone: tenantConfig.timezone, openai: tenantConfig.openai, dailyTokenBudget: tenantConfig.openai.daily_token_budget ?? null }),
    logger: llmLogger,
  })
  const commandMode = createCommandModeResponder({ registry, clock })
  const confirmingResponder = createConfirmingResponder({
    confirmations,
    inner: createLlmResponder({
      llm: agentLlm,
      registry,
      prompts: await createPromptBuilder(),
      conversations: storage.conversations,
      events: storage.events,
      fallback: commandMode,
      recall: createRecallBlock({ memory, episodes: storage.episodes, events: storage.events, clock }),
      clock,
      logger: logger.child({ component: 'agent' }),
    }),
  })
  const responder = createNewConversationResponder({ inner: confirmingResponder, requestClose: requestEpisodeClose, clock })

  const handleInboundMessage = createHandleInboundMessage({
    tenants,
    customers,
    conversations: storage.conversations,
    instances: storage.instances,
    events: storage.events,
    queue: storage.queue,
    handoff,
    responder,
    observers: [createCrmObserver(crm)],
    media,
    evolution,
    clock,
    logger: conversationLogger,
    notifyWorker,
    isErased: memory.isErased,
  })
  const sendReply = createSendReply({
    tenants,
    conversations: storage.conversations,
    events: storage.events,
    evolution,
    pacer: createSendPacer(),
    clock,
    logger: conversationLogger,
    isErased: memory.isErased,
  })
  worker = createTaskWorker({
    store: storage.queue,
    handlers: {
      [inboundTaskKind]: handleInboundMessage,
      [sendTaskKind]: sendReply,
      [episodeCloseTaskKind]: createEpisodeCloseTaskHandler({
        closer: episodeCloser,
        roleOf: contactRoleResolver({ tenants, customers, configs: episodeConfigs }),
        logger: memoryLogger,
      }),
    },
    clock,
    logger: logger.child({ component: 'worker' }),
    workerId: `${hostname()}:${process.pid}:${ids.next('w').slice(-8)}`,
    ...deps.workerOptions,
    onDeadLetter: async (batch, error) => {
      for (const task of batch.tasks) {
        await storage.events.append({
          event: {
            tenant_id: batch.tenantId,
            event_id: `${task.task_id}:dead`,
            type: 'task.dead_lettered',
            contact_id: typeof task.payload.contact_id === 'string' ? task.payload.contact_id : null,
            data: { task_id: task.task_id, kind: task.kind, attempts: task.attempts, error },
            occurred_at: clock.now().toISOString(),
          },
        })
      }
    },
  })

  const panelSessions = createPanelSessionService({ store: storage.panelSessions, tenants, adminToken: deps.adminToken, clock })
  const watchdog = createWhatsappWatchdog({ tenants, instances: storage.instances, evolution, events: storage.events, clock, logger: conversationLogger })
  const scheduler = createScheduler({
    jobs: listScheduledJobs({
      compactFileStorage: storage.compact,
      watchWhatsappConnections: watchdog.run,
      sendAppointmentReminders: createAutomatedMessagesJob({ source: appointmentReminderMessages(agenda), tenants, messenger, clock, logger: conversationLogger }),
      sendOverdueReminders: createAutomatedMessagesJob({ source: overdueReminderMessages(billing), tenants, messenger, clock, logger: conversationLogger }),
      sendFollowUps: createAutomatedMessagesJob({ source: followUpMessages(crm), tenants, messenger, clock, logger: conversationLogger }),
      expireConfirmations: async () => void (await confirmations.expireDue()),
      maintainMemory: createMemoryMaintenanceJob({ runner: reembedRunner, tenants, clock, logger: memoryLogger }),
      deleteExpiredPanelSessions: async () => void (await panelSessions.deleteExpired()),
      closeEpisodes: createEpisodeJob({ closer: episodeCloser, tenants, customers, configs: episodeConfigs, logger: memoryLogger }),
    }),
    leaderLock: storage.leaderLock,
    logger: logger.child({ component: 'scheduler' }),
  })

  const httpApp = createHttpApp({
    adminToken: deps.adminToken,
    sessions: panelSessions,
    secureCookie: config.publicBaseUrl.startsWith('https://'),
    tenants,
    customers,
    storage,
    handoff,
    acceptWebhook,
    sendHumanReply: createSendHumanReply({ conversations: storage.conversations, queue: storage.queue, clock, notifyWorker }),
    billing,
    crm,
    agenda,
    memory,
    reembedRunner,
    dispatchCampaign: async (tenantId, request) =>
      dispatchCampaign({ crm, messenger }, { tenantId, config: await tenants.getRuntimeConfig(tenantId), ...request, now: clock.now() }),
    notifyPaid: (tenantId, charge) =>
      messenger
        .send({ tenantId, customerId: charge.customer_id, text: billing.paymentConfirmedText(charge), dedupeKey: `paid:${charge.charge_id}`, automated: false })
        .then(() => undefined),
    runChatTurn: createRunChatTurn({ tenants, customers, conversations: storage.conversations, confirmations, responder, media, clock, ids, events: storage.events }),
    confirmations,
    // Panel buttons wait on Evolution interactively: fail fast instead of retrying for a minute.
    evolution: createEvolutionClient({ logger: logger.child({ component: 'evolution' }), retries: 1, timeoutMs: 10_000, ...deps.evolutionOptions }),
    notifyWorker,
    clock,
    logger,
  })

  const activeWorker = worker
  return {
    storage,
    tenants,
    customers,
    handoff,
    evolution,
    worker: activeWorker,
    confirmations,
    scheduler,
    httpApp,
    close: async () => {
      await scheduler.stop()
      await activeWorker.stop()
      await storage.close()
    },
  }
}
