import { parseArgs } from 'node:util'
import { ConfigError, ensureGeneratedSecrets, loadAppConfig, type AppConfig } from '../config/index.js'
import { createLlmClientFactory } from '../llm/create-llm-client-factory.js'
import { createFileMemoryStore, createPostgresMemoryStore, type MemoryStore } from '../memory/index.js'
import {
  createFileEmbeddingSpaceStateStore,
  createOpenAIEmbedder,
  createPostgresEmbeddingSpaceStateStore,
  createReembedRunner,
  localEmbedderFor,
  resolveTargetSpace,
  type EmbeddingSpaceStateStore,
} from '../memory/maintenance/index.js'
import { dataFolders } from '../runtime/index.js'
import { AppError, isAppError } from '../shared/app-error.js'
import { systemClock } from '../shared/clock.js'
import { createLogger, type Logger } from '../shared/logger.js'
import { createSecretBox } from '../shared/secret-box.js'
import { openFileStorage } from '../storage/file/index.js'
import { createPgPool, runMigrations } from '../storage/postgres/index.js'
import { createFileTenantStore, createPostgresTenantStore, createTenantService, type TenantStore } from '../tenants/index.js'

const usage = 'usage: npm run memory:reembed -- --tenant-id <id> [--dry-run]'

interface MaintenanceStorage {
  tenants: TenantStore
  memories: MemoryStore
  spaceState: EmbeddingSpaceStateStore
  close(): Promise<void>
}

// The runtime's Storage does not carry the maintenance store yet, so open the backend here the
// same way openStorage does (same folders, same migrations, same data-dir lock).
const openMaintenanceStorage = async (config: AppConfig, logger: Logger): Promise<MaintenanceStorage> => {
  if (config.storeBackend === 'postgres') {
    const pool = await createPgPool({ dsn: config.pgDsn as string, logger })
    await runMigrations(pool, logger)
    return {
      tenants: createPostgresTenantStore(pool),
      memories: createPostgresMemoryStore(pool),
      spaceState: createPostgresEmbeddingSpaceStateStore(pool),
      close: () => pool.end(),
    }
  }
  const storage = await openFileStorage({ dataDir: config.dataDir, logger, folders: dataFolders })
  try {
    return {
      tenants: await createFileTenantStore(storage),
      memories: await createFileMemoryStore(storage),
      spaceState: await createFileEmbeddingSpaceStateStore(storage),
      close: () => storage.close(),
    }
  } catch (error) {
    await storage.close()
    throw error
  }
}

const main = async (): Promise<number> => {
  const { values } = parseArgs({ options: { 'tenant-id': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } } })
  const tenantId = values['tenant-id']
  if (values.help || !tenantId) {
    process.stderr.write(`${usage}\n`)
    return values.help ? 0 : 2
  }
  const config = loadAppConfig(process.env)
  const secrets = await ensureGeneratedSecrets({ dataDir: config.dataDir, adminToken: config.adminToken, secretKey: config.secretKey })
  const logger = createLogger({ level: 'warn' })
  let storage: MaintenanceStorage
  try {
    storage = await openMaintenanceStorage(config, logger)
  } catch (error) {
    if (isAppError(error) && error.code === 'STORAGE_DATA_DIR_LOCKED') {
      process.stderr.write(
        `The data dir is in use by a running fabio. Start the re-embed there instead:\n  curl -X POST -H "authorization: Bearer <admin token>" ${config.publicBaseUrl}/api/tenants/${tenantId}/memory/maintenance/run\n`,
      )
      return 1
    }
    throw error
  }
  try {
    const tenantService = createTenantService({
      store: storage.tenants,
      secretBox: createSecretBox(secrets.secretKey),
      clock: systemClock,
      logger,
      publicBaseUrl: config.publicBaseUrl,
    })
    const tenantConfig = await tenantService.getRuntimeConfig(tenantId)
    const target = resolveTargetSpace(tenantConfig)
    const llm = createLlmClientFactory({ platformApiKey: config.openaiApiKey, platformBaseUrl: config.openaiBaseUrl, logger })
    const runner = createReembedRunner({
      stateStore: storage.spaceState,
      memoryStore: storage.memories,
      clock: systemClock,
      logger,
      embedderFor: (id, spaceId) => {
        if (spaceId !== target.space_id) return localEmbedderFor(spaceId)
        if (target.provider === 'local') return localEmbedderFor(spaceId)
        const client = llm.forTenant(id, tenantConfig.openai)
        return client ? createOpenAIEmbedder(client, target.model, target.dims) : null
      },
    })
    const plan = await runner.plan({ tenantId, targetSpaceId: target.space_id })
    process.stdout.write(
      `Tenant "${tenantId}": active space ${plan.active_space_id}, target ${plan.target_space_id}; ${plan.missing} of ${plan.active_memories} active memories need a vector.\n`,
    )
    if (values['dry-run']) return 0
    if (plan.active_space_id === plan.target_space_id && plan.missing === 0) {
      process.stdout.write('Nothing to do.\n')
      return 0
    }
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    const status = await runner.run({
      tenantId,
      targetSpaceId: target.space_id,
      signal: controller.signal,
      onProgress: ({ run, progress_percent }) =>
        process.stdout.write(`  ${progress_percent}%  ${run?.processed}/${run?.total} examined, ${run?.embedded} embedded\n`),
    })
    if (status.run?.status === 'paused') {
      process.stdout.write('Paused; run the same command again to resume from the checkpoint.\n')
      return 1
    }
    if (status.run?.status === 'failed') throw new AppError('MEMORY_REEMBED_INCOMPLETE', status.run.error ?? 'coverage incomplete', { category: 'system' })
    process.stdout.write(`Done: reads now use ${status.active_space_id} (previous: ${status.previous_space_id ?? 'none'}).\n`)
    return 0
  } finally {
    await storage.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : isAppError(error) ? `${error.code}: ${error.message}` : String(error)
    process.stderr.write(`memory:reembed failed. ${message}\n`)
    process.exit(1)
  },
)
