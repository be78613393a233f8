import { createAgendaService, createFileAgendaStore, type AgendaService, type AgendaStore } from '../../../src/domains/agenda/index.js'
import { createCustomerService, createFileCustomerStore, type CustomerService } from '../../../src/domains/customers/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { tenantConfigSchema, type TenantConfig, type TenantConfigInput } from '../../../src/tenants/index.js'
import { randomTenantId } from '../../support/factories.js'

/** A salon open Mon–Fri 09–12 and 13–18, Sat 09–13; 2026-03-02 is a Monday. */
export const salonConfig = (overrides: Partial<TenantConfigInput> = {}): TenantConfig =>
  tenantConfigSchema.parse({
    display_name: 'Salão Teste',
    timezone: 'America/Sao_Paulo',
    business: {
      services: [
        { name: 'Corte', duration_minutes: 30, price_cents: 5000 },
        { name: 'Barba', duration_minutes: 20, price_cents: 3000, buffer_minutes: 15 },
        { name: 'Coloração', duration_minutes: 90, price_cents: 15000 },
      ],
      hours: {
        mon: [['09:00', '12:00'], ['13:00', '18:00']],
        tue: [['09:00', '12:00'], ['13:00', '18:00']],
        wed: [['09:00', '12:00'], ['13:00', '18:00']],
        thu: [['09:00', '12:00'], ['13:00', '18:00']],
        fri: [['09:00', '12:00'], ['13:00', '18:00']],
        sat: [['09:00', '13:00']],
      },
    },
    ...overrides,
  })

export interface AgendaTestKit {
  tenantId: string
  config: TenantConfig
  clock: ReturnType<typeof createFixedClock>
  store: AgendaStore
  agenda: AgendaService
  customers: CustomerService
}

/** A fresh tenant on the given storage; the clock starts at `now` (default Monday 08:00 in São Paulo). */
export const createAgendaTestKit = async (
  storage: FileStorage,
  options: { now?: string; config?: TenantConfig; store?: AgendaStore } = {},
): Promise<AgendaTestKit> => {
  const clock = createFixedClock(new Date(options.now ?? '2026-03-02T11:00:00.000Z'))
  const logger = createSilentLogger()
  const customers = createCustomerService({ store: await createFileCustomerStore(storage), clock, ids: randomIdGenerator, logger })
  const store = options.store ?? (await createFileAgendaStore(storage))
  const agenda = createAgendaService({ store, customers, clock, ids: randomIdGenerator, logger })
  return { tenantId: randomTenantId(), config: options.config ?? salonConfig(), clock, store, agenda, customers }
}
