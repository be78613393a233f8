import { AppError, isAppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Page } from '../../shared/pagination.js'
import { normalizePhoneNumber, parseWhatsappJid } from '../../shared/phone-number.js'
import { createCustomerInputSchema, type Customer } from './customer.js'
import type { CustomerStore } from './customer-store.js'

export interface ResolveWhatsappContactInput {
  tenantId: string
  /** Every id the message carried for the contact: remoteJid, remoteJidAlt, senderPn, … */
  jids: Array<string | null | undefined>
  pushName?: string | null
}

export interface CustomerService {
  getCustomer(input: { tenantId: string; customerId: string }): Promise<Customer | null>
  findByPhone(input: { tenantId: string; phone: string }): Promise<Customer | null>
  listCustomers(input: { tenantId: string; limit: number; cursor?: string; query?: string }): Promise<Page<Customer>>
  /** Validates `fields` (CreateCustomerInput) at the boundary; a bad phone is CUSTOMER_PHONE_INVALID. */
  createCustomer(input: { tenantId: string; fields: unknown }): Promise<Customer>
  /**
   * One person is one customer whichever WhatsApp id arrives: finds the customer by phone
   * (9th-digit aware) or by LID, links a newly seen LID↔phone pair, or creates the customer.
   */
  resolveWhatsappContact(input: ResolveWhatsappContactInput): Promise<{ customer: Customer; created: boolean }>
  /** Sets the name the business knows a customer by; null when there is no such customer. */
  renameCustomer(input: { tenantId: string; customerId: string; displayName: string }): Promise<Customer | null>
}

const isConflict = (error: unknown) =>
  isAppError(error) && (error.code === 'CUSTOMER_PHONE_TAKEN' || error.code === 'CUSTOMER_WHATSAPP_LID_TAKEN')

export const createCustomerService = (deps: {
  store: CustomerStore
  clock: Clock
  ids: IdGenerator
  logger: Logger
}): CustomerService => {
  const { store, clock, ids, logger } = deps

  const newCustomer = (tenantId: string, fields: Partial<Customer>): Customer => {
    const now = clock.now().toISOString()
    return {
      customer_id: ids.next('cus'),
      tenant_id: tenantId,
      display_name: null,
      phone: null,
      whatsapp_lid: null,
      email: null,
      origin: 'whatsapp',
      status: 'active',
      created_at: now,
      updated_at: now,
      ...fields,
    }
  }

  const touch = (customer: Customer, changes: Partial<Customer>): Customer => ({
    ...customer,
    ...changes,
    updated_at: clock.now().toISOString(),
  })

  const linkIds = async (tenantId: string, phone: string | null, lid: string | null, pushName: string | null) => {
    const [byPhone, byLid] = await Promise.all([
      phone ? store.getByPhone({ tenantId, phone }) : null,
      lid ? store.getByWhatsappLid({ tenantId, whatsappLid: lid }) : null,
    ])
    const named = (customer: Customer) => (customer.display_name || !pushName ? {} : { display_name: pushName })

    if (byPhone) {
      if (lid && byPhone.whatsapp_lid !== lid) {
        // The LID was first seen alone; it belongs to this phone's customer from now on.
        if (byLid && byLid.customer_id !== byPhone.customer_id) {
          await store.update({ customer: touch(byLid, { whatsapp_lid: null }) })
          logger.info({ tenant_id: tenantId, from: byLid.customer_id, to: byPhone.customer_id }, 'whatsapp LID moved to phone customer')
        }
        const linked = await store.update({ customer: touch(byPhone, { whatsapp_lid: lid, ...named(byPhone) }) })
        return { customer: linked ?? byPhone, created: false }
      }
      return { customer: byPhone, created: false }
    }
    if (byLid) {
      if (phone && !byLid.phone) {
        const linked = await store.update({ customer: touch(byLid, { phone, ...named(byLid) }) })
        return { customer: linked ?? byLid, created: false }
      }
      return { customer: byLid, created: false }
    }
    const customer = await store.save({
      customer: newCustomer(tenantId, { phone, whatsapp_lid: lid, display_name: pushName }),
    })
    return { customer, created: true }
  }

  return {
    getCustomer: (input) => store.get(input),

    findByPhone: async ({ tenantId, phone }) => {
      const normalized = normalizePhoneNumber(phone)
      return normalized ? store.getByPhone({ tenantId, phone: normalized }) : null
    },

    listCustomers: (input) => store.list(input),

    createCustomer: async ({ tenantId, fields }) => {
      const parsed = createCustomerInputSchema.safeParse(fields ?? {})
      if (!parsed.success) {
        throw new AppError('HTTP_VALIDATION_FAILED', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
      }
      const phone = normalizePhoneNumber(parsed.data.phone)
      if (!phone) throw new AppError('CUSTOMER_PHONE_INVALID', `"${parsed.data.phone}" is not a phone number`)
      return store.save({
        customer: newCustomer(tenantId, {
          phone,
          display_name: parsed.data.display_name ?? null,
          email: parsed.data.email ?? null,
          origin: parsed.data.origin,
        }),
      })
    },

    renameCustomer: async ({ tenantId, customerId, displayName }) => {
      const customer = await store.get({ tenantId, customerId })
      return customer ? store.update({ customer: touch(customer, { display_name: displayName.trim() }) }) : null
    },

    resolveWhatsappContact: async ({ tenantId, jids, pushName }) => {
      const parsed = jids.flatMap((jid) => (jid ? [parseWhatsappJid(jid)] : [])).filter((jid) => jid !== null)
      const phone = parsed.find((jid) => jid.kind === 'phone')?.phone ?? null
      const lid = parsed.find((jid) => jid.kind === 'lid')?.user ?? null
      if (!phone && !lid) {
        throw new AppError('CUSTOMER_CONTACT_INVALID', `no phone number or LID in ${JSON.stringify(jids)}`)
      }
      const name = pushName?.trim() || null
      try {
        return await linkIds(tenantId, phone, lid, name)
      } catch (error) {
        // Two messages from a new contact at once: the loser of the insert finds the winner's row.
        if (!isConflict(error)) throw error
        return linkIds(tenantId, phone, lid, name)
      }
    },
  }
}
