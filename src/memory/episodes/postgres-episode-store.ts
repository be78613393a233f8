import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { wrapQueryError, withTransaction } from '../../storage/postgres/index.js'
import { assertNotErased } from '../erasure/erasure-fence.js'
import { erasureFencing } from '../erasure/postgres-memory-erasure-store.js'
import type { Episode, EpisodeFact } from './episode.js'
import type { EpisodeStore } from './episode-store.js'

interface EpisodeRow extends Omit<Episode, 'started_at' | 'ended_at' | 'created_at'> {
  started_at: Date
  ended_at: Date
  created_at: Date
}

const columns = `tenant_id, episode_id, contact_id, role, started_at, ended_at, message_count, first_message_id,
  last_message_id, summary, summary_kind, needs_summary, close_reason, facts, extracted, created_at`

const fromRow = (row: EpisodeRow): Episode => ({
  tenant_id: row.tenant_id,
  episode_id: row.episode_id,
  contact_id: row.contact_id,
  role: row.role,
  started_at: row.started_at.toISOString(),
  ended_at: row.ended_at.toISOString(),
  message_count: row.message_count,
  first_message_id: row.first_message_id,
  last_message_id: row.last_message_id,
  summary: row.summary,
  summary_kind: row.summary_kind,
  needs_summary: row.needs_summary,
  close_reason: row.close_reason,
  facts: row.facts as EpisodeFact[],
  extracted: row.extracted,
  created_at: row.created_at.toISOString(),
})

const toParams = (episode: Episode): unknown[] => [
  episode.tenant_id,
  episode.episode_id,
  episode.contact_id,
  episode.role,
  episode.started_at,
  episode.ended_at,
  episode.message_count,
  episode.first_message_id,
  episode.last_message_id,
  episode.summary,
  episode.summary_kind,
  episode.needs_summary,
  episode.close_reason,
  JSON.stringify(episode.facts),
  episode.extracted,
  episode.created_at,
]

/** Serialises an episode save with the contact's erasure (any process). */
const lockContact = (client: pg.PoolClient, tenantId: string, contactId: string) =>
  client.query("SELECT pg_advisory_xact_lock(hashtextextended('fabio:episodes:' || $1 || ':' || $2, 0))", [tenantId, contactId])

export const createPostgresEpisodeStore = (pool: pg.Pool): EpisodeStore => {
  const query = async (sql: string, params: unknown[], context: string, client: pg.Pool | pg.PoolClient = pool): Promise<Episode[]> => {
    try {
      const result = await client.query<EpisodeRow>(sql, params)
      return result.rows.map(fromRow)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  const transaction = <T>(context: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => withTransaction(pool, context, work)

  return {
    get: async ({ tenantId, episodeId }) =>
      (await query(`SELECT ${columns} FROM episodes WHERE tenant_id = $1 AND episode_id = $2`, [tenantId, episodeId], 'get episode'))[0] ??
      null,

    save: ({ episode }) =>
      transaction('save episode', async (client) => {
        // The erasure fence, under the lock eraseContact takes: checked and written in one step.
        await lockContact(client, episode.tenant_id, episode.contact_id)
        const fencing = await erasureFencing(client, { tenantId: episode.tenant_id, subjectId: episode.contact_id, sourceAt: episode.started_at })
        assertNotErased(fencing, { sourceAt: episode.started_at, what: 'episode' })
        const [inserted] = await query(
          `INSERT INTO episodes (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (tenant_id, contact_id, last_message_id) DO NOTHING RETURNING ${columns}`,
          toParams(episode),
          'save episode',
          client,
        )
        if (inserted) return { episode: inserted, created: true }
        const [existing] = await query(
          `SELECT ${columns} FROM episodes WHERE tenant_id = $1 AND contact_id = $2 AND last_message_id = $3`,
          [episode.tenant_id, episode.contact_id, episode.last_message_id],
          'get episode by boundary',
          client,
        )
        // An episode_id collision with another boundary is a bug in the caller's id generator.
        if (!existing) throw wrapQueryError(new Error(`episode ${episode.episode_id} conflicts with another boundary`), 'save episode')
        return { episode: existing, created: false }
      }),

    latestForContact: async ({ tenantId, contactId }) =>
      (
        await query(
          `SELECT ${columns} FROM episodes WHERE tenant_id = $1 AND contact_id = $2 ORDER BY ended_at DESC, episode_id DESC LIMIT 1`,
          [tenantId, contactId],
          'latest episode of contact',
        )
      )[0] ?? null,

    list: async ({ tenantId, contactId, needsSummary, pendingExtraction, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      if (contactId !== undefined) {
        params.push(contactId)
        filters.push(`contact_id = $${params.length}`)
      }
      if (needsSummary !== undefined) {
        params.push(needsSummary)
        filters.push(`needs_summary = $${params.length}`)
      }
      if (pendingExtraction !== undefined) {
        params.push(pendingExtraction)
        filters.push(`(NOT extracted AND NOT needs_summary) = $${params.length}`)
      }
      const where = filters.join(' AND ')
      try {
        const total = await pool.query<{ total: string }>(`SELECT count(*) AS total FROM episodes WHERE ${where}`, params)
        const pageParams = [...params]
        let pageWhere = where
        if (after) {
          pageParams.push(after.sort, after.id)
          pageWhere += ` AND (ended_at, episode_id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length})`
        }
        pageParams.push(limit + 1)
        const rows = await pool.query<EpisodeRow>(
          `SELECT ${columns} FROM episodes WHERE ${pageWhere} ORDER BY ended_at DESC, episode_id DESC LIMIT $${pageParams.length}`,
          pageParams,
        )
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(total.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.ended_at, id: last.episode_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list episodes')
      }
    },

    markExtracted: async ({ tenantId, episodeId }) =>
      (
        await query(
          `UPDATE episodes SET extracted = true WHERE tenant_id = $1 AND episode_id = $2 RETURNING ${columns}`,
          [tenantId, episodeId],
          'mark episode extracted',
        )
      )[0] ?? null,

    markSummarized: async ({ tenantId, episodeId, summary, facts }) =>
      (
        await query(
          `UPDATE episodes SET summary = $3, facts = $4, summary_kind = 'llm', needs_summary = false
           WHERE tenant_id = $1 AND episode_id = $2 RETURNING ${columns}`,
          [tenantId, episodeId, summary, JSON.stringify(facts)],
          'mark episode summarized',
        )
      )[0] ?? null,

    eraseContact: ({ tenantId, contactId }) =>
      transaction('erase episodes of contact', async (client) => {
        // A save in flight commits first (and is deleted here) or, once the tombstone exists, is refused.
        await lockContact(client, tenantId, contactId)
        const result = await client.query('DELETE FROM episodes WHERE tenant_id = $1 AND contact_id = $2', [tenantId, contactId])
        return result.rowCount ?? 0
      }),

    exportContact: ({ tenantId, contactId }) =>
      query(
        `SELECT ${columns} FROM episodes WHERE tenant_id = $1 AND contact_id = $2 ORDER BY ended_at, episode_id`,
        [tenantId, contactId],
        'export episodes of contact',
      ),
  }
}
