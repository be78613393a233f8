import type { Page } from '../../shared/pagination.js'
import type { Customer } from './customer.js'

export interface ListCustomersInput {
  tenantId: string
  limit: number
  cursor?: string
  /** Case-insensitive match on name, phone digits or email. */
  query?: string
}

/** Every method is scoped to one tenant; no method can see another tenant's customers. */
export interface CustomerStore {
  /** The customer, or null. */
  get(input: { tenantId: string; customerId: string }): Promise<Customer | null>
  /** By canonical phone (see `normalizePhoneNumber`), or null. */
  getByPhone(input: { tenantId: string; phone: string }): Promise<Customer | null>
  /** By WhatsApp LID user part, or null. */
  getByWhatsappLid(input: { tenantId: string; whatsappLid: string }): Promise<Customer | null>
  /** Ordered by creation (oldest first), keyset-paginated. */
  list(input: ListCustomersInput): Promise<Page<Customer>>
  /** Inserts; throws CUSTOMER_PHONE_TAKEN / CUSTOMER_WHATSAPP_LID_TAKEN when another customer holds them. */
  save(input: { customer: Customer }): Promise<Customer>
  /** Replaces an existing customer (same conflicts as save); null when it does not exist. */
  update(input: { customer: Customer }): Promise<Customer | null>
  /** True when a customer was deleted. */
  delete(input: { tenantId: string; customerId: string }): Promise<boolean>
}
