import type { Customer } from './customer.js'

/** What the model sees of a customer: name and phone, nothing internal. */
export const customerForLlm = (customer: Customer): string =>
  `${customer.display_name ?? 'Sem nome'} (${customer.phone ? `+${customer.phone}` : 'telefone desconhecido'})`
