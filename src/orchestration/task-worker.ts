import { isAppError } from '../shared/app-error.js'
import type { Clock } from '../shared/clock.js'
import type { Logger } from '../shared/logger.js'
import { retryDelayMs } from './retry-delay.js'
import type { ClaimedBatch } from './task.js'
import type { TaskQueueStore } from './task-queue-store.js'

/** Runs one claimed batch. Throwing an AppError of category 'user' means "never retry". */
export type TaskHandler = (batch: ClaimedBatch) => Promise<void>

export interface TaskWorker {
  start(): void
  /** Stops claiming and waits (bounded) for running batches. */
  stop(): Promise<void>
  /** Wakes the loop now (after an enqueue in this process) instead of at the next poll. */
  notify(): void
}

export interface TaskWorkerOptions {
  store: TaskQueueStore
  handlers: Record<string, TaskHandler>
  clock: Clock
  logger: Logger
  workerId: string
  /** Batches run at once (different contacts in parallel). */
  concurrency?: number
  pollIntervalMs?: number
  leaseMs?: number
  maxCoalesceWaitMs?: number
  retryDelay?: (attempt: number) => number
  /** Called once a batch is dead-lettered, e.g. to record an event. */
  onDeadLetter?: (batch: ClaimedBatch, error: string) => Promise<void>
}

const describeError = (error: unknown): string =>
  isAppError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)

export const createTaskWorker = (options: TaskWorkerOptions): TaskWorker => {
  const { store, handlers, clock, logger, workerId } = options
  const concurrency = options.concurrency ?? 4
  const pollIntervalMs = options.pollIntervalMs ?? 250
  const leaseMs = options.leaseMs ?? 30_000
  const retryDelay = options.retryDelay ?? ((attempt: number) => retryDelayMs(attempt))
  const inFlight = new Set<Promise<void>>()
  let running = false
  let loopDone: Promise<void> = Promise.resolve()
  let wake: (() => void) | null = null

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })

  const finish = async (batch: ClaimedBatch, error: unknown) => {
    const base = { tenantId: batch.tenantId, taskIds: batch.tasks.map((task) => task.task_id), workerId, now: clock.now() }
    if (error === undefined) return store.complete(base)
    const head = batch.tasks[0]
    const permanent = isAppError(error) && error.category === 'user'
    const exhausted = (head?.attempts ?? 0) >= (head?.max_attempts ?? 1)
    const retryAt = permanent || exhausted ? null : new Date(base.now.getTime() + retryDelay(head?.attempts ?? 1))
    const message = describeError(error)
    await store.release({ ...base, error: message, retryAt })
    const log = { tenant_id: batch.tenantId, kind: batch.kind, queue_key: batch.queueKey, attempts: head?.attempts, err: error }
    if (retryAt) logger.warn({ ...log, retry_at: retryAt.toISOString() }, 'task failed; will retry')
    else {
      logger.error(log, 'task dead-lettered')
      await options.onDeadLetter?.(batch, message)
    }
  }

  const run = (batch: ClaimedBatch) => {
    const handler = handlers[batch.kind]
    const heartbeat = setInterval(() => {
      void store
        .extendLease({
          tenantId: batch.tenantId,
          taskIds: batch.tasks.map((task) => task.task_id),
          workerId,
          now: clock.now(),
          leaseExpiresAt: new Date(clock.now().getTime() + leaseMs),
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'lease extension failed'))
    }, Math.max(1_000, leaseMs / 3))
    const work = (async () => {
      let failure: unknown
      try {
        if (!handler) throw new Error(`no handler for task kind "${batch.kind}"`)
        await handler(batch)
      } catch (error) {
        failure = error ?? new Error('task failed')
      } finally {
        clearInterval(heartbeat)
      }
      try {
        await finish(batch, failure)
      } catch (error) {
        // The lease will expire and another claim will run the batch again.
        logger.error({ err: error, tenant_id: batch.tenantId }, 'could not record a task outcome')
      }
    })()
    inFlight.add(work)
    void work.finally(() => {
      inFlight.delete(work)
      wake?.()
    })
  }

  const loop = async () => {
    while (running) {
      const free = concurrency - inFlight.size
      let claimed: ClaimedBatch[] = []
      if (free > 0) {
        try {
          claimed = await store.claim({
            workerId,
            now: clock.now(),
            leaseMs,
            limit: free,
            maxCoalesceWaitMs: options.maxCoalesceWaitMs ?? 20_000,
          })
        } catch (error) {
          logger.error({ err: error }, 'claiming tasks failed')
        }
      }
      for (const batch of claimed) run(batch)
      if (running && (claimed.length === 0 || claimed.length >= free)) await sleep(pollIntervalMs)
    }
  }

  return {
    start: () => {
      if (running) return
      running = true
      loopDone = loop()
    },
    stop: async () => {
      running = false
      wake?.()
      await loopDone
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
    },
    notify: () => wake?.(),
  }
}
