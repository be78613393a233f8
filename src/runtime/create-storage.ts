import { createFilePanelSessionStore, createPostgresPanelSessionStore, type PanelSessionStore } from '../panel/session/index.js'
import type pg from 'pg'
import type { AppConfig } from '../config/index.js'
import { createFileCustomerStore, createPostgresCustomerStore, type CustomerStore } from '../domains/customers/index.js'
import {
  createFileWhatsappInstanceStore,
  createPostgresWhatsappInstanceStore,
  type WhatsappInstanceStore,
} from '../channels/evolution/instance/index.js'
import { createFileConversationStore, createPostgresConversationStore, type ConversationStore } from '../conversation/index.js'
import {
  createFileEventLogStore,
  createFileTaskQueueStore,
  createPostgresEventLogStore,
  createPostgresTaskQueueStore,
  type EventLogStore,
  type TaskQueueStore,
} from '../orchestration/index.js'
import { createFileLlmUsageStore, createPostgresLlmUsageStore, type LlmUsageStore } from '../llm/index.js'
import {
  createFileConfirmationStore,
  createPostgresConfirmationStore,
  type ConfirmationStore,
} from '../orchestration/confirmations/index.js'
import {
  createFileCampaignStore,
  createFileFollowUpStore,
  createFileLeadStore,
  createFileOptOutStore,
  createPostgresCampaignStore,
  createPostgresFollowUpStore,
  createPostgresLeadStore,
  createPostgresOptOutStore,
  type CampaignStore,
  type FollowUpStore,
  type LeadStore,
  type OptOutStore,
} from '../domains/crm/index.js'
import { createFileAgendaStore, createPostgresAgendaStore, type AgendaStore } from '../domains/agenda/index.js'
import { createFileChargeStore, createPostgresChargeStore, type ChargeStore } from '../domains/billing/index.js'
import {
  createFileEmbeddingSpaceStateStore,
  createFileEpisodeStore,
  createFileMemoryStore,
  createFileMemoryErasureStore,
  createPostgresEmbeddingSpaceStateStore,
  createPostgresEpisodeStore,
  createPostgresMemoryStore,
  createPostgresMemoryErasureStore,
  type EmbeddingSpaceStateStore,
  type EpisodeStore,
  type MemoryErasureStore,
  type MemoryStore,
} from '../memory/index.js'
import { createDataDirLeaderLock, createPostgresLeaderLock, type LeaderLock } from '../scheduler/index.js'
import type { Logger } from '../shared/logger.js'
import { openFileStorage } from '../storage/file/index.js'
import { createPgPool, runMigrations } from '../storage/postgres/index.js'
import { createFileTenantStore, createPostgresTenantStore, type TenantStore } from '../tenants/index.js'
import { dataFolders } from './data-folders.js'

/** Every store of the chosen backend, plus what the runtime needs to watch and close it. */
export interface Storage {
  backend: 'file' | 'postgres'
  tenants: TenantStore
  customers: CustomerStore
  events: EventLogStore
  queue: TaskQueueStore
  conversations: ConversationStore
  instances: WhatsappInstanceStore
  llmUsage: LlmUsageStore
  confirmations: ConfirmationStore
  appointments: AgendaStore
  memories: MemoryStore
  memorySpaceState: EmbeddingSpaceStateStore
  episodes: EpisodeStore
  /** LGPD erasure tombstones that fence memory writers. */
  memoryErasures: MemoryErasureStore
  charges: ChargeStore
  leads: LeadStore
  followUps: FollowUpStore
  optOuts: OptOutStore
  campaigns: CampaignStore
  panelSessions: PanelSessionStore
  leaderLock: LeaderLock
  /** Throws when storage cannot answer (readiness). */
  ping(): Promise<void>
  /** Nightly housekeeping of the backend, if it has any. */
  compact?: () => Promise<void>
  close(): Promise<void>
}

const openFileBackend = async (config: AppConfig, logger: Logger): Promise<Storage> => {
  const storage = await openFileStorage({ dataDir: config.dataDir, logger, folders: dataFolders })
  try {
    return {
      backend: 'file',
      tenants: await createFileTenantStore(storage),
      customers: await createFileCustomerStore(storage),
      events: await createFileEventLogStore(storage),
      queue: await createFileTaskQueueStore(storage),
      conversations: await createFileConversationStore(storage),
      instances: await createFileWhatsappInstanceStore(storage),
      llmUsage: await createFileLlmUsageStore(storage),
      confirmations: await createFileConfirmationStore(storage),
      appointments: await createFileAgendaStore(storage),
      memories: await createFileMemoryStore(storage),
      memorySpaceState: await createFileEmbeddingSpaceStateStore(storage),
      episodes: await createFileEpisodeStore(storage),
      memoryErasures: await createFileMemoryErasureStore(storage),
      charges: await createFileChargeStore(storage),
      leads: await createFileLeadStore(storage),
      followUps: await createFileFollowUpStore(storage),
      optOuts: await createFileOptOutStore(storage),
      campaigns: await createFileCampaignStore(storage),
      panelSessions: await createFilePanelSessionStore(storage),
      leaderLock: createDataDirLeaderLock(),
      ping: () => storage.ping(),
      compact: () => storage.compactAll(),
      close: () => storage.close(),
    }
  } catch (error) {
    await storage.close()
    throw error
  }
}

const openPostgresBackend = async (dsn: string, logger: Logger): Promise<Storage> => {
  const pool: pg.Pool = await createPgPool({ dsn, logger })
  try {
    await runMigrations(pool, logger)
  } catch (error) {
    await pool.end()
    throw error
  }
  const leaderLock = createPostgresLeaderLock(pool, logger)
  return {
    backend: 'postgres',
    tenants: createPostgresTenantStore(pool),
    customers: createPostgresCustomerStore(pool),
    events: createPostgresEventLogStore(pool),
    queue: createPostgresTaskQueueStore(pool),
    conversations: createPostgresConversationStore(pool),
    instances: createPostgresWhatsappInstanceStore(pool),
    llmUsage: createPostgresLlmUsageStore(pool),
    confirmations: createPostgresConfirmationStore(pool),
    appointments: createPostgresAgendaStore(pool),
    memories: createPostgresMemoryStore(pool),
    memorySpaceState: createPostgresEmbeddingSpaceStateStore(pool),
    episodes: createPostgresEpisodeStore(pool),
    memoryErasures: createPostgresMemoryErasureStore(pool),
    charges: createPostgresChargeStore(pool),
    leads: createPostgresLeadStore(pool),
    followUps: createPostgresFollowUpStore(pool),
    optOuts: createPostgresOptOutStore(pool),
    campaigns: createPostgresCampaignStore(pool),
    panelSessions: createPostgresPanelSessionStore(pool),
    leaderLock,
    ping: async () => {
      await pool.query('SELECT 1')
    },
    close: async () => {
      await leaderLock.release()
      await pool.end()
    },
  }
}

export const openStorage = (config: AppConfig, logger: Logger): Promise<Storage> =>
  config.storeBackend === 'postgres'
    ? openPostgresBackend(config.pgDsn as string, logger)
    : openFileBackend(config, logger)
