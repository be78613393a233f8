import { isAppError } from '../../shared/app-error.js'
import type { Customer, CustomerOrigin } from './customer.js'
import type { CustomerService } from './customer-service.js'

/**
 * The customer with this phone, created (with `displayName`, when given) if there is none. A
 * concurrent creation of the same number (the contact writing at that moment) yields the winner.
 */
export const findOrCreateCustomerByPhone = async (
  customers: Pick<CustomerService, 'findByPhone' | 'createCustomer'>,
  input: { tenantId: string; phone: string; displayName?: string; origin: CustomerOrigin },
): Promise<{ customer: Customer; created: boolean }> => {
  const existing = await customers.findByPhone({ tenantId: input.tenantId, phone: input.phone })
  if (existing) return { customer: existing, created: false }
  try {
    const fields = { phone: input.phone, origin: input.origin, ...(input.displayName ? { display_name: input.displayName } : {}) }
    return { customer: await customers.createCustomer({ tenantId: input.tenantId, fields }), created: true }
  } catch (error) {
    if (!isAppError(error) || error.code !== 'CUSTOMER_PHONE_TAKEN') throw error
    const winner = await customers.findByPhone({ tenantId: input.tenantId, phone: input.phone })
    if (!winner) throw error
    return { customer: winner, created: false }
  }
}
