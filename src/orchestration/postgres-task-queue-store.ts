import type pg from 'pg'
import { AppError } from '../shared/app-error.js'
import { decodeCursor, encodeCursor } from '../shared/pagination.js'
import { wrapQueryError } from '../storage/postgres/index.js'
import { selectClaimableBatch } from './select-claimable-batch.js'
import { defaultMaxAttempts, type ClaimedBatch, type TaskRecord } from './task.js'
import type { TaskQueueStore } from './task-queue-store.js'

type DateField = 'run_at' | 'lease_expires_at' | 'created_at' | 'updated_at' | 'finished_at'
type TaskRow = Omit<TaskRecord, DateField | 'seq'> & { seq: string } & {
  run_at: Date
  lease_expires_at: Date | null
  created_at: Date
  updated_at: Date
  finished_at: Date | null
}

const columns = `tenant_id, task_id, seq, kind, queue_key, coalesce, payload, status, attempts, max_attempts, run_at,
  lease_owner, lease_expires_at, last_error, created_at, updated_at, finished_at`

const fromRow = (row: TaskRow): TaskRecord => ({
  ...row,
  seq: Number(row.seq),
  run_at: row.run_at.toISOString(),
  lease_expires_at: row.lease_expires_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
  finished_at: row.finished_at?.toISOString() ?? null,
})

const seqKey = (seq: number) => String(seq).padStart(15, '0')

/**
 * The queue on Postgres, shared by every replica. A claim locks one queue key at a time
 * (transaction advisory lock, then its open rows FOR UPDATE SKIP LOCKED), applies the same
 * selectClaimableBatch rule as the file backend, and leases what it takes.
 */
