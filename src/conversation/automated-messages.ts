import type { Logger } from '../shared/logger.js'
import type { Clock } from '../shared/clock.js'
import type { TenantConfig, TenantService } from '../tenants/index.js'
import type { ContactMessenger } from './contact-messenger.js'

/** One kind of message fabio sends by itself: what is due for a tenant, and how to send it once. */
export interface AutomatedMessageSource {
  name: string
  /** Messages due now; `claim` marks one as sent and answers false when another run already did. */
  due(input: { tenantId: string; config: TenantConfig; now: Date }): Promise<Array<{ customerId: string; text: string; dedupeKey: string; claim: () => Promise<boolean> }>>
}

/**
 * The scheduler job body shared by reminders, overdue notices and follow-ups: for every tenant,
 * claim each due message (exactly once) and queue it through the messenger.
 */
export const createAutomatedMessagesJob = (deps: { source: AutomatedMessageSource; tenants: TenantService; messenger: ContactMessenger; clock: Clock; logger: Logger }) => async (): Promise<void> => {
  for (const tenant of await deps.tenants.listTenants()) {
    try {
      const config = await deps.tenants.getRuntimeConfig(tenant.tenant_id)
      for (const message of await deps.source.due({ tenantId: tenant.tenant_id, config, now: deps.clock.now() })) {
        if (!(await message.claim())) continue
        const outcome = await deps.messenger.send({ tenantId: tenant.tenant_id, customerId: message.customerId, text: message.text, dedupeKey: message.dedupeKey, automated: true })
        if (outcome !== 'queued') deps.logger.info({ tenant_id: tenant.tenant_id, job: deps.source.name, outcome }, 'automated message not queued')
      }
    } catch (error) {
      deps.logger.error({ tenant_id: tenant.tenant_id, job: deps.source.name, err: error }, 'automated messages failed for a tenant')
    }
  }
}
