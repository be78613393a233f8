import { randomBytes } from 'node:crypto'
import type { Customer } from '../../src/domains/customers/index.js'

export const randomTenantId = (): string => `t-${randomBytes(5).toString('hex')}`

export const randomPhone = (): string => `55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

export const createTestCustomer = (overrides: Partial<Customer> = {}): Customer => {
  const now = new Date().toISOString()
  return {
    customer_id: `cus_${randomBytes(8).toString('hex')}`,
    tenant_id: randomTenantId(),
    display_name: 'Maria Silva',
    phone: randomPhone(),
    whatsapp_lid: null,
    email: null,
    origin: 'whatsapp',
    status: 'active',
    created_at: now,
    updated_at: now,
    ...overrides,
  }
}
