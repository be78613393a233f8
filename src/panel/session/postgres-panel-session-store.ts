import type pg from 'pg'
import { wrapQueryError } from '../../storage/postgres/index.js'
import { panelPrincipalSchema, type PanelSession } from './panel-session.js'
import type { PanelSessionStore } from './panel-session-store.js'

interface PanelSessionRow {
  session_hash: string
  principal: unknown
  csrf_token: string
  created_at: Date
  expires_at: Date
}

const fromRow = (row: PanelSessionRow): PanelSession => ({
  session_hash: row.session_hash,
  principal: panelPrincipalSchema.parse(row.principal),
  csrf_token: row.csrf_token,
  created_at: row.created_at.toISOString(),
  expires_at: row.expires_at.toISOString(),
})

export const createPostgresPanelSessionStore = (pool: pg.Pool): PanelSessionStore => ({
  save: async ({ session }) => {
    try {
      await pool.query(
        `INSERT INTO panel_sessions (session_hash, principal, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_hash) DO UPDATE SET principal = $2, csrf_token = $3, expires_at = $5`,
        [session.session_hash, JSON.stringify(session.principal), session.csrf_token, session.created_at, session.expires_at],
      )
    } catch (error) {
      throw wrapQueryError(error, 'save panel session')
    }
  },
  find: async ({ sessionHash, now }) => {
    try {
      const result = await pool.query<PanelSessionRow>(
        'SELECT session_hash, principal, csrf_token, created_at, expires_at FROM panel_sessions WHERE session_hash = $1 AND expires_at > $2',
        [sessionHash, now],
      )
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, 'find panel session')
    }
  },
  delete: async ({ sessionHash }) => {
    try {
      const result = await pool.query('DELETE FROM panel_sessions WHERE session_hash = $1', [sessionHash])
      return result.rowCount === 1
    } catch (error) {
      throw wrapQueryError(error, 'delete panel session')
    }
  },
  deleteExpired: async ({ now }) => {
    try {
      const result = await pool.query('DELETE FROM panel_sessions WHERE expires_at <= $1', [now])
      return result.rowCount ?? 0
    } catch (error) {
      throw wrapQueryError(error, 'delete expired panel sessions')
    }
  },
})
