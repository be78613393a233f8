import { emptyWhatsappInstance, type WhatsappInstanceStore } from '../channels/evolution/instance/index.js'
import { evolutionConnectionFromConfig, type EvolutionClient } from '../channels/evolution/outbound/index.js'
import type { EventLogStore } from '../orchestration/index.js'
import { isAppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import { randomIdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import type { TenantService } from '../tenants/index.js'

/**
 * Polls each tenant's instance with `connectionState` and records `instance.connected` /
 * `instance.disconnected` when it changes, and `instance.silent` when an open instance has
 * received nothing for `silentAfterMs` (a session that looks connected but no longer delivers).
 */
export const createWhatsappWatchdog = (deps: {
  tenants: TenantService
  instances: WhatsappInstanceStore
  evolution: EvolutionClient
  events: EventLogStore
  clock: Clock
  logger: Logger
  silentAfterMs?: number
}) => {
  const silentAfterMs = deps.silentAfterMs ?? 6 * 60 * 60_000

  const record = (tenantId: string, type: string, data: Record<string, unknown>) =>
    deps.events.append({
      event: { tenant_id: tenantId, event_id: randomIdGenerator.next('evt'), type, contact_id: null, data, occurred_at: deps.clock.now().toISOString() },
    })

  const checkTenant = async (tenantId: string) => {
    const config = await deps.tenants.getRuntimeConfig(tenantId)
    let connection
    try {
      connection = evolutionConnectionFromConfig(config.evolution)
    } catch {
      return
    }
    const now = deps.clock.now()
    const current = (await deps.instances.get({ tenantId, instance: connection.instance })) ?? emptyWhatsappInstance(tenantId, connection.instance, now)
    let state: string
    try {
      state = (await deps.evolution.connectionState(connection)).state
    } catch (error) {
      state = 'unreachable'
      deps.logger.warn({ tenant_id: tenantId, err: error, code: isAppError(error) ? error.code : undefined }, 'evolution connectionState failed')
    }
    const next = { ...current, state, last_checked_at: now.toISOString(), updated_at: now.toISOString() }
    if (state !== current.state && (state === 'open' || current.state === 'open')) {
      await record(tenantId, state === 'open' ? 'instance.connected' : 'instance.disconnected', { instance: connection.instance, state, previous: current.state })
    }
    const lastActivity = Date.parse(current.last_inbound_at ?? current.last_event_at ?? '') || null
    if (state === 'open' && !current.silent_since && lastActivity !== null && now.getTime() - lastActivity > silentAfterMs) {
      next.silent_since = now.toISOString()
      await record(tenantId, 'instance.silent', { instance: connection.instance, last_inbound_at: current.last_inbound_at })
    }
    await deps.instances.save({ instance: next })
  }

  return {
    run: async () => {
      for (const tenant of await deps.tenants.listTenants()) {
        try {
          await checkTenant(tenant.tenant_id)
        } catch (error) {
          deps.logger.error({ tenant_id: tenant.tenant_id, err: error }, 'whatsapp watchdog failed for a tenant')
        }
      }
    },
  }
}
