import { pageInMemory } from '../../shared/pagination.js'
import type { FileStorage } from '../../storage/file/index.js'
import type { Charge } from './charge.js'
import { chargeExistsError } from './charge-conflicts.js'
import type { ChargeStore } from './charge-store.js'

interface PaymentEventRecord {
  tenant_id: string
  provider_event_id: string
  recorded_at: string
}

const newestFirst = (a: Charge, b: Charge): number =>
  b.created_at.localeCompare(a.created_at) || b.charge_id.localeCompare(a.charge_id)

/**
 * Charges in `billing/charges.jsonl`, processed payment events in `billing/payment-events.jsonl`.
 * The collection updates memory synchronously before the write is queued, so every
 * check-then-put below runs without an await in between and cannot race.
 */
export const createFileChargeStore = async (storage: FileStorage): Promise<ChargeStore> => {
  const charges = await storage.collection<Charge>({
    folder: 'billing',
    name: 'charges',
    idOf: (charge) => charge.charge_id,
    indexes: { txid: (charge) => charge.txid, customer: (charge) => charge.customer_id },
  })
  const events = await storage.collection<PaymentEventRecord>({
    folder: 'billing',
    name: 'payment-events',
    idOf: (event) => event.provider_event_id,
  })

  return {
    get: async ({ tenantId, chargeId }) => charges.get(tenantId, chargeId),
    getByTxid: async ({ tenantId, txid }) => charges.findByIndex(tenantId, 'txid', txid)[0] ?? null,
    list: async ({ tenantId, status, customerId, dueBefore, limit, cursor }) => {
      const candidates = customerId === undefined ? charges.list(tenantId) : charges.findByIndex(tenantId, 'customer', customerId)
      const matching = candidates
        .filter((charge) => (status === undefined || charge.status === status) && (dueBefore === undefined || charge.due_date < dueBefore))
        .sort(newestFirst)
      return pageInMemory(matching, {
        limit,
        cursor,
        descending: true,
        position: (charge) => ({ sort: charge.created_at, id: charge.charge_id }),
      })
    },
    save: async ({ charge }) => {
      if (charges.get(charge.tenant_id, charge.charge_id) || charges.findByIndex(charge.tenant_id, 'txid', charge.txid).length > 0) {
        throw chargeExistsError(charge.charge_id)
      }
      await charges.put(structuredClone(charge))
      return structuredClone(charge)
    },
    transition: async ({ tenantId, chargeId, from, to, patch, historyEntry }) => {
      const current = charges.get(tenantId, chargeId)
      if (!current || !from.includes(current.status)) return null
      const next: Charge = { ...current, ...patch, status: to, history: [...current.history, { ...historyEntry, from: current.status, to }] }
      await charges.put(next)
      return structuredClone(next)
    },
    recordPaymentEvent: async ({ tenantId, providerEventId, at }) => {
      if (events.get(tenantId, providerEventId)) return false
      await events.put({ tenant_id: tenantId, provider_event_id: providerEventId, recorded_at: at })
      return true
    },
    markReminderSent: async ({ tenantId, chargeId, day, at }) => {
      const current = charges.get(tenantId, chargeId)
      if (!current || !['open', 'overdue'].includes(current.status) || current.reminders_sent.includes(day)) return false
      await charges.put({ ...current, reminders_sent: [...current.reminders_sent, day], updated_at: at })
      return true
    },
  }
}
