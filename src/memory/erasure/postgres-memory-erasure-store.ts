import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { wrapQueryError } from '../../storage/postgres/index.js'
import type { MemoryErasure } from './memory-erasure.js'
import type { MemoryErasureStore } from './memory-erasure-store.js'

interface ErasureRow extends Omit<MemoryErasure, 'erased_at'> {
  erased_at: Date
}

const fromRow = (row: ErasureRow): MemoryErasure => ({
  tenant_id: row.tenant_id,
  subject_kind: row.subject_kind,
  subject_id: row.subject_id,
  erased_at: row.erased_at.toISOString(),
})

const columns = 'tenant_id, subject_kind, subject_id, erased_at'

/**
 * The customer's tombstone when it fences content from `sourceAt` (erased at or after it), else
 * null. Writers call it inside their own transaction, after taking the subject's lock, so the
 * check and the write see the same tombstones (015-memory-erasures.sql).
 */
export const erasureFencing = async (
  client: pg.Pool | pg.PoolClient,
  input: { tenantId: string; subjectId: string; sourceAt: string },
): Promise<MemoryErasure | null> => {
  const result = await client.query<ErasureRow>(
    `SELECT ${columns} FROM memory_erasures
     WHERE tenant_id = $1 AND subject_kind = 'customer' AND subject_id = $2 AND erased_at >= $3::timestamptz`,
    [input.tenantId, input.subjectId, input.sourceAt],
  )
  return result.rows[0] ? fromRow(result.rows[0]) : null
}

/** Table `memory_erasures` (015-memory-erasures.sql). */
export const createPostgresMemoryErasureStore = (pool: pg.Pool): MemoryErasureStore => {
  const query = async (text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<ErasureRow>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }
  return {
    get: async ({ tenantId, subjectKind, subjectId }) => {
      const result = await query(
        `SELECT ${columns} FROM memory_erasures WHERE tenant_id = $1 AND subject_kind = $2 AND subject_id = $3`,
        [tenantId, subjectKind, subjectId],
        'get memory erasure',
      )
      return result.rows[0] ? fromRow(result.rows[0]) : null
    },

    save: async ({ erasure }) => {
      const result = await query(
        `INSERT INTO memory_erasures (${columns}) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, subject_kind, subject_id)
         DO UPDATE SET erased_at = GREATEST(memory_erasures.erased_at, EXCLUDED.erased_at)
         RETURNING ${columns}`,
        [erasure.tenant_id, erasure.subject_kind, erasure.subject_id, erasure.erased_at],
        'save memory erasure',
      )
      return fromRow(result.rows[0] as ErasureRow)
    },

    list: async ({ tenantId, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const params: unknown[] = [tenantId]
      let where = 'tenant_id = $1'
      if (after) {
        params.push(after.sort, after.id)
        where += ` AND (erased_at, subject_id) < ($2::timestamptz, $3)`
      }
      params.push(limit + 1)
      const [rows, total] = await Promise.all([
        query(`SELECT ${columns} FROM memory_erasures WHERE ${where} ORDER BY erased_at DESC, subject_id DESC LIMIT $${params.length}`, params, 'list memory erasures'),
        query(`SELECT count(*) AS total FROM memory_erasures WHERE tenant_id = $1`, [tenantId], 'count memory erasures'),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number((total.rows[0] as unknown as { total: string }).total),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.erased_at, id: last.subject_id }) : null,
      }
    },
  }
}
