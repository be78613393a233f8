import {
  createCrmService,
  createFileCampaignStore,
  createFileFollowUpStore,
  createFileLeadStore,
  createFileOptOutStore,
  type CrmService,
} from '../../../src/domains/crm/index.js'
import { createCustomerService, createFileCustomerStore, type Customer, type CustomerService } from '../../../src/domains/customers/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { tenantConfigSchema, type TenantConfig } from '../../../src/tenants/index.js'
import { randomPhone, randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'

/** A CRM service on a fresh file data dir, with a clock the test moves. São Paulo has had no DST since 2019. */
export const openCrmKit = async (start = new Date('2026-03-02T12:00:00.000Z')) => {
  const { storage, close } = await openTestFileStorage()
  const clock = createFixedClock(start)
  const logger = createSilentLogger()
  const customers: CustomerService = createCustomerService({ store: await createFileCustomerStore(storage), clock, ids: randomIdGenerator, logger })
  const crm: CrmService = createCrmService({
    leads: await createFileLeadStore(storage),
    followUps: await createFileFollowUpStore(storage),
    optOuts: await createFileOptOutStore(storage),
    campaigns: await createFileCampaignStore(storage),
    customers,
    clock,
    ids: randomIdGenerator,
    logger,
  })
  const tenantId = randomTenantId()
  const config: TenantConfig = tenantConfigSchema.parse({ display_name: 'Clínica Sorriso', timezone: 'America/Sao_Paulo' })
  const newCustomer = (name = 'Maria Silva'): Promise<Customer> =>
    customers.createCustomer({ tenantId, fields: { phone: randomPhone(), display_name: name, origin: 'whatsapp' } })
  return { crm, customers, clock, tenantId, config, newCustomer, close }
}

export type CrmKit = Awaited<ReturnType<typeof openCrmKit>>
