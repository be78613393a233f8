import { afterAll, beforeAll } from 'vitest'
import { createFileWhatsappInstanceStore } from '../../src/channels/evolution/instance/index.js'
import { createFileConversationStore } from '../../src/conversation/index.js'
import { createFileCustomerStore } from '../../src/domains/customers/index.js'
import { createFileLlmUsageStore } from '../../src/llm/index.js'
import { createFileEventLogStore, createFileTaskQueueStore } from '../../src/orchestration/index.js'
import type { FileStorage } from '../../src/storage/file/index.js'
import { createFileTenantStore } from '../../src/tenants/index.js'
import { openTestFileStorage } from '../support/file-storage.js'
import { createFileConfirmationStore, runConfirmationStoreContract } from './confirmation-store.contract.js'
import { createFileAgendaStore, runAppointmentStoreContract } from './appointment-store.contract.js'
import { createFileChargeStore, runChargeStoreContract } from './charge-store.contract.js'
import { runConversationStoreContract } from './conversation-store.contract.js'
import { createFileEpisodeStore, runEpisodeStoreContract } from './episode-store.contract.js'
import { createFileMemoryStore, runMemoryStoreContract } from './memory-store.contract.js'
import { createFileMemoryErasureStore, runMemoryErasureStoreContract } from './memory-erasure-store.contract.js'
import { runMemoryErasureFenceContract } from './memory-erasure-fence.contract.js'
import { createFilePanelSessionStore, runPanelSessionStoreContract } from './panel-session-store.contract.js'
import { runCustomerStoreContract } from './customer-store.contract.js'
import { runEventLogStoreContract } from './event-log-store.contract.js'
import { runLlmUsageStoreContract } from './llm-usage-store.contract.js'
import { runTaskQueueStoreContract } from './task-queue-store.contract.js'
import { runWhatsappInstanceStoreContract } from './whatsapp-instance-store.contract.js'
import { runTenantStoreContract } from './tenant-store.contract.js'

// Every store's contract on the file backend; tests isolate themselves with random tenant ids.
let storage: FileStorage
let close: () => Promise<void>

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
})
afterAll(() => close())

runTenantStoreContract({ createStore: () => createFileTenantStore(storage) })
runCustomerStoreContract({ createStore: () => createFileCustomerStore(storage) })
runEventLogStoreContract({ createStore: () => createFileEventLogStore(storage) })
runTaskQueueStoreContract({ createStore: () => createFileTaskQueueStore(storage) })
runConversationStoreContract({ createStore: () => createFileConversationStore(storage) })
runWhatsappInstanceStoreContract({ createStore: () => createFileWhatsappInstanceStore(storage) })
runConfirmationStoreContract({ createStore: () => createFileConfirmationStore(storage) })
runLlmUsageStoreContract({ createStore: () => createFileLlmUsageStore(storage) })
runAppointmentStoreContract({ createStore: () => createFileAgendaStore(storage) })
runChargeStoreContract({ createStore: () => createFileChargeStore(storage) })
runEpisodeStoreContract({ createStore: () => createFileEpisodeStore(storage) })
runMemoryStoreContract({ createStore: () => createFileMemoryStore(storage) })
runMemoryErasureStoreContract({ createStore: () => createFileMemoryErasureStore(storage) })
runMemoryErasureFenceContract({
  createStores: async () => ({
    erasures: await createFileMemoryErasureStore(storage),
    memories: await createFileMemoryStore(storage),
    episodes: await createFileEpisodeStore(storage),
  }),
})
runPanelSessionStoreContract({ createStore: () => createFilePanelSessionStore(storage) })
