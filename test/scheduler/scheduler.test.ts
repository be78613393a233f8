import type pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createDataDirLeaderLock,
  createPostgresLeaderLock,
  createScheduler,
  listScheduledJobs,
  type Scheduler,
} from '../../src/scheduler/index.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { connectTestPool, usingEmbeddedPostgres } from '../support/test-postgres.js'

const logger = createSilentLogger()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const schedulerOn = (pool: pg.Pool, run: () => Promise<void>): Scheduler => {
  const scheduler = createScheduler({
    jobs: [{ name: 'test.count', cron: '0 0 1 1 *', run }],
    leaderLock: createPostgresLeaderLock(pool, logger),
    logger,
  })
  cleanups.push(() => scheduler.stop())
  return scheduler
}

describe('scheduler', () => {
  it('runs jobs in the process that owns the data dir (file backend)', async () => {
    let runs = 0
    const scheduler = createScheduler({
      jobs: [{ name: 'test.count', cron: '0 0 1 1 *', run: async () => void runs++ }],
      leaderLock: createDataDirLeaderLock(),
      logger,
    })
    cleanups.push(() => scheduler.stop())
    await scheduler.start()
    expect(await scheduler.runNow('test.count')).toBe(true)
    expect(runs).toBe(1)
  })

  it('lists the file compaction job only where there is a file backend', () => {
    expect(listScheduledJobs({}).map((job) => job.name)).not.toContain('storage.compact')
    expect(listScheduledJobs({ compactFileStorage: async () => undefined }).map((job) => job.name)).toContain('storage.compact')
  })

  it('runs a job once when two replicas share one database, and fails over when the leader stops', async (context) => {
    if (usingEmbeddedPostgres()) {
      context.skip('PGlite multiplexes every client onto one session, so advisory locks cannot exclude; runs on TEST_PG_DSN')
    }
    const pools = await Promise.all([connectTestPool(), connectTestPool()])
    cleanups.push(async () => void (await Promise.all(pools.map((pool) => pool.end()))))
    let runs = 0
    const count = async () => void runs++
    const [first, second] = [schedulerOn(pools[0], count), schedulerOn(pools[1], count)]
    await first.start()
    await second.start()
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false])
    expect(await second.runNow('test.count')).toBe(false)
    expect(await first.runNow('test.count')).toBe(true)
    expect(runs).toBe(1)
    await first.stop()
    expect(await second.runNow('test.count')).toBe(true)
    expect(second.isLeader()).toBe(true)
    expect(runs).toBe(2)
  })
})