export const createPostgresTaskQueueStore = (pool: pg.Pool): TaskQueueStore => {
  const query = async <Row extends pg.QueryResultRow>(text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<Row>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  const claimKey = async (tenantId: string, queueKey: string, input: Parameters<TaskQueueStore['claim']>[0]) => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const locked = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
        [`fabio:queue:${tenantId}:${queueKey}`],
      )
      if (!locked.rows[0]?.locked) {
        await client.query('ROLLBACK')
        return null
      }
      const open = await client.query<TaskRow>(
        `SELECT ${columns} FROM tasks WHERE tenant_id = $1 AND queue_key = $2 AND status IN ('pending', 'running')
         ORDER BY seq FOR UPDATE SKIP LOCKED`,
        [tenantId, queueKey],
      )
      const batch = selectClaimableBatch(open.rows.map(fromRow), input.now, input.maxCoalesceWaitMs)
      if (!batch) {
        await client.query('ROLLBACK')
        return null
      }
      const leaseExpiresAt = new Date(input.now.getTime() + input.leaseMs)
      const updated = await client.query<TaskRow>(
        `UPDATE tasks SET status = 'running', attempts = attempts + 1, lease_owner = $3, lease_expires_at = $4, updated_at = $5
         WHERE tenant_id = $1 AND task_id = ANY($2::text[]) RETURNING ${columns}`,
        [tenantId, batch.map((task) => task.task_id), input.workerId, leaseExpiresAt, input.now],
      )
      await client.query('COMMIT')
      const tasks = updated.rows.map(fromRow).sort((a, b) => a.seq - b.seq)
      return { tenantId, queueKey, kind: tasks[0]?.kind as string, tasks } satisfies ClaimedBatch
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw wrapQueryError(error, 'claim tasks')
    } finally {
      client.release()
    }
  }

  return {
    enqueue: async ({ task, now }) => {
      const inserted = await query<TaskRow>(
        `INSERT INTO tasks (tenant_id, task_id, kind, queue_key, coalesce, payload, status, attempts, max_attempts, run_at,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $9, $9)
         ON CONFLICT (tenant_id, task_id) DO NOTHING RETURNING ${columns}`,
        [
          task.tenant_id,
          task.task_id,
          task.kind,
          task.queue_key,
          task.coalesce ?? false,
          JSON.stringify(task.payload),
          task.max_attempts ?? defaultMaxAttempts,
          task.run_at,
          now,
        ],
        'enqueue task',
      )
      if (inserted.rows[0]) return { task: fromRow(inserted.rows[0]), created: true }
      const existing = await query<TaskRow>(`SELECT ${columns} FROM tasks WHERE tenant_id = $1 AND task_id = $2`, [task.tenant_id, task.task_id], 'get task')
      return { task: fromRow(existing.rows[0] as TaskRow), created: false }
    },

    claim: async (input) => {
      const keys = await query<{ tenant_id: string; queue_key: string }>(
        `SELECT tenant_id, queue_key FROM tasks WHERE status IN ('pending', 'running') AND run_at <= $1
         GROUP BY tenant_id, queue_key ORDER BY min(seq) LIMIT $2`,
        [input.now, input.limit * 4],
        'find due queue keys',
      )
      const batches: ClaimedBatch[] = []
      for (const key of keys.rows) {
        if (batches.length >= input.limit) break
        const batch = await claimKey(key.tenant_id, key.queue_key, input)
        if (batch) batches.push(batch)
      }
      return batches
    },

    extendLease: async ({ tenantId, taskIds, workerId, leaseExpiresAt, now }) => {
      const result = await query(
        `UPDATE tasks SET lease_expires_at = $4, updated_at = $5
         WHERE tenant_id = $1 AND task_id = ANY($2::text[]) AND status = 'running' AND lease_owner = $3`,
        [tenantId, taskIds, workerId, leaseExpiresAt, now],
        'extend lease',
      )
      return result.rowCount === taskIds.length
    },

    complete: async ({ tenantId, taskIds, workerId, now }) => {
      await query(
        `UPDATE tasks SET status = 'done', lease_owner = NULL, lease_expires_at = NULL, updated_at = $4, finished_at = $4
         WHERE tenant_id = $1 AND task_id = ANY($2::text[]) AND status = 'running' AND lease_owner = $3`,
        [tenantId, taskIds, workerId, now],
        'complete tasks',
      )
    },

    release: async ({ tenantId, taskIds, workerId, now, error, retryAt }) => {
      await query(
        `UPDATE tasks SET status = CASE WHEN $5::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
           run_at = coalesce($5::timestamptz, run_at), lease_owner = NULL, lease_expires_at = NULL, last_error = $6,
           updated_at = $4::timestamptz, finished_at = CASE WHEN $5::timestamptz IS NULL THEN $4::timestamptz ELSE NULL END
         WHERE tenant_id = $1 AND task_id = ANY($2::text[]) AND status = 'running' AND lease_owner = $3`,
        [tenantId, taskIds, workerId, now, retryAt, error],
        'release tasks',
      )
    },

    get: async ({ tenantId, taskId }) => {
      const result = await query<TaskRow>(`SELECT ${columns} FROM tasks WHERE tenant_id = $1 AND task_id = $2`, [tenantId, taskId], 'get task')
      return result.rows[0] ? fromRow(result.rows[0]) : null
    },

    list: async ({ tenantId, status, kind, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      if (status !== undefined) {
        params.push(status)
        filters.push(`status = $${params.length}`)
      }
      if (kind !== undefined) {
        params.push(kind)
        filters.push(`kind = $${params.length}`)
      }
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(Number(after.sort))
        filters.push(`seq > $${params.length}`)
      }
      params.push(limit + 1)
      const [rows, count] = await Promise.all([
        query<TaskRow>(`SELECT ${columns} FROM tasks WHERE ${filters.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params, 'list tasks'),
        query<{ total: string }>(`SELECT count(*) AS total FROM tasks WHERE ${countFilters.join(' AND ')}`, countParams, 'count tasks'),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: seqKey(last.seq), id: last.task_id }) : null,
      }
    },

    retry: async ({ tenantId, taskId, now }) => {
      const updated = await query<TaskRow>(
        `UPDATE tasks SET status = 'pending', attempts = 0, run_at = $3, updated_at = $3, finished_at = NULL
         WHERE tenant_id = $1 AND task_id = $2 AND status = 'dead' RETURNING ${columns}`,
        [tenantId, taskId, now],
        'retry task',
      )
      if (updated.rows[0]) return fromRow(updated.rows[0])
      const existing = await query<TaskRow>(`SELECT status FROM tasks WHERE tenant_id = $1 AND task_id = $2`, [tenantId, taskId], 'get task')
      if (!existing.rows[0]) return null
      throw new AppError('TASK_NOT_DEAD', `task ${taskId} is ${existing.rows[0].status}, not dead`)
    },
  }
}
