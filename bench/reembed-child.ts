import { createLlmClientFactory } from '../src/llm/create-llm-client-factory.js'
import {
  createFileEmbeddingSpaceStateStore,
  createFileMemoryStore,
  createOpenAIEmbedder,
  createPostgresEmbeddingSpaceStateStore,
  createPostgresMemoryStore,
  createReembedRunner,
  localEmbedderFor,
} from '../src/memory/index.js'
import { systemClock } from '../src/shared/clock.js'
import { createSilentLogger } from '../src/shared/logger.js'
import { openFileStorage } from '../src/storage/file/index.js'
import { createPgPool } from '../src/storage/postgres/index.js'

/** What the parent (reembed-throughput-benchmark.ts) passes as the one argument, in JSON. */
export interface ReembedChildInput {
  backend: 'file' | 'postgres'
  /** The data dir (file) or the DSN (postgres). */
  location: string
  tenantId: string
  openaiUrl: string
  model: string
  dims: number
  batchSize: number
}

const print = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`)

/**
 * One re-embed run in its own process, as `npm run memory:reembed` would do it, so the parent can
 * kill it with SIGKILL mid-run and start another that resumes from the checkpoint. Prints one
 * JSON line per batch and one when done, with the runner's own elapsed time (setup excluded).
 */
const main = async (): Promise<void> => {
  const input = JSON.parse(process.argv[2] ?? '{}') as ReembedChildInput
  const logger = createSilentLogger()
  const storage =
    input.backend === 'file' ? await openFileStorage({ dataDir: input.location, logger, folders: ['owner-memory', 'owner-memory-maintenance'] }) : null
  const pool = input.backend === 'postgres' ? await createPgPool({ dsn: input.location, logger }) : null
  const memoryStore = storage ? await createFileMemoryStore(storage) : createPostgresMemoryStore(pool as NonNullable<typeof pool>)
  const stateStore = storage ? await createFileEmbeddingSpaceStateStore(storage) : createPostgresEmbeddingSpaceStateStore(pool as NonNullable<typeof pool>)
  const llm = createLlmClientFactory({ platformApiKey: 'sk-bench', platformBaseUrl: input.openaiUrl, logger })
  const client = llm.forTenant(input.tenantId, { embedding_model: input.model, embedding_dimensions: input.dims })
  if (!client) throw new Error('no LLM client')
  const embedder = createOpenAIEmbedder(client, input.model, input.dims)
  const runner = createReembedRunner({
    stateStore,
    memoryStore,
    clock: systemClock,
    logger,
    batchSize: input.batchSize,
    embedderFor: (_tenantId, spaceId) => (spaceId === embedder.space.space_id ? embedder : localEmbedderFor(spaceId)),
  })
  const startedAt = performance.now()
  print({ event: 'started' })
  const status = await runner.run({
    tenantId: input.tenantId,
    targetSpaceId: embedder.space.space_id,
    onProgress: ({ run }) => print({ event: 'progress', processed: run?.processed, embedded: run?.embedded, ms: performance.now() - startedAt }),
  })
  print({ event: 'done', ms: performance.now() - startedAt, active: status.active_space_id, run: status.last_run?.status })
  await storage?.close()
  await pool?.end()
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
