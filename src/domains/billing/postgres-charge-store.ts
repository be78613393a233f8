import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import type { Charge, ChargeHistoryEntry, ChargeStatus } from './charge.js'
import { chargeExistsError } from './charge-conflicts.js'
import type { ChargeStore } from './charge-store.js'

interface ChargeRow {
  tenant_id: string
  charge_id: string
  customer_id: string
  description: string
  amount_cents: string
  due_date: string
  status: ChargeStatus
  txid: string
  paid_at: Date | null
  payment_reference: string | null
  history: ChargeHistoryEntry[]
  reminders_sent: string[]
  created_at: Date
  updated_at: Date
}

// due_date as text: the driver would turn a `date` into a Date at local midnight.
const columns = `tenant_id, charge_id, customer_id, description, amount_cents, to_char(due_date, 'YYYY-MM-DD') AS due_date,
  status, txid, paid_at, payment_reference, history, reminders_sent, created_at, updated_at`

const fromRow = (row: ChargeRow): Charge => ({
  tenant_id: row.tenant_id,
  charge_id: row.charge_id,
  customer_id: row.customer_id,
  description: row.description,
  amount_cents: Number(row.amount_cents),
  due_date: row.due_date,
  status: row.status,
  txid: row.txid,
  paid_at: row.paid_at ? row.paid_at.toISOString() : null,
  payment_reference: row.payment_reference,
  history: row.history,
  reminders_sent: row.reminders_sent,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const createPostgresChargeStore = (pool: pg.Pool): ChargeStore => {
  const query = async (sql: string, params: unknown[], context: string): Promise<Charge[]> => {
    try {
      return (await pool.query<ChargeRow>(sql, params)).rows.map(fromRow)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  return {
    get: async ({ tenantId, chargeId }) =>
      (await query(`SELECT ${columns} FROM charges WHERE tenant_id = $1 AND charge_id = $2`, [tenantId, chargeId], 'get charge'))[0] ??
      null,

    getByTxid: async ({ tenantId, txid }) =>
      (await query(`SELECT ${columns} FROM charges WHERE tenant_id = $1 AND txid = $2`, [tenantId, txid], 'get charge by txid'))[0] ?? null,

    list: async ({ tenantId, status, customerId, dueBefore, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      const add = (value: unknown, condition: (parameter: string) => string) => {
        params.push(value)
        filters.push(condition(`$${params.length}`))
      }
      if (status !== undefined) add(status, (p) => `status = ${p}`)
      if (customerId !== undefined) add(customerId, (p) => `customer_id = ${p}`)
      if (dueBefore !== undefined) add(dueBefore, (p) => `due_date < ${p}::date`)
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(after.sort, after.id)
        filters.push(`(created_at, charge_id) < ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      try {
        const [rows, count] = await Promise.all([
          pool.query<ChargeRow>(
            `SELECT ${columns} FROM charges WHERE ${filters.join(' AND ')}
             ORDER BY created_at DESC, charge_id DESC LIMIT $${params.length}`,
            params,
          ),
          pool.query<{ total: string }>(`SELECT count(*) AS total FROM charges WHERE ${countFilters.join(' AND ')}`, countParams),
        ])
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(count.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.charge_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list charges')
      }
    },

    save: async ({ charge }) => {
      try {
        await pool.query(
          `INSERT INTO charges (tenant_id, charge_id, customer_id, description, amount_cents, due_date, status, txid, paid_at,
             payment_reference, history, reminders_sent, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)`,
          [
            charge.tenant_id,
            charge.charge_id,
            charge.customer_id,
            charge.description,
            charge.amount_cents,
            charge.due_date,
            charge.status,
            charge.txid,
            charge.paid_at,
            charge.payment_reference,
            JSON.stringify(charge.history),
            charge.reminders_sent,
            charge.created_at,
            charge.updated_at,
          ],
        )
        return structuredClone(charge)
      } catch (error) {
        if (isUniqueViolation(error)) throw chargeExistsError(charge.charge_id)
        throw wrapQueryError(error, 'save charge')
      }
    },

    transition: async ({ tenantId, chargeId, from, to, patch, historyEntry }) => {
      const rows = await query(
        `UPDATE charges SET status = $4, updated_at = $5,
           paid_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE paid_at END,
           payment_reference = CASE WHEN $8::boolean THEN $9::text ELSE payment_reference END,
           history = history || jsonb_build_array(jsonb_build_object('at', $10::text, 'from', status, 'to', $4::text, 'reason', $11::text))
         WHERE tenant_id = $1 AND charge_id = $2 AND status = ANY($3::text[])
         RETURNING ${columns}`,
        [
          tenantId,
          chargeId,
          from,
          to,
          patch.updated_at,
          patch.paid_at !== undefined,
          patch.paid_at ?? null,
          patch.payment_reference !== undefined,
          patch.payment_reference ?? null,
          historyEntry.at,
          historyEntry.reason,
        ],
        'transition charge',
      )
      return rows[0] ?? null
    },

    recordPaymentEvent: async ({ tenantId, providerEventId, at }) => {
      try {
        const result = await pool.query(
          `INSERT INTO payment_events (tenant_id, provider_event_id, recorded_at) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, provider_event_id) DO NOTHING`,
          [tenantId, providerEventId, at],
        )
        return result.rowCount === 1
      } catch (error) {
        throw wrapQueryError(error, 'record payment event')
      }
    },

    markReminderSent: async ({ tenantId, chargeId, day, at }) => {
      try {
        const result = await pool.query(
          `UPDATE charges SET reminders_sent = array_append(reminders_sent, $3::text), updated_at = $4
           WHERE tenant_id = $1 AND charge_id = $2 AND status IN ('open', 'overdue') AND NOT ($3::text = ANY(reminders_sent))`,
          [tenantId, chargeId, day, at],
        )
        return result.rowCount === 1
      } catch (error) {
        throw wrapQueryError(error, 'mark charge reminder sent')
      }
    },
  }
}
