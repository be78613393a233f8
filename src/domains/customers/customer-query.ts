import type { Customer } from './customer.js'

/** The list filter, the same in both backends: name or email contains the text, or phone contains its digits. */
export const matchesCustomerQuery = (customer: Customer, query: string): boolean => {
  const text = query.toLocaleLowerCase('pt-BR')
  const digits = query.replace(/\D/g, '')
  return (
    (customer.display_name ?? '').toLocaleLowerCase('pt-BR').includes(text) ||
    (customer.email ?? '').toLocaleLowerCase('pt-BR').includes(text) ||
    (digits.length > 0 && (customer.phone ?? '').includes(digits))
  )
}
