import pg from 'pg'
import { createPostgresTaskQueueStore, createTaskWorker } from '../../../src/orchestration/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { createSilentLogger } from '../../../src/shared/logger.js'

// A separate OS process running a queue worker on the shared database; it records each run.
const [dsn, workerId] = process.argv.slice(2) as [string, string]
const pool = new pg.Pool({ connectionString: dsn, max: 4 })
const worker = createTaskWorker({
  store: createPostgresTaskQueueStore(pool),
  clock: systemClock,
  logger: createSilentLogger(),
  workerId,
  pollIntervalMs: 20,
  concurrency: 4,
  handlers: {
    count: async (batch) => {
      for (const task of batch.tasks) {
        await pool.query('INSERT INTO test_task_runs (tenant_id, task_id, worker_id) VALUES ($1, $2, $3)', [batch.tenantId, task.task_id, workerId])
      }
    },
  },
})
worker.start()
process.stdout.write('ready\n')
process.on('SIGTERM', () => {
  void worker.stop().then(() => pool.end()).then(() => process.exit(0))
})
