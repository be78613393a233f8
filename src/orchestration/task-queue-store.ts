import type { Page } from '../shared/pagination.js'
import type { ClaimedBatch, NewTask, TaskRecord, TaskStatus } from './task.js'

export interface ClaimInput {
  workerId: string
  now: Date
  leaseMs: number
  /** At most this many batches (free worker slots). */
  limit: number
  maxCoalesceWaitMs: number
}

export interface FinishInput {
  tenantId: string
  taskIds: string[]
  workerId: string
  now: Date
}

/**
 * The durable task queue. Claims work across every tenant (the worker serves them all); every
 * other method is scoped to one tenant. Only the worker holding a task's lease may finish it.
 */
export interface TaskQueueStore {
  /** Adds a task once: the same task_id again returns the existing task with `created: false`. */
  enqueue(input: { task: NewTask; now: Date }): Promise<{ task: TaskRecord; created: boolean }>
  /** Marks due tasks running under a lease (see selectClaimableBatch) and returns them. */
  claim(input: ClaimInput): Promise<ClaimedBatch[]>
  /** Lengthens the lease of running tasks; false when the lease was lost. */
  extendLease(input: FinishInput & { leaseExpiresAt: Date }): Promise<boolean>
  complete(input: FinishInput): Promise<void>
  /** After a failure: back to pending at `retryAt`, or dead when `retryAt` is null. */
  release(input: FinishInput & { error: string; retryAt: Date | null }): Promise<void>
  get(input: { tenantId: string; taskId: string }): Promise<TaskRecord | null>
  /** Oldest first, keyset-paginated by seq. */
  list(input: { tenantId: string; status?: TaskStatus; kind?: string; limit: number; cursor?: string }): Promise<Page<TaskRecord>>
  /** A dead task back to pending with fresh attempts; null when there is no such task. Throws TASK_NOT_DEAD. */
  retry(input: { tenantId: string; taskId: string; now: Date }): Promise<TaskRecord | null>
}
