import { createHash } from 'node:crypto'
import type { CustomerService } from '../domains/customers/index.js'
import type { EventLogStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { TenantService } from '../tenants/index.js'
import type { ContactMessenger } from './contact-messenger.js'

/**
 * Tells the business owner something once (the LLM is failing, the budget ran out): an event
 * with a deterministic id, and a WhatsApp message to the first owner number. The same `key`
 * never notifies twice.
 */
export const createOwnerNotifier = (deps: {
  tenants: TenantService
  customers: CustomerService
  messenger: ContactMessenger
  events: EventLogStore
  clock: Clock
}) => ({
  notify: async (tenantId: string, key: string, text: string): Promise<void> => {
    const id = `notice_${createHash('sha256').update(`${tenantId}\u0000${key}`).digest('hex').slice(0, 32)}`
    const { created } = await deps.events.append({
      event: { tenant_id: tenantId, event_id: id, type: 'owner.notified', contact_id: null, data: { key, text }, occurred_at: deps.clock.now().toISOString() },
    })
    if (!created) return
    const ownerPhone = (await deps.tenants.getRuntimeConfig(tenantId)).owner_numbers[0]
    const owner = ownerPhone ? await deps.customers.findByPhone({ tenantId, phone: ownerPhone }) : null
    if (owner) await deps.messenger.send({ tenantId, customerId: owner.customer_id, text, dedupeKey: id, automated: false, bypassPause: true })
  },
})

export type OwnerNotifier = ReturnType<typeof createOwnerNotifier>
