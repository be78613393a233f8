import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../shared/pagination.js'
import { isUniqueViolation, wrapQueryError, withTransaction } from '../storage/postgres/index.js'
import { dimsOfSpace } from './embedder.js'
import type { Memory } from './memory.js'
import { memoryExistsError, memoryNotFoundError, vectorDimsInvalidError } from './memory-errors.js'
import { confirmDuplicate, subjectKey, supersededBy } from './memory-keys.js'
import type { MemoryStore } from './memory-store.js'
import { pgVectorParam } from './vector-pg-binary.js'
import { createPostgresVectorSearch } from './vector-postgres-search.js'
import { assertNotErased, erasableSubjectOf } from './erasure/erasure-fence.js'
import { erasureFencing } from './erasure/postgres-memory-erasure-store.js'

type DateColumn = 'valid_from' | 'valid_to' | 'created_at' | 'updated_at' | 'last_confirmed_at' | 'last_recalled_at'
type MemoryRow = Omit<Memory, DateColumn> & { [K in DateColumn]: Date | null }

const columnList = [
  'tenant_id', 'memory_id', 'subject_kind', 'subject_id', 'audience', 'kind', 'text', 'slot_key', 'content_hash',
  'confidence', 'importance', 'status', 'superseded_by', 'source_kind', 'source_refs', 'pii_flags', 'valid_from',
  'valid_to', 'created_at', 'updated_at', 'last_confirmed_at', 'last_recalled_at', 'recall_count', 'text_version',
] as const
const columns = columnList.join(', ')
const prefixed = columnList.map((column) => `m.${column}`).join(', ')

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString())

const fromRow = (row: MemoryRow): Memory => ({
  ...row,
  confidence: Number(row.confidence),
  importance: Number(row.importance),
  valid_from: (row.valid_from as Date).toISOString(),
  valid_to: iso(row.valid_to),
  created_at: (row.created_at as Date).toISOString(),
  updated_at: (row.updated_at as Date).toISOString(),
  last_confirmed_at: iso(row.last_confirmed_at),
  last_recalled_at: iso(row.last_recalled_at),
})

const toParams = (memory: Memory): unknown[] =>
  columnList.map((column) =>
    column === 'source_refs' || column === 'pii_flags' ? JSON.stringify(memory[column]) : memory[column],
  )


