import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../shared/pagination.js'
import { wrapQueryError } from '../storage/postgres/index.js'
import type { EventRecord } from './event.js'
import type { EventLogStore } from './event-log-store.js'

interface EventRow extends Omit<EventRecord, 'occurred_at'> {
  occurred_at: Date
}

const fromRow = (row: EventRow): EventRecord => ({ ...row, occurred_at: row.occurred_at.toISOString() })
const columns = 'tenant_id, event_id, type, contact_id, data, occurred_at'

export const createPostgresEventLogStore = (pool: pg.Pool): EventLogStore => ({
  append: async ({ event }) => {
    try {
      const inserted = await pool.query<EventRow>(
        `INSERT INTO events (${columns}) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING ${columns}`,
        [event.tenant_id, event.event_id, event.type, event.contact_id, JSON.stringify(event.data), event.occurred_at],
      )
      if (inserted.rows[0]) return { event: fromRow(inserted.rows[0]), created: true }
      const existing = await pool.query<EventRow>(`SELECT ${columns} FROM events WHERE tenant_id = $1 AND event_id = $2`, [
        event.tenant_id,
        event.event_id,
      ])
      return { event: fromRow(existing.rows[0] as EventRow), created: false }
    } catch (error) {
      throw wrapQueryError(error, 'append event')
    }
  },
  list: async ({ tenantId, limit, cursor, type, contactId }) => {
    const before = decodeCursor(cursor)
    const filters = ['tenant_id = $1']
    const params: unknown[] = [tenantId]
    if (type !== undefined) {
      params.push(type)
      filters.push(`type = $${params.length}`)
    }
    if (contactId !== undefined) {
      params.push(contactId)
      filters.push(`contact_id = $${params.length}`)
    }
    const countFilters = [...filters]
    const countParams = [...params]
    if (before) {
      params.push(before.sort, before.id)
      filters.push(`(occurred_at, event_id) < ($${params.length - 1}::timestamptz, $${params.length})`)
    }
    params.push(limit + 1)
    try {
      const [rows, count] = await Promise.all([
        pool.query<EventRow>(
          `SELECT ${columns} FROM events WHERE ${filters.join(' AND ')}
           ORDER BY occurred_at DESC, event_id DESC LIMIT $${params.length}`,
          params,
        ),
        pool.query<{ total: string }>(`SELECT count(*) AS total FROM events WHERE ${countFilters.join(' AND ')}`, countParams),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.occurred_at, id: last.event_id }) : null,
      }
    } catch (error) {
      throw wrapQueryError(error, 'list events')
    }
  },
  eraseContact: async ({ tenantId, contactId }) => {
    try {
      const result = await pool.query('DELETE FROM events WHERE tenant_id = $1 AND contact_id = $2', [tenantId, contactId])
      return result.rowCount ?? 0
    } catch (error) {
      throw wrapQueryError(error, 'erase contact events')
    }
  },
})
