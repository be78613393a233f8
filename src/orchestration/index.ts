export { eventRecordSchema, listEventsQuerySchema, type EventRecord } from './event.js'
export type { EventLogStore, ListEventsInput } from './event-log-store.js'
export { createFileEventLogStore } from './file-event-log-store.js'
export { createPostgresEventLogStore } from './postgres-event-log-store.js'
export {
  taskRecordSchema,
  taskStatuses,
  listTasksQuerySchema,
  defaultMaxAttempts,
  newTaskRecord,
  type TaskRecord,
  type TaskStatus,
  type NewTask,
  type ClaimedBatch,
} from './task.js'
export type { TaskQueueStore, ClaimInput, FinishInput } from './task-queue-store.js'
export { selectClaimableBatch } from './select-claimable-batch.js'
export { createFileTaskQueueStore } from './file-task-queue-store.js'
export { createPostgresTaskQueueStore } from './postgres-task-queue-store.js'
export { createTaskWorker, type TaskWorker, type TaskWorkerOptions, type TaskHandler } from './task-worker.js'
export { retryDelayMs } from './retry-delay.js'
