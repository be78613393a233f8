import { AppError } from '../shared/app-error.js'
import { pageInMemory } from '../shared/pagination.js'
import type { FileStorage } from '../storage/file/index.js'
import { selectClaimableBatch } from './select-claimable-batch.js'
import { newTaskRecord, type ClaimedBatch, type TaskRecord } from './task.js'
import type { TaskQueueStore } from './task-queue-store.js'

const isOpen = (task: TaskRecord) => task.status === 'pending' || task.status === 'running'
const seqKey = (seq: number) => String(seq).padStart(15, '0')

/**
 * The queue on the file backend. One process owns the data dir, so at open every task left
 * `running` belongs to a process that died: it is pending again, to run at once.
 */
export const createFileTaskQueueStore = async (storage: FileStorage): Promise<TaskQueueStore> => {
  const collection = await storage.collection<TaskRecord>({
    folder: 'orchestration',
    name: 'tasks',
    idOf: (task) => task.task_id,
    indexes: { open: (task) => (isOpen(task) ? 'open' : null) },
  })
  let lastSeq = 0
  const orphaned: TaskRecord[] = []
  for (const tenantId of collection.tenantIds()) {
    for (const task of collection.list(tenantId)) {
      lastSeq = Math.max(lastSeq, task.seq)
      if (task.status === 'running') orphaned.push({ ...task, status: 'pending', lease_owner: null, lease_expires_at: null })
    }
  }
  if (orphaned.length > 0) await collection.write(orphaned.map((record) => ({ type: 'put', record })))

  const openTasksByKey = (tenantId: string): Map<string, TaskRecord[]> => {
    const byKey = new Map<string, TaskRecord[]>()
    // Peeked, not copied: this runs on every poll over every open task.
    for (const task of collection.peekByIndex(tenantId, 'open', 'open')) {
      const list = byKey.get(task.queue_key) ?? []
      list.push(task as TaskRecord)
      byKey.set(task.queue_key, list)
    }
    for (const list of byKey.values()) list.sort((a, b) => a.seq - b.seq)
    return byKey
  }

  const heldBy = (tenantId: string, taskIds: string[], workerId: string): TaskRecord[] =>
    taskIds
      .map((taskId) => collection.get(tenantId, taskId))
      .filter((task): task is TaskRecord => task !== null && task.status === 'running' && task.lease_owner === workerId)

  return {
    enqueue: async ({ task, now }) => {
      const existing = collection.get(task.tenant_id, task.task_id)
      if (existing) return { task: existing, created: false }
      lastSeq += 1
      const record = newTaskRecord(task, lastSeq, now)
      await collection.put(record)
      return { task: structuredClone(record), created: true }
    },

    claim: async ({ workerId, now, leaseMs, limit, maxCoalesceWaitMs }) => {
      const candidates: ClaimedBatch[] = []
      for (const tenantId of collection.tenantIds()) {
        for (const [queueKey, tasks] of openTasksByKey(tenantId)) {
          const batch = selectClaimableBatch(tasks, now, maxCoalesceWaitMs)
          if (batch) candidates.push({ tenantId, queueKey, kind: batch[0]?.kind as string, tasks: batch })
        }
      }
      const chosen = candidates.sort((a, b) => (a.tasks[0]?.seq ?? 0) - (b.tasks[0]?.seq ?? 0)).slice(0, limit)
      const leaseExpiresAt = new Date(now.getTime() + leaseMs).toISOString()
      const claimed = chosen.map((batch) => ({
        ...batch,
        tasks: batch.tasks.map((task) => ({
          ...task,
          status: 'running' as const,
          attempts: task.attempts + 1,
          lease_owner: workerId,
          lease_expires_at: leaseExpiresAt,
          updated_at: now.toISOString(),
        })),
      }))
      const records = claimed.flatMap((batch) => batch.tasks)
      if (records.length > 0) await collection.write(records.map((record) => ({ type: 'put', record })))
      return claimed
    },

    extendLease: async ({ tenantId, taskIds, workerId, leaseExpiresAt, now }) => {
      const held = heldBy(tenantId, taskIds, workerId)
      if (held.length !== taskIds.length) return false
      const expires = leaseExpiresAt.toISOString()
      await collection.write(held.map((task) => ({ type: 'put', record: { ...task, lease_expires_at: expires, updated_at: now.toISOString() } })))
      return true
    },

    complete: async ({ tenantId, taskIds, workerId, now }) => {
      const at = now.toISOString()
      const held = heldBy(tenantId, taskIds, workerId)
      await collection.write(
        held.map((task) => ({
          type: 'put',
          record: { ...task, status: 'done', lease_owner: null, lease_expires_at: null, updated_at: at, finished_at: at },
        })),
      )
    },

    release: async ({ tenantId, taskIds, workerId, now, error, retryAt }) => {
      const at = now.toISOString()
      const held = heldBy(tenantId, taskIds, workerId)
      await collection.write(
        held.map((task) => ({
          type: 'put',
          record: {
            ...task,
            status: retryAt ? 'pending' : 'dead',
            run_at: retryAt ? retryAt.toISOString() : task.run_at,
            lease_owner: null,
            lease_expires_at: null,
            last_error: error,
            updated_at: at,
            finished_at: retryAt ? null : at,
          },
        })),
      )
    },

    get: async ({ tenantId, taskId }) => collection.get(tenantId, taskId),

    list: async ({ tenantId, status, kind, limit, cursor }) => {
      const matching = collection
        .list(tenantId, (task) => (status === undefined || task.status === status) && (kind === undefined || task.kind === kind))
        .sort((a, b) => a.seq - b.seq)
      return pageInMemory(matching, { limit, cursor, position: (task) => ({ sort: seqKey(task.seq), id: task.task_id }) })
    },

    retry: async ({ tenantId, taskId, now }) => {
      const task = collection.get(tenantId, taskId)
      if (!task) return null
      if (task.status !== 'dead') throw new AppError('TASK_NOT_DEAD', `task ${taskId} is ${task.status}, not dead`)
      const record: TaskRecord = {
        ...task,
        status: 'pending',
        attempts: 0,
        run_at: now.toISOString(),
        last_error: task.last_error,
        updated_at: now.toISOString(),
        finished_at: null,
      }
      await collection.put(record)
      return structuredClone(record)
    },
  }
}
