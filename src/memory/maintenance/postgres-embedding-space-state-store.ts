import type pg from 'pg'
import { wrapQueryError } from '../../storage/postgres/index.js'
import { embeddingSpaceStateSchema, type EmbeddingSpaceState } from './embedding-space-state.js'
import type { EmbeddingSpaceStateStore } from './embedding-space-state-store.js'

interface StateRow {
  document: unknown
}

/** Table `memory_embedding_space_state` (013-memory-maintenance.sql): one row per tenant. */
export const createPostgresEmbeddingSpaceStateStore = (pool: pg.Pool): EmbeddingSpaceStateStore => {
  const query = async (text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<StateRow>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }
  const parse = (row: StateRow | undefined): EmbeddingSpaceState | null =>
    row ? embeddingSpaceStateSchema.parse(row.document) : null

  return {
    get: async ({ tenantId }) =>
      parse((await query('SELECT document FROM memory_embedding_space_state WHERE tenant_id = $1', [tenantId], 'get embedding space state')).rows[0]),

    compareAndSet: async ({ state, expectedVersion }) => {
      const params = [state.tenant_id, state.active_space_id, state.target_space_id, state.version, JSON.stringify(state), state.updated_at]
      const result =
        expectedVersion === null
          ? await query(
              `INSERT INTO memory_embedding_space_state (tenant_id, active_space_id, target_space_id, version, document, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id) DO NOTHING RETURNING document`,
              params,
              'create embedding space state',
            )
          : await query(
              `UPDATE memory_embedding_space_state
               SET active_space_id = $2, target_space_id = $3, version = $4, document = $5, updated_at = $6
               WHERE tenant_id = $1 AND version = $7 RETURNING document`,
              [...params, expectedVersion],
              'update embedding space state',
            )
      return parse(result.rows[0])
    },

    list: async () =>
      (await query('SELECT document FROM memory_embedding_space_state ORDER BY tenant_id', [], 'list embedding space states')).rows.map(
        (row) => embeddingSpaceStateSchema.parse(row.document),
      ),
  }
}
