import type pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresWhatsappInstanceStore } from '../../src/channels/evolution/instance/index.js'
import { createPostgresConversationStore } from '../../src/conversation/index.js'
import { createPostgresCustomerStore } from '../../src/domains/customers/index.js'
import { createPostgresLlmUsageStore } from '../../src/llm/index.js'
import { createPostgresEventLogStore, createPostgresTaskQueueStore } from '../../src/orchestration/index.js'
import { createPostgresTenantStore } from '../../src/tenants/index.js'
import { connectTestPool } from '../support/test-postgres.js'
import { createPostgresConfirmationStore, runConfirmationStoreContract } from './confirmation-store.contract.js'
import { createPostgresAgendaStore, runAppointmentStoreContract } from './appointment-store.contract.js'
import { createPostgresChargeStore, runChargeStoreContract } from './charge-store.contract.js'
import { runConversationStoreContract } from './conversation-store.contract.js'
import { createPostgresEpisodeStore, runEpisodeStoreContract } from './episode-store.contract.js'
import { createPostgresMemoryStore, runMemoryStoreContract } from './memory-store.contract.js'
import { createPostgresMemoryErasureStore, runMemoryErasureStoreContract } from './memory-erasure-store.contract.js'
import { runMemoryErasureFenceContract } from './memory-erasure-fence.contract.js'
import { createPostgresPanelSessionStore, runPanelSessionStoreContract } from './panel-session-store.contract.js'
import { runCustomerStoreContract } from './customer-store.contract.js'
import { runEventLogStoreContract } from './event-log-store.contract.js'
import { runLlmUsageStoreContract } from './llm-usage-store.contract.js'
import { runTaskQueueStoreContract } from './task-queue-store.contract.js'
import { runWhatsappInstanceStoreContract } from './whatsapp-instance-store.contract.js'
import { runTenantStoreContract } from './tenant-store.contract.js'

// Every store's contract on Postgres (TEST_PG_DSN, or embedded PGlite with pgvector).
let pool: pg.Pool

beforeAll(async () => {
  pool = await connectTestPool()
})
afterAll(() => pool.end())

runTenantStoreContract({ createStore: async () => createPostgresTenantStore(pool) })
runCustomerStoreContract({ createStore: async () => createPostgresCustomerStore(pool) })
runEventLogStoreContract({ createStore: async () => createPostgresEventLogStore(pool) })
runTaskQueueStoreContract({ createStore: async () => createPostgresTaskQueueStore(pool) })
runConversationStoreContract({ createStore: async () => createPostgresConversationStore(pool) })
runWhatsappInstanceStoreContract({ createStore: async () => createPostgresWhatsappInstanceStore(pool) })
runConfirmationStoreContract({ createStore: async () => createPostgresConfirmationStore(pool) })
runLlmUsageStoreContract({ createStore: async () => createPostgresLlmUsageStore(pool) })
runAppointmentStoreContract({ createStore: async () => createPostgresAgendaStore(pool) })
runChargeStoreContract({ createStore: async () => createPostgresChargeStore(pool) })
runEpisodeStoreContract({ createStore: async () => createPostgresEpisodeStore(pool) })
runMemoryStoreContract({ createStore: async () => createPostgresMemoryStore(pool) })
runMemoryErasureStoreContract({ createStore: async () => createPostgresMemoryErasureStore(pool) })
runMemoryErasureFenceContract({
  createStores: async () => ({
    erasures: createPostgresMemoryErasureStore(pool),
    memories: createPostgresMemoryStore(pool),
    episodes: createPostgresEpisodeStore(pool),
  }),
})
runPanelSessionStoreContract({ createStore: async () => createPostgresPanelSessionStore(pool) })
