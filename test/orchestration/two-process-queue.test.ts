import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { createPostgresTaskQueueStore } from '../../src/orchestration/index.js'
import { randomTenantId } from '../support/factories.js'
import { projectRoot } from '../support/spawn-fabio.js'
import { createEmptyDatabase, usingEmbeddedPostgres } from '../support/test-postgres.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { createPgPool, runMigrations } from '../../src/storage/postgres/index.js'

// Its own database, so the two workers see only this test's tasks.
let pool: pg.Pool
let database: { dsn: string; drop(): Promise<void> }
beforeAll(async () => {
  database = await createEmptyDatabase()
  pool = await createPgPool({ dsn: database.dsn, logger: createSilentLogger() })
  await runMigrations(pool, createSilentLogger())
  await pool.query('CREATE TABLE IF NOT EXISTS test_task_runs (tenant_id text, task_id text, worker_id text)')
})
afterAll(async () => {
  await pool.end()
  await database.drop()
})

const startWorkerProcess = (workerId: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/orchestration/support/queue-worker-process.ts', database.dsn, workerId], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)))
  })
  ready.catch(() => undefined)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return { child, ready, exited }
}

describe('the task queue shared by two fabio processes on one database', () => {
  it('runs every task exactly once', async (context) => {
    if (usingEmbeddedPostgres()) {
      context.skip('PGlite is one session behind a multiplexer: concurrent transactions from two processes stall it; runs on TEST_PG_DSN')
    }
    const store = createPostgresTaskQueueStore(pool)
    const tenantId = randomTenantId()
    const total = 120
    for (let index = 0; index < total; index += 1) {
      await store.enqueue({
        task: { tenant_id: tenantId, task_id: `t${index}`, kind: 'count', queue_key: `contact-${index % 15}`, payload: {}, run_at: new Date() },
        now: new Date(),
      })
    }
    const workers = [startWorkerProcess('proc-a'), startWorkerProcess('proc-b')]
    try {
      await Promise.all(workers.map((worker) => worker.ready))
      const deadline = Date.now() + 60_000
      while ((await store.list({ tenantId, status: 'done', limit: 1 })).total < total) {
        if (Date.now() > deadline) throw new Error('tasks not done in time')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM')
      await Promise.all(workers.map((worker) => worker.exited))
    }
    const runs = await pool.query<{ task_id: string; worker_id: string }>('SELECT task_id, worker_id FROM test_task_runs WHERE tenant_id = $1', [tenantId])
    expect(runs.rows).toHaveLength(total)
    expect(new Set(runs.rows.map((row) => row.task_id)).size).toBe(total)
    expect(new Set(runs.rows.map((row) => row.worker_id))).toEqual(new Set(['proc-a', 'proc-b']))
  }, 90_000)
})
