import { createBillingService, createFileChargeStore, type BillingService, type ChargeStore } from '../../../src/domains/billing/index.js'
import { createCustomerService, createFileCustomerStore, type CustomerService } from '../../../src/domains/customers/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { tenantConfigSchema, type TenantConfig, type TenantConfigInput } from '../../../src/tenants/index.js'
import { openTestFileStorage } from '../../support/file-storage.js'

export const pixSettings = { key: 'pix@clinicasorriso.com.br', merchant_name: 'Clínica Sorriso', merchant_city: 'São Paulo' }

export const testConfig = (overrides: Partial<TenantConfigInput> = {}): TenantConfig =>
  tenantConfigSchema.parse({ display_name: 'Clínica Sorriso', business: { pix: pixSettings }, ...overrides })

/** 2026-03-05 09:00 in São Paulo. */
export const start = new Date('2026-03-05T12:00:00Z')

/** A billing service on a fresh file data dir with a fixed clock. */
export const openBillingKit = async () => {
  const { storage, close } = await openTestFileStorage()
  const clock = createFixedClock(start)
  const logger = createSilentLogger()
  const customers: CustomerService = createCustomerService({
    store: await createFileCustomerStore(storage),
    clock,
    ids: randomIdGenerator,
    logger,
  })
  const store: ChargeStore = await createFileChargeStore(storage)
  const billing: BillingService = createBillingService({ store, customers, clock, ids: randomIdGenerator, logger })
  return { billing, customers, store, clock, close }
}

export type BillingKit = Awaited<ReturnType<typeof openBillingKit>>

export const day = 86_400_000
