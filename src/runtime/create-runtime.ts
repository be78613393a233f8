import type { Express } from 'express'
import type { AppConfig } from '../config/index.js'
import { createCustomerService, type CustomerService } from '../domains/customers/index.js'
import { createHttpApp } from '../http/index.js'
import { createScheduler, listScheduledJobs, type Scheduler } from '../scheduler/index.js'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Logger } from '../shared/logger.js'
import { createSecretBox } from '../shared/secret-box.js'
import { createTenantService, type TenantService } from '../tenants/index.js'
import { openStorage, type Storage } from './create-storage.js'

export interface Runtime {
  storage: Storage
  tenants: TenantService
  customers: CustomerService
  scheduler: Scheduler
  httpApp: Express
  close(): Promise<void>
}

export interface RuntimeDependencies {
  config: AppConfig
  adminToken: string
  secretKey: string
  logger: Logger
  clock: Clock
  ids: IdGenerator
}

/** The composition root: storage → stores → services → http → scheduler. The only importer of adapters. */
export const createRuntime = async (deps: RuntimeDependencies): Promise<Runtime> => {
  const { config, logger, clock, ids } = deps
  const secretBox = createSecretBox(deps.secretKey)
  const storage = await openStorage(config, logger)

  const tenants = createTenantService({
    store: storage.tenants,
    secretBox,
    clock,
    logger: logger.child({ component: 'tenants' }),
    publicBaseUrl: config.publicBaseUrl,
  })
  const customers = createCustomerService({
    store: storage.customers,
    clock,
    ids,
    logger: logger.child({ component: 'customers' }),
  })

  const scheduler = createScheduler({
    jobs: listScheduledJobs({ compactFileStorage: storage.compact }),
    leaderLock: storage.leaderLock,
    logger: logger.child({ component: 'scheduler' }),
  })

  const httpApp = createHttpApp({ adminToken: deps.adminToken, tenants, customers, ping: storage.ping, logger })

  return {
    storage,
    tenants,
    customers,
    scheduler,
    httpApp,
    close: async () => {
      await scheduler.stop()
      await storage.close()
    },
  }
}
