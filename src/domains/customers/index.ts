export {
  customerSchema,
  createCustomerInputSchema,
  listCustomersQuerySchema,
  customerOrigins,
  customerStatuses,
  type Customer,
  type CustomerOrigin,
  type CreateCustomerInput,
} from './customer.js'
export type { CustomerStore, ListCustomersInput } from './customer-store.js'
export { createFileCustomerStore } from './file-customer-store.js'
export { createPostgresCustomerStore } from './postgres-customer-store.js'
export { createCustomerService, type CustomerService, type ResolveWhatsappContactInput } from './customer-service.js'
export { createCustomerTools } from './customer-tools.js'
export { customerForLlm } from './customer-for-llm.js'
export { findOrCreateCustomerByPhone } from './find-or-create-customer.js'
