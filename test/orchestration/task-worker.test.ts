import { afterEach, describe, expect, it } from 'vitest'
import { createFileTaskQueueStore, createTaskWorker, type ClaimedBatch, type TaskQueueStore, type TaskWorker } from '../../src/orchestration/index.js'
import { AppError } from '../../src/shared/app-error.js'
import { systemClock } from '../../src/shared/clock.js'
import { createSilentLogger } from '../../src/shared/logger.js'
import { randomTenantId } from '../support/factories.js'
import { openTestFileStorage } from '../support/file-storage.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const setup = async (handlers: Record<string, (batch: ClaimedBatch) => Promise<void>>, options: { concurrency?: number } = {}) => {
  const { storage, close } = await openTestFileStorage()
  const store = await createFileTaskQueueStore(storage)
  const deadLetters: string[] = []
  const worker = createTaskWorker({
    store,
    handlers,
    clock: systemClock,
    logger: createSilentLogger(),
    workerId: 'w1',
    pollIntervalMs: 10,
    retryDelay: () => 20,
    concurrency: options.concurrency ?? 4,
    onDeadLetter: async (batch) => void deadLetters.push(...batch.tasks.map((task) => task.task_id)),
  })
  worker.start()
  cleanups.push(async () => {
    await worker.stop()
    await close()
  })
  return { store, worker, deadLetters }
}

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const enqueue = (store: TaskQueueStore, worker: TaskWorker, tenantId: string, taskId: string, extra: { queue_key?: string; max_attempts?: number; kind?: string } = {}) =>
  store
    .enqueue({
      task: { tenant_id: tenantId, task_id: taskId, kind: extra.kind ?? 'job', queue_key: extra.queue_key ?? 'k', payload: {}, run_at: new Date(), max_attempts: extra.max_attempts },
      now: new Date(),
    })
    .then(() => worker.notify())

describe('task worker', () => {
  it('retries a failing task with backoff and completes it when it recovers', async () => {
    let calls = 0
    const { store, worker } = await setup({
      job: async () => {
        calls += 1
        if (calls < 3) throw new Error('Evolution answered 500')
      },
    })
    const tenantId = randomTenantId()
    await enqueue(store, worker, tenantId, 't1')
    await waitFor(async () => (await store.get({ tenantId, taskId: 't1' }))?.status === 'done')
    expect(calls).toBe(3)
    expect((await store.get({ tenantId, taskId: 't1' }))?.attempts).toBe(3)
  })

  it('dead-letters a task after its last attempt, visible in the list', async () => {
    const { store, worker, deadLetters } = await setup({ job: async () => Promise.reject(new Error('always fails')) })
    const tenantId = randomTenantId()
    await enqueue(store, worker, tenantId, 't-dead', { max_attempts: 3 })
    await waitFor(() => deadLetters.includes('t-dead'))
    const dead = await store.list({ tenantId, status: 'dead', limit: 10 })
    expect(dead.items).toMatchObject([{ task_id: 't-dead', attempts: 3, last_error: 'always fails' }])
  })

  it('does not retry a permanent failure', async () => {
    let calls = 0
    const { store, worker, deadLetters } = await setup({
      job: async () => {
        calls += 1
        throw new AppError('EVOLUTION_NUMBER_NOT_ON_WHATSAPP', 'not on WhatsApp')
      },
    })
    const tenantId = randomTenantId()
    await enqueue(store, worker, tenantId, 't-perm')
    await waitFor(() => deadLetters.includes('t-perm'))
    expect(calls).toBe(1)
  })

  it('runs one task at a time per key and different keys in parallel, bounded', async () => {
    let running = 0
    let maxRunning = 0
    const perKey = new Map<string, number>()
    let overlapInKey = false
    const { store, worker } = await setup(
      {
        job: async (batch) => {
          running += 1
          maxRunning = Math.max(maxRunning, running)
          perKey.set(batch.queueKey, (perKey.get(batch.queueKey) ?? 0) + 1)
          if ((perKey.get(batch.queueKey) ?? 0) > 1) overlapInKey = true
          await new Promise((resolve) => setTimeout(resolve, 30))
          perKey.set(batch.queueKey, (perKey.get(batch.queueKey) ?? 1) - 1)
          running -= 1
        },
      },
      { concurrency: 3 },
    )
    const tenantId = randomTenantId()
    for (let index = 0; index < 12; index += 1) await enqueue(store, worker, tenantId, `t${index}`, { queue_key: `key-${index % 4}` })
    await waitFor(async () => (await store.list({ tenantId, status: 'done', limit: 50 })).total === 12)
    expect(overlapInKey).toBe(false)
    expect(maxRunning).toBeGreaterThan(1)
    expect(maxRunning).toBeLessThanOrEqual(3)
  })
})
