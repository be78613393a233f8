import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import { followUpExistsError } from './crm-errors.js'
import type { FollowUp } from './follow-up.js'
import type { FollowUpStore } from './follow-up-store.js'

interface FollowUpRow extends Omit<FollowUp, 'due_at' | 'created_at' | 'updated_at'> {
  due_at: Date
  created_at: Date
  updated_at: Date
}

const columns = 'tenant_id, follow_up_id, customer_id, message, due_at, status, reason, created_by, created_at, updated_at'

const fromRow = (row: FollowUpRow): FollowUp => ({
  tenant_id: row.tenant_id,
  follow_up_id: row.follow_up_id,
  customer_id: row.customer_id,
  message: row.message,
  due_at: row.due_at.toISOString(),
  status: row.status,
  reason: row.reason,
  created_by: row.created_by,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const createPostgresFollowUpStore = (pool: pg.Pool): FollowUpStore => {
  const select = async (sql: string, params: unknown[], context: string): Promise<FollowUp[]> => {
    try {
      return (await pool.query<FollowUpRow>(sql, params)).rows.map(fromRow)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  return {
    get: async ({ tenantId, followUpId }) =>
      (await select(`SELECT ${columns} FROM crm_follow_ups WHERE tenant_id = $1 AND follow_up_id = $2`, [tenantId, followUpId], 'get follow-up'))[0] ?? null,

    save: async ({ followUp }) => {
      try {
        const result = await pool.query<FollowUpRow>(
          `INSERT INTO crm_follow_ups (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${columns}`,
          [
            followUp.tenant_id,
            followUp.follow_up_id,
            followUp.customer_id,
            followUp.message,
            followUp.due_at,
            followUp.status,
            followUp.reason,
            followUp.created_by,
            followUp.created_at,
            followUp.updated_at,
          ],
        )
        return fromRow(result.rows[0] as FollowUpRow)
      } catch (error) {
        if (isUniqueViolation(error)) throw followUpExistsError(followUp.follow_up_id)
        throw wrapQueryError(error, 'save follow-up')
      }
    },

    listDue: ({ tenantId, now, limit }) =>
      select(
        `SELECT ${columns} FROM crm_follow_ups WHERE tenant_id = $1 AND status = 'scheduled' AND due_at <= $2::timestamptz
         ORDER BY due_at, follow_up_id LIMIT $3`,
        [tenantId, now, limit],
        'list due follow-ups',
      ),

    listByCustomer: ({ tenantId, customerId, status }) =>
      select(
        `SELECT ${columns} FROM crm_follow_ups WHERE tenant_id = $1 AND customer_id = $2 AND ($3::text IS NULL OR status = $3)
         ORDER BY due_at, follow_up_id`,
        [tenantId, customerId, status ?? null],
        'list follow-ups of a contact',
      ),

    list: async ({ tenantId, status, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const where = `tenant_id = $1 AND ($2::text IS NULL OR status = $2)`
      const keyset = after ? ' AND (due_at, follow_up_id) > ($4::timestamptz, $5)' : ''
      const params: unknown[] = [tenantId, status ?? null, limit + 1, ...(after ? [after.sort, after.id] : [])]
      try {
        const [rows, count] = await Promise.all([
          pool.query<FollowUpRow>(`SELECT ${columns} FROM crm_follow_ups WHERE ${where}${keyset} ORDER BY due_at, follow_up_id LIMIT $3`, params),
          pool.query<{ total: string }>(`SELECT count(*) AS total FROM crm_follow_ups WHERE ${where}`, [tenantId, status ?? null]),
        ])
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(count.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.due_at, id: last.follow_up_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list follow-ups')
      }
    },

    transition: async ({ tenantId, followUpId, from, to, reason, at }) => {
      try {
        const result = await pool.query<FollowUpRow>(
          `UPDATE crm_follow_ups SET status = $4, reason = $5, updated_at = $6
           WHERE tenant_id = $1 AND follow_up_id = $2 AND status = $3 RETURNING ${columns}`,
          [tenantId, followUpId, from, to, reason, at],
        )
        return result.rows[0] ? fromRow(result.rows[0]) : null
      } catch (error) {
        throw wrapQueryError(error, 'transition follow-up')
      }
    },
  }
}
