import type pg from 'pg'
import { AppError } from '../../shared/app-error.js'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import { definedPatch, type Confirmation } from './confirmation.js'
import type { ConfirmationStore } from './confirmation-store.js'

type DateField = 'created_at' | 'expires_at' | 'decided_at'
type ConfirmationRow = Omit<Confirmation, DateField> & { created_at: Date; expires_at: Date; decided_at: Date | null }

const columns = `tenant_id, confirmation_id, contact_id, tool, arguments, summary, status, created_at, expires_at,
  decided_at, decided_by, result, error`

const fromRow = (row: ConfirmationRow): Confirmation => ({
  ...row,
  created_at: row.created_at.toISOString(),
  expires_at: row.expires_at.toISOString(),
  decided_at: row.decided_at?.toISOString() ?? null,
})

const newestFirst = 'ORDER BY created_at DESC, confirmation_id DESC'

/** Confirmations on Postgres, shared by every replica; `transition` is one conditional UPDATE. */
export const createPostgresConfirmationStore = (pool: pg.Pool): ConfirmationStore => {
  const query = async <Row extends pg.QueryResultRow = ConfirmationRow>(text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<Row>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }
  const one = async (text: string, params: unknown[], context: string) => {
    const result = await query(text, params, context)
    return result.rows[0] ? fromRow(result.rows[0]) : null
  }

  return {
    save: async ({ confirmation: c }) => {
      try {
        await pool.query(
          `INSERT INTO confirmations (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [c.tenant_id, c.confirmation_id, c.contact_id, c.tool, JSON.stringify(c.arguments), c.summary, c.status,
            c.created_at, c.expires_at, c.decided_at, c.decided_by, c.result, c.error],
        )
        return structuredClone(c)
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('INTERNAL_ERROR', `confirmation ${c.confirmation_id} already exists`, { category: 'system', cause: error })
        }
        throw wrapQueryError(error, 'save confirmation')
      }
    },

    get: ({ tenantId, confirmationId }) =>
      one(`SELECT ${columns} FROM confirmations WHERE tenant_id = $1 AND confirmation_id = $2`, [tenantId, confirmationId], 'get confirmation'),

    list: async ({ tenantId, status, contactId, limit, cursor }) => {
      const before = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      if (status !== undefined) {
        params.push(status)
        filters.push(`status = $${params.length}`)
      }
      if (contactId !== undefined) {
        params.push(contactId)
        filters.push(`contact_id = $${params.length}`)
      }
      const countFilters = [...filters]
      const countParams = [...params]
      if (before) {
        params.push(before.sort, before.id)
        filters.push(`(created_at, confirmation_id) < ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      const [rows, count] = await Promise.all([
        query(`SELECT ${columns} FROM confirmations WHERE ${filters.join(' AND ')} ${newestFirst} LIMIT $${params.length}`, params, 'list confirmations'),
        query<{ total: string }>(`SELECT count(*) AS total FROM confirmations WHERE ${countFilters.join(' AND ')}`, countParams, 'count confirmations'),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.confirmation_id }) : null,
      }
    },

    findPending: ({ tenantId, contactId, now }) =>
      one(
        `SELECT ${columns} FROM confirmations
         WHERE tenant_id = $1 AND contact_id = $2 AND status = 'pending' AND expires_at > $3 ${newestFirst} LIMIT 1`,
        [tenantId, contactId, now],
        'find pending confirmation',
      ),

    findByDecision: ({ tenantId, decidedBy }) =>
      one(
        `SELECT ${columns} FROM confirmations WHERE tenant_id = $1 AND decided_by = $2
         ORDER BY decided_at DESC NULLS LAST, created_at DESC, confirmation_id DESC LIMIT 1`,
        [tenantId, decidedBy],
        'find confirmation by decision',
      ),

    listOverdue: async ({ now, limit }) => {
      const result = await query(
        `SELECT ${columns} FROM confirmations WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
        [now, limit],
        'list overdue confirmations',
      )
      return result.rows.map(fromRow)
    },

    transition: ({ tenantId, confirmationId, from, to, patch = {}, now }) => {
      const params: unknown[] = [tenantId, confirmationId, from, to, now]
      // Right-hand sides see the row before the update: `status` here is the old status.
      const sets = ['status = $4', `decided_at = CASE WHEN status = 'pending' THEN $5::timestamptz ELSE decided_at END`]
      for (const [field, value] of Object.entries(definedPatch(patch))) {
        params.push(value)
        sets.push(`${field} = $${params.length}`)
      }
      return one(
        `UPDATE confirmations SET ${sets.join(', ')}
         WHERE tenant_id = $1 AND confirmation_id = $2 AND status = ANY($3::text[]) RETURNING ${columns}`,
        params,
        'transition confirmation',
      )
    },
  }
}
