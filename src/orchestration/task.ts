import { z } from 'zod'

export const taskStatuses = ['pending', 'running', 'done', 'dead'] as const
export type TaskStatus = (typeof taskStatuses)[number]

/**
 * A unit of durable work. Tasks of one `queue_key` (a contact, a chat) run one at a time in
 * `seq` order; consecutive pending tasks marked `coalesce` run together as one batch once the
 * newest of them is due (the durable debounce of a burst of messages).
 */
export const taskRecordSchema = z.object({
  tenant_id: z.string(),
  /** Deterministic from what the task stands for, so enqueueing twice is a no-op. */
  task_id: z.string(),
  /** Enqueue order, increasing; orders tasks within a queue key. */
  seq: z.number().int(),
  kind: z.string(),
  queue_key: z.string(),
  coalesce: z.boolean(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(taskStatuses),
  /** Counted when a worker claims the task, so a crash mid-run counts as an attempt. */
  attempts: z.number().int(),
  max_attempts: z.number().int().min(1),
  run_at: z.string(),
  lease_owner: z.string().nullable(),
  lease_expires_at: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
})

export type TaskRecord = z.infer<typeof taskRecordSchema>

export interface NewTask {
  tenant_id: string
  task_id: string
  kind: string
  queue_key: string
  coalesce?: boolean
  payload: Record<string, unknown>
  max_attempts?: number
  run_at: Date
}

/** Tasks claimed together: one queue key, in order. */
export interface ClaimedBatch {
  tenantId: string
  queueKey: string
  kind: string
  tasks: TaskRecord[]
}

export const listTasksQuerySchema = z.object({
  status: z.enum(taskStatuses).optional(),
  kind: z.string().min(1).max(50).optional(),
})

export const defaultMaxAttempts = 8

export const newTaskRecord = (task: NewTask, seq: number, now: Date): TaskRecord => ({
  tenant_id: task.tenant_id,
  task_id: task.task_id,
  seq,
  kind: task.kind,
  queue_key: task.queue_key,
  coalesce: task.coalesce ?? false,
  payload: task.payload,
  status: 'pending',
  attempts: 0,
  max_attempts: task.max_attempts ?? defaultMaxAttempts,
  run_at: task.run_at.toISOString(),
  lease_owner: null,
  lease_expires_at: null,
  last_error: null,
  created_at: now.toISOString(),
  updated_at: now.toISOString(),
  finished_at: null,
})
