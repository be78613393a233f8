import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import type { AgendaBlock, Appointment } from './appointment.js'
import { appointmentExistsError, slotTakenError } from './agenda-errors.js'
import type { AgendaStore } from './agenda-store.js'

interface AppointmentRow extends Omit<Appointment, 'start_at' | 'end_at' | 'created_at' | 'updated_at'> {
  start_at: Date
  end_at: Date
  created_at: Date
  updated_at: Date
}

interface BlockRow extends Omit<AgendaBlock, 'start_at' | 'end_at'> {
  start_at: Date
  end_at: Date
}

const columns =
  'tenant_id, appointment_id, customer_id, service_name, start_at, end_at, buffer_minutes, price_cents, status, cancelled_reason, reminders_sent, created_at, updated_at'
const blockColumns = 'tenant_id, block_id, start_at, end_at, reason, kind'

const fromRow = (row: AppointmentRow): Appointment => ({
  tenant_id: row.tenant_id,
  appointment_id: row.appointment_id,
  customer_id: row.customer_id,
  service_name: row.service_name,
  start_at: row.start_at.toISOString(),
  end_at: row.end_at.toISOString(),
  buffer_minutes: row.buffer_minutes,
  price_cents: row.price_cents,
  status: row.status,
  cancelled_reason: row.cancelled_reason,
  reminders_sent: [...row.reminders_sent],
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

const fromBlockRow = (row: BlockRow): AgendaBlock => ({
  tenant_id: row.tenant_id,
  block_id: row.block_id,
  start_at: row.start_at.toISOString(),
  end_at: row.end_at.toISOString(),
  reason: row.reason,
  kind: row.kind,
})

const toParams = (appointment: Appointment): unknown[] => [
  appointment.tenant_id,
  appointment.appointment_id,
  appointment.customer_id,
  appointment.service_name,
  appointment.start_at,
  appointment.end_at,
  appointment.buffer_minutes,
  appointment.price_cents,
  appointment.status,
  appointment.cancelled_reason,
  appointment.reminders_sent,
  appointment.created_at,
  appointment.updated_at,
]

const insertSql = `INSERT INTO appointments (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
const updateSql = `UPDATE appointments SET customer_id = $3, service_name = $4, start_at = $5, end_at = $6, buffer_minutes = $7,
  price_cents = $8, status = $9, cancelled_reason = $10, reminders_sent = $11, created_at = $12, updated_at = $13
  WHERE tenant_id = $1 AND appointment_id = $2`

// The same rule as appointmentsConflict: the gap must be at least the larger of the two buffers.
const conflictSql = `SELECT 1 FROM appointments
  WHERE tenant_id = $1 AND status = 'booked' AND appointment_id <> $2
    AND start_at < $4::timestamptz + make_interval(mins => greatest($5::int, buffer_minutes))
    AND $3::timestamptz < end_at + make_interval(mins => greatest($5::int, buffer_minutes))
  LIMIT 1`

const translate = (error: unknown, appointment: Appointment, context: string): Error =>
  isUniqueViolation(error, 'appointments_pkey') ? appointmentExistsError(appointment.appointment_id) : wrapQueryError(error, context)

export const createPostgresAgendaStore = (pool: pg.Pool): AgendaStore => {
  /**
   * Runs `write` after the conflict check, both under the tenant's agenda lock in one
   * transaction: a second booking of the slot (any process) waits, then sees the first.
   */
  const checkedWrite = async (appointment: Appointment, write: (client: pg.PoolClient) => Promise<boolean>, context: string) => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('fabio:agenda:' || $1, 0))", [appointment.tenant_id])
      if (appointment.status === 'booked') {
        const taken = await client.query(conflictSql, [
          appointment.tenant_id,
          appointment.appointment_id,
          appointment.start_at,
          appointment.end_at,
          appointment.buffer_minutes,
        ])
        // The catch below rolls back.
        if (taken.rows.length > 0) throw slotTakenError(appointment.start_at)
      }
      const written = await write(client)
      await client.query(written ? 'COMMIT' : 'ROLLBACK')
      return written
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw translate(error, appointment, context)
    } finally {
      client.release()
    }
  }

  const query = async <Row extends pg.QueryResultRow>(text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<Row>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  return {
    get: async ({ tenantId, appointmentId }) => {
      const result = await query<AppointmentRow>(
        `SELECT ${columns} FROM appointments WHERE tenant_id = $1 AND appointment_id = $2`,
        [tenantId, appointmentId],
        'get appointment',
      )
      return result.rows[0] ? fromRow(result.rows[0]) : null
    },

    list: async ({ tenantId, from, to, customerId, status, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const params: unknown[] = [tenantId, from, to]
      const filters = ['tenant_id = $1', 'start_at >= $2::timestamptz', 'start_at < $3::timestamptz']
      if (customerId !== undefined) {
        params.push(customerId)
        filters.push(`customer_id = $${params.length}`)
      }
      if (status !== undefined) {
        params.push(status)
        filters.push(`status = $${params.length}`)
      }
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(after.sort, after.id)
        filters.push(`(start_at, appointment_id) > ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      const [rows, count] = await Promise.all([
        query<AppointmentRow>(
          `SELECT ${columns} FROM appointments WHERE ${filters.join(' AND ')}
           ORDER BY start_at, appointment_id LIMIT $${params.length}`,
          params,
          'list appointments',
        ),
        query<{ total: string }>(`SELECT count(*) AS total FROM appointments WHERE ${countFilters.join(' AND ')}`, countParams, 'count appointments'),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.start_at, id: last.appointment_id }) : null,
      }
    },

    save: async ({ appointment }) => {
      try {
        await pool.query(insertSql, toParams(appointment))
        return structuredClone(appointment)
      } catch (error) {
        throw translate(error, appointment, 'save appointment')
      }
    },

    update: async ({ appointment }) => {
      const result = await query(updateSql, toParams(appointment), 'update appointment')
      return result.rowCount === 1 ? structuredClone(appointment) : null
    },

    book: async ({ appointment }) => {
      await checkedWrite(appointment, async (client) => (await client.query(insertSql, toParams(appointment)), true), 'book appointment')
      return structuredClone(appointment)
    },

    reschedule: async ({ appointment }) => {
      const written = await checkedWrite(
        appointment,
        async (client) => (await client.query(updateSql, toParams(appointment))).rowCount === 1,
        'reschedule appointment',
      )
      return written ? structuredClone(appointment) : null
    },

    saveBlock: async ({ block }) => {
      await query(
        `INSERT INTO agenda_blocks (${blockColumns}) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, block_id) DO UPDATE SET start_at = $3, end_at = $4, reason = $5, kind = $6`,
        [block.tenant_id, block.block_id, block.start_at, block.end_at, block.reason, block.kind],
        'save agenda block',
      )
      return structuredClone(block)
    },

    listBlocks: async ({ tenantId, from, to }) => {
      const result = await query<BlockRow>(
        `SELECT ${blockColumns} FROM agenda_blocks
         WHERE tenant_id = $1 AND start_at < $3::timestamptz AND $2::timestamptz < end_at ORDER BY start_at, block_id`,
        [tenantId, from, to],
        'list agenda blocks',
      )
      return result.rows.map(fromBlockRow)
    },

    deleteBlock: async ({ tenantId, blockId }) => {
      const result = await query('DELETE FROM agenda_blocks WHERE tenant_id = $1 AND block_id = $2', [tenantId, blockId], 'delete agenda block')
      return result.rowCount === 1
    },
  }
}
