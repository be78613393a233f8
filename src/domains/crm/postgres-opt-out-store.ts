import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { wrapQueryError } from '../../storage/postgres/index.js'
import type { OptOut } from './opt-out.js'
import type { OptOutStore } from './opt-out-store.js'

interface OptOutRow extends Omit<OptOut, 'at'> {
  at: Date
}

const fromRow = (row: OptOutRow): OptOut => ({ tenant_id: row.tenant_id, customer_id: row.customer_id, text: row.text, at: row.at.toISOString() })

export const createPostgresOptOutStore = (pool: pg.Pool): OptOutStore => {
  const get = async (tenantId: string, customerId: string): Promise<OptOut | null> => {
    try {
      const result = await pool.query<OptOutRow>(
        'SELECT tenant_id, customer_id, text, at FROM crm_opt_outs WHERE tenant_id = $1 AND customer_id = $2',
        [tenantId, customerId],
      )
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, 'get opt-out')
    }
  }

  return {
    record: async ({ tenantId, customerId, text, at }) => {
      try {
        await pool.query(
          'INSERT INTO crm_opt_outs (tenant_id, customer_id, text, at) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, customer_id) DO NOTHING',
          [tenantId, customerId, text, at],
        )
      } catch (error) {
        throw wrapQueryError(error, 'record opt-out')
      }
      const recorded = await get(tenantId, customerId)
      if (!recorded) throw wrapQueryError(new Error('opt-out vanished after insert'), 'record opt-out')
      return recorded
    },
    get: ({ tenantId, customerId }) => get(tenantId, customerId),
    isOptedOut: async ({ tenantId, customerId }) => (await get(tenantId, customerId)) !== null,
    list: async ({ tenantId, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const params: unknown[] = [tenantId]
      let keyset = ''
      if (after) {
        params.push(after.sort, after.id)
        keyset = ' AND (at, customer_id) < ($2::timestamptz, $3)'
      }
      params.push(limit + 1)
      try {
        const [rows, count] = await Promise.all([
          pool.query<OptOutRow>(
            `SELECT tenant_id, customer_id, text, at FROM crm_opt_outs WHERE tenant_id = $1${keyset}
             ORDER BY at DESC, customer_id DESC LIMIT $${params.length}`,
            params,
          ),
          pool.query<{ total: string }>('SELECT count(*) AS total FROM crm_opt_outs WHERE tenant_id = $1', [tenantId]),
        ])
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(count.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.at, id: last.customer_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list opt-outs')
      }
    },
    delete: async ({ tenantId, customerId }) => {
      try {
        const result = await pool.query('DELETE FROM crm_opt_outs WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId])
        return result.rowCount === 1
      } catch (error) {
        throw wrapQueryError(error, 'delete opt-out')
      }
    },
  }
}
