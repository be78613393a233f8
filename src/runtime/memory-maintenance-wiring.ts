import { createTask } from 'node-cron'
import type { Customer, CustomerService } from '../domains/customers/index.js'
import type { InstrumentedLlm } from '../llm/index.js'
import {
  createOpenAIEmbedder,
  localEmbedderFor,
  resolveTargetSpace,
  type Embedder,
  type EpisodeCloser,
  type MemorySpaces,
  type ReembedRunner,
} from '../memory/index.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import type { TenantConfig, TenantService } from '../tenants/index.js'

const clientFor = (llm: InstrumentedLlm, tenantId: string, config: TenantConfig) =>
  llm.forTenant({ tenantId, timezone: config.timezone, openai: config.openai, dailyTokenBudget: config.openai.daily_token_budget ?? null })

/** The embedder of any space a tenant may use: local n-gram spaces, or its OpenAI embedding model. */
export const createSpaceEmbedders = (deps: { tenants: TenantService; llm: InstrumentedLlm }) =>
  async (tenantId: string, spaceId: string): Promise<Embedder | null> => {
    const local = localEmbedderFor(spaceId)
    if (local) return local
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    const target = resolveTargetSpace(config)
    const client = clientFor(deps.llm, tenantId, config)
    if (target.space_id !== spaceId || !client || !config.openai.embedding_model) return null
    return createOpenAIEmbedder(client, config.openai.embedding_model, target.dims)
  }

export const memorySpacesOf = (runner: ReembedRunner, embedderFor: MemorySpaces['embedderFor']): MemorySpaces => ({
  dualWriteSpaces: (tenantId) => runner.dualWriteSpaces(tenantId),
  activeSpaceId: (tenantId) => runner.activeSpaceId(tenantId),
  embedderFor,
})

/**
 * Every minute: a tenant whose active space is not the one its config asks for (the embedding
 * model changed) re-embeds now; otherwise it runs on its own `memory.maintenance_cron` minute.
 */
export const createMemoryMaintenanceJob = (deps: { runner: ReembedRunner; tenants: TenantService; clock: Clock; logger: Logger }) => {
  // One unstarted node-cron task per (cron, zone), kept only to ask whether a minute matches.
  const schedules = new Map<string, ReturnType<typeof createTask>>()
  const matches = (cron: string, timezone: string, at: Date) => {
    const key = `${cron}\u0000${timezone}`
    if (!schedules.has(key)) schedules.set(key, createTask(cron, () => undefined, { timezone }))
    return (schedules.get(key) as ReturnType<typeof createTask>).match(at)
  }
  return async () => {
  const now = deps.clock.now()
  for (const tenant of await deps.tenants.listTenants()) {
    try {
      const config = await deps.tenants.getRuntimeConfig(tenant.tenant_id)
      const target = resolveTargetSpace(config).space_id
      const due = (await deps.runner.activeSpaceId(tenant.tenant_id)) !== target || matches(config.memory.maintenance_cron, config.timezone, now)
      if (due) await deps.runner.run({ tenantId: tenant.tenant_id, targetSpaceId: target })
    } catch (error) {
      deps.logger.warn({ tenant_id: tenant.tenant_id, err: error }, 'memory maintenance failed for a tenant')
    }
  }
  }
}

/**
 * Every minute: conversations idle past their role's timeout close into episodes. `configs` is
 * filled here so the closer's synchronous `llmFor` can find the tenant's LLM.
 */
export const createEpisodeJob = (deps: { closer: EpisodeCloser; tenants: TenantService; customers: CustomerService; configs: Map<string, TenantConfig>; logger: Logger }) => async () => {
  for (const tenant of await deps.tenants.listTenants()) {
    try {
      const config = await deps.tenants.getRuntimeConfig(tenant.tenant_id)
      deps.configs.set(tenant.tenant_id, config)
      const roleOf = async (contactId: string) => {
        const customer: Customer | null = await deps.customers.getCustomer({ tenantId: tenant.tenant_id, customerId: contactId })
        return customer?.phone && config.owner_numbers.includes(customer.phone) ? ('owner' as const) : ('customer' as const)
      }
      const idle = config.memory.episode_idle_minutes
      await deps.closer.closeIdle({ tenantId: tenant.tenant_id, roleOf, idle: { customerMinutes: idle.customer, ownerMinutes: idle.owner } })
      await deps.closer.extractPending({ tenantId: tenant.tenant_id })
    } catch (error) {
      deps.logger.warn({ tenant_id: tenant.tenant_id, err: error }, 'closing episodes failed for a tenant')
    }
  }
}

export { clientFor as llmClientForTenant }