export const createPostgresMemoryStore = (pool: pg.Pool): MemoryStore => {
  const vectors = createPostgresVectorSearch(pool, { columns: prefixed })
  const query = async <Row extends pg.QueryResultRow>(text: string, params: unknown[], context: string) => {
    try {
      return await pool.query<Row>(text, params)
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  const transaction = <T>(context: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => withTransaction(pool, context, work)

  const update = async (client: pg.Pool | pg.PoolClient, memory: Memory): Promise<void> => {
    const assignments = columnList.slice(2).map((column, index) => `${column} = $${index + 3}`)
    await client.query(`UPDATE memories SET ${assignments.join(', ')} WHERE tenant_id = $1 AND memory_id = $2`, toParams(memory))
  }

  const getOne = async (client: pg.Pool | pg.PoolClient, where: string, params: unknown[]): Promise<Memory | null> => {
    const result = await client.query<MemoryRow>(`SELECT ${columns} FROM memories WHERE ${where} LIMIT 1`, params)
    return result.rows[0] ? fromRow(result.rows[0]) : null
  }

  return {
    get: async ({ tenantId, memoryId }) => {
      const result = await query<MemoryRow>(`SELECT ${columns} FROM memories WHERE tenant_id = $1 AND memory_id = $2`, [tenantId, memoryId], 'get memory')
      return result.rows[0] ? fromRow(result.rows[0]) : null
    },

    list: async ({ tenantId, subjectKind, subjectId, status, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      if (subjectKind !== undefined) filters.push(`subject_kind = $${params.push(subjectKind)}`)
      if (subjectId !== undefined) filters.push(`subject_id IS NOT DISTINCT FROM $${params.push(subjectId)}`)
      if (status !== undefined) filters.push(`status = $${params.push(status)}`)
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(after.sort, after.id)
        filters.push(`(created_at, memory_id) > ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      const [rows, count] = await Promise.all([
        query<MemoryRow>(
          `SELECT ${columns} FROM memories WHERE ${filters.join(' AND ')} ORDER BY created_at, memory_id LIMIT $${params.length}`,
          params,
          'list memories',
        ),
        query<{ total: string }>(`SELECT count(*) AS total FROM memories WHERE ${countFilters.join(' AND ')}`, countParams, 'count memories'),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.memory_id }) : null,
      }
    },

    findActiveBySlot: async ({ tenantId, subjectKind, subjectId, slotKey }) => {
      try {
        return await getOne(
          pool,
          `tenant_id = $1 AND subject_kind = $2 AND subject_id IS NOT DISTINCT FROM $3 AND slot_key = $4 AND status = 'active'`,
          [tenantId, subjectKind, subjectId, slotKey],
        )
      } catch (error) {
        throw wrapQueryError(error, 'find memory by slot')
      }
    },

    save: async ({ memory, sourceAt }) => {
      try {
        return await transaction('save memory', async (client) => {
          // Serialises writers of one subject (any process): dedupe and slot checks then see each other.
          await client.query("SELECT pg_advisory_xact_lock(hashtextextended('fabio:memory:' || $1 || ':' || $2, 0))", [
            memory.tenant_id,
            subjectKey(memory.subject_kind, memory.subject_id),
          ])
          // Erasure fence under the same lock eraseSubject takes: no save slips between them.
          const subjectId = erasableSubjectOf(memory)
          if (subjectId) {
            const fenceAt = sourceAt ?? memory.created_at
            assertNotErased(await erasureFencing(client, { tenantId: memory.tenant_id, subjectId, sourceAt: fenceAt }), { sourceAt: fenceAt, what: 'memory' })
          }
          const duplicate = await getOne(
            client,
            `tenant_id = $1 AND subject_kind = $2 AND subject_id IS NOT DISTINCT FROM $3 AND audience = $4
             AND content_hash = $5 AND status = 'active'`,
            [memory.tenant_id, memory.subject_kind, memory.subject_id, memory.audience, memory.content_hash],
          )
          if (duplicate) {
            const confirmed = confirmDuplicate(duplicate, memory)
            await update(client, confirmed)
            return confirmed
          }
          if (memory.slot_key && memory.status === 'active') {
            const holder = await getOne(
              client,
              `tenant_id = $1 AND subject_kind = $2 AND subject_id IS NOT DISTINCT FROM $3 AND slot_key = $4 AND status = 'active'`,
              [memory.tenant_id, memory.subject_kind, memory.subject_id, memory.slot_key],
            )
            if (holder) await update(client, supersededBy(holder, memory.memory_id, memory.created_at))
          }
          const placeholders = columnList.map((_, index) => `$${index + 1}`).join(', ')
          await client.query(`INSERT INTO memories (${columns}) VALUES (${placeholders})`, toParams(memory))
          return structuredClone(memory)
        })
      } catch (error) {
        if (isUniqueViolation((error as Error).cause, 'memories_pkey')) throw memoryExistsError(memory.memory_id)
        throw error
      }
    },

    supersede: async ({ tenantId, memoryId, byMemoryId, at }) => {
      const result = await query<MemoryRow>(
        `UPDATE memories SET status = 'superseded', superseded_by = $3, valid_to = $4, updated_at = $4
         WHERE tenant_id = $1 AND memory_id = $2 AND status = 'active' RETURNING ${columns}`,
        [tenantId, memoryId, byMemoryId, at],
        'supersede memory',
      )
      return result.rows[0] ? fromRow(result.rows[0]) : null
    },

    forget: ({ tenantId, memoryId, at }) =>
      transaction('forget memory', async (client) => {
        const result = await client.query<MemoryRow>(
          `UPDATE memories SET status = 'retracted', valid_to = coalesce(valid_to, $3), updated_at = $3
           WHERE tenant_id = $1 AND memory_id = $2 RETURNING ${columns}`,
          [tenantId, memoryId, at],
        )
        await client.query(`DELETE FROM memory_vectors WHERE tenant_id = $1 AND owner_kind = 'memory' AND owner_id = $2`, [tenantId, memoryId])
        return result.rows[0] ? fromRow(result.rows[0]) : null
      }),

    markRecalled: async ({ tenantId, memoryIds, at }) => {
      if (memoryIds.length === 0) return
      await query(
        `UPDATE memories SET last_recalled_at = $3, recall_count = recall_count + 1 WHERE tenant_id = $1 AND memory_id = ANY($2::text[])`,
        [tenantId, [...new Set(memoryIds)], at],
        'mark memories recalled',
      )
    },

    putVector: async ({ tenantId, memoryId, spaceId, vector, at, sourceHash }) => {
      const dims = dimsOfSpace(spaceId)
      if (dims !== null && vector.length !== dims) throw vectorDimsInvalidError(spaceId, dims, vector.length)
      // The space's index exists before its first row, so its build is instant (vector-hnsw-index.ts).
      await vectors.ensureIndex(spaceId, vector.length)
      // Inserts only while the memory exists, in one statement (no write-after-erase race): the
      // KEY SHARE lock makes an erasure's DELETE of the memory wait for this insert, and the
      // erasure then deletes the vector with it.
      const result = await query(
        `INSERT INTO memory_vectors (tenant_id, owner_kind, owner_id, space_id, embedding_dims, embedding, embedded_at, source_hash)
         SELECT $1, 'memory', $2, $3, $4, $5::vector, $6, $7 FROM memories WHERE tenant_id = $1 AND memory_id = $2 FOR KEY SHARE
         ON CONFLICT (tenant_id, owner_kind, owner_id, space_id)
         DO UPDATE SET embedding = EXCLUDED.embedding, embedding_dims = EXCLUDED.embedding_dims, embedded_at = EXCLUDED.embedded_at,
           source_hash = EXCLUDED.source_hash`,
        [tenantId, memoryId, spaceId, vector.length, pgVectorParam(vector), at, sourceHash ?? null],
        'put memory vector',
      )
      if (result.rowCount === 0) throw memoryNotFoundError(memoryId)
    },

    vectorSpacesOf: async ({ tenantId, memoryId }) => {
      const result = await query<{ space_id: string }>(
        `SELECT space_id FROM memory_vectors WHERE tenant_id = $1 AND owner_kind = 'memory' AND owner_id = $2 ORDER BY space_id`,
        [tenantId, memoryId],
        'list memory vector spaces',
      )
      return result.rows.map((row) => row.space_id)
    },

    vectorSourcesOf: async ({ tenantId, memoryId }) => {
      const result = await query<{ space_id: string; source_hash: string | null }>(
        `SELECT space_id, source_hash FROM memory_vectors WHERE tenant_id = $1 AND owner_kind = 'memory' AND owner_id = $2 ORDER BY space_id`,
        [tenantId, memoryId],
        'list memory vector sources',
      )
      return result.rows.map((row) => ({ space_id: row.space_id, source_hash: row.source_hash }))
    },

    // One customer's memories: an exact scan; the tenant-wide pool: the space's HNSW index
    // (vector-postgres-search.ts). Both filter tenant, space, status and scope in the WHERE.
    search: async (input) => {
      const rows = await vectors.search(input)
      return rows.map(({ cosine, ...row }) => ({ memory: fromRow(row as unknown as MemoryRow), cosine: Number(cosine) }))
    },

    eraseSubject: ({ tenantId, customerId }) =>
      transaction('erase memory subject', async (client) => {
        // The lock save takes: a save in flight finishes first (and is deleted here) or sees the tombstone.
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('fabio:memory:' || $1 || ':' || $2, 0))", [
          tenantId,
          subjectKey('customer', customerId),
        ])
        // Memories first: a vector write holding the memory's KEY SHARE lock commits before this
        // DELETE proceeds, so the vector DELETE below (a fresh snapshot) sees and removes it.
        const memories = await client.query<{ memory_id: string }>(
          `DELETE FROM memories WHERE tenant_id = $1 AND subject_kind = 'customer' AND subject_id = $2 RETURNING memory_id`,
          [tenantId, customerId],
        )
        const vectors = await client.query(`DELETE FROM memory_vectors WHERE tenant_id = $1 AND owner_kind = 'memory' AND owner_id = ANY($2::text[])`, [
          tenantId,
          memories.rows.map((row) => row.memory_id),
        ])
        return { memories: memories.rowCount ?? 0, vectors: vectors.rowCount ?? 0 }
      }),

    exportSubject: async ({ tenantId, customerId }) => {
      const result = await query<MemoryRow>(
        `SELECT ${columns} FROM memories WHERE tenant_id = $1 AND subject_kind = 'customer' AND subject_id = $2 ORDER BY created_at, memory_id`,
        [tenantId, customerId],
        'export memory subject',
      )
      return { tenant_id: tenantId, customer_id: customerId, memories: result.rows.map(fromRow) }
    },
  }
}
