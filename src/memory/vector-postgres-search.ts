import type pg from 'pg'
import { wrapQueryError, withTransaction } from '../storage/postgres/index.js'
import { dimsOfSpace } from './embedder.js'
import type { RecallScope } from './memory.js'
import { pgVectorParam } from './vector-pg-binary.js'
import {
  annCastOf,
  ensureHnswIndex,
  HNSW_EF_SEARCH,
  readPgvectorFeatures,
  spaceLiteral,
  type HnswIndexState,
  type PgvectorFeatures,
} from './vector-hnsw-index.js'

/** How long a process waits before trying again to build an index another process was building. */
const BUSY_RETRY_MS = 30_000

export interface VectorSearchInput {
  tenantId: string
  spaceId: string
  vector: Float32Array
  scope: RecallScope
  limit: number
}

/** A row of `memories` (the selected columns) with its cosine to the query. */
export type RankedRow = Record<string, unknown> & { memory_id: string; cosine: number }

/** A WHERE condition on `memories m`; `customerId` binds `$6` (exact scans only). */
interface Filter {
  sql: string
  customerId?: string
}

/** The query parameter as the index's type: a halfvec index needs `$n::vector::halfvec(D)` (the parameter itself is a vector). */
const queryCast = (parameter: string, cast: string): string => (cast.startsWith('halfvec') ? `${parameter}::vector::${cast}` : `${parameter}::${cast}`)

/**
 * The two parts of a scope (design memory.md §3): one customer's own memories, a small set
 * searched exactly; and the tenant-wide pool (everything for the owner, the business's public
 * memories for a customer), searched through the space's HNSW index.
 */
const partsOf = (scope: RecallScope): { subject: Filter | null; pool: Filter } =>
  scope.role === 'owner'
    ? { subject: null, pool: { sql: 'TRUE' } }
    : {
        subject: { sql: `m.subject_kind = 'customer' AND m.subject_id = $6 AND m.audience <> 'owner_only'`, customerId: scope.customerId },
        pool: { sql: `m.subject_kind = 'business' AND m.audience = 'public'` },
      }

/** Best first; equal cosines by id in byte order, as Postgres sorts them in a C-collated database and the file backend does. */
const byDistance = (a: RankedRow, b: RankedRow): number => b.cosine - a.cosine || (a.memory_id < b.memory_id ? -1 : a.memory_id > b.memory_id ? 1 : 0)

/**
 * Nearest memories by cosine in Postgres. Exact scans order by `embedding <=> q` on the untyped
 * column, which no index matches, so they cannot lose rows to an index's post-filtering; the pool
 * query orders by `embedding::vector(D) <=> q::vector(D)` with the space as a literal, the exact
 * expression and predicate of the space's partial HNSW index. The tenant, space, status and scope
 * filters are in the WHERE of both, so no row outside the scope is ever a candidate.
 */
export const createPostgresVectorSearch = (pool: pg.Pool, input: { columns: string }) => {
  const { columns } = input
  let features: Promise<PgvectorFeatures> | undefined
  const indexes = new Map<string, { state: Promise<HnswIndexState>; retryAt: number }>()

  const pgvector = (): Promise<PgvectorFeatures> => {
    features ??= readPgvectorFeatures(pool).catch((error: unknown) => {
      features = undefined
      throw error
    })
    return features
  }

  /** Ranks ids and distances only (materialising every candidate's 6 KB vector cost 20x), then reads the rows. */
  const exact = async (search: VectorSearchInput, filter: Filter): Promise<RankedRow[]> => {
    const params: unknown[] = [search.tenantId, search.spaceId, pgVectorParam(search.vector), search.vector.length, search.limit]
    if (filter.customerId !== undefined) params.push(filter.customerId)
    try {
      const result = await pool.query<RankedRow>(
        `SELECT ${columns}, 1 - ranked.distance AS cosine
         FROM (
           SELECT v.owner_id, v.embedding <=> $3::vector AS distance
           FROM memory_vectors v
           JOIN memories m ON m.tenant_id = v.tenant_id AND m.memory_id = v.owner_id
           WHERE v.tenant_id = $1 AND v.owner_kind = 'memory' AND v.space_id = $2 AND v.embedding_dims = $4
             AND m.status = 'active' AND ${filter.sql}
           ORDER BY distance, v.owner_id LIMIT $5
         ) ranked
         JOIN memories m ON m.tenant_id = $1 AND m.memory_id = ranked.owner_id
         ORDER BY ranked.distance, m.memory_id`,
        params,
      )
      return result.rows
    } catch (error) {
      throw wrapQueryError(error, 'search memories (exact)')
    }
  }

  /**
   * The HNSW form. Relaxed order may return rows slightly out of order, hence the MATERIALIZED
   * CTE and the re-sort (pgvector README, "iterative index scans").
   */
  const approximateSql = (search: VectorSearchInput, filter: Filter, cast: string): string =>
    `WITH ranked AS MATERIALIZED (
       SELECT v.owner_id, v.embedding::${cast} <=> ${queryCast('$2', cast)} AS distance
       FROM memory_vectors v
       JOIN memories m ON m.tenant_id = v.tenant_id AND m.memory_id = v.owner_id
       WHERE v.space_id = ${spaceLiteral(search.spaceId)} AND v.tenant_id = $1 AND v.owner_kind = 'memory'
         AND m.status = 'active' AND ${filter.sql}
       ORDER BY distance LIMIT $3
     )
     SELECT ${columns}, 1 - ranked.distance AS cosine
     FROM ranked JOIN memories m ON m.tenant_id = $1 AND m.memory_id = ranked.owner_id
     ORDER BY ranked.distance, m.memory_id`

  /**
   * Runs `work` in a transaction with SET LOCAL hnsw.ef_search = 100 and, on pgvector ≥ 0.8,
   * hnsw.iterative_scan = relaxed_order, so the filters do not starve the LIMIT (earlier
   * versions do not know the setting).
   */
  const withHnswSettings = <T>(iterative: boolean, context: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    withTransaction(pool, context, work, {
      // One round trip: a simple query may hold several statements.
      begin: iterative
        ? `BEGIN; SELECT set_config('hnsw.ef_search', '${HNSW_EF_SEARCH}', true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`
        : `BEGIN; SELECT set_config('hnsw.ef_search', '${HNSW_EF_SEARCH}', true)`,
    })


  /** The cast of the space's index when this query can use one, else null. */
  const annCast = async (search: VectorSearchInput): Promise<{ cast: string; iterative: boolean } | null> => {
    const features = await pgvector()
    const cast = dimsOfSpace(search.spaceId) === search.vector.length ? annCastOf(search.vector.length, features) : null
    return cast === null ? null : { cast, iterative: features.iterativeScan }
  }

  /** The pool part: HNSW when the width has an index type, else exact; exact again when HNSW came back short. */
  const searchPool = async (search: VectorSearchInput, filter: Filter): Promise<RankedRow[]> => {
    const ann = await annCast(search)
    if (ann === null) return exact(search, filter)
    const found = await withHnswSettings(ann.iterative, 'search memories (HNSW)', async (client) =>
      (await client.query<RankedRow>(approximateSql(search, filter, ann.cast), [search.tenantId, pgVectorParam(search.vector), search.limit])).rows,
    )
    // Fewer rows than asked: either the pool is that small, or the graph search ran out of
    // candidates before the filters let LIMIT rows through (no iterative scan before pgvector
    // 0.8, or hnsw.max_scan_tuples reached). The exact scan settles it.
    return found.length < search.limit ? exact(search, filter) : found
  }

  return {
    pgvector,

    /**
     * Makes sure the space's HNSW index exists before its first vector is written (once per
     * process and space; retried later while another process is building it).
     */
    ensureIndex: async (spaceId: string, dims: number): Promise<void> => {
      if (dimsOfSpace(spaceId) !== dims) return // no fixed width: rows may differ, no expression index
      const known = indexes.get(spaceId)
      if (known && (known.retryAt === 0 || Date.now() < known.retryAt)) return void (await known.state)
      const entry = { state: pgvector().then((features) => ensureHnswIndex(pool, { spaceId, dims, pgvector: features })), retryAt: 0 }
      indexes.set(spaceId, entry)
      try {
        if ((await entry.state) === 'busy') entry.retryAt = Date.now() + BUSY_RETRY_MS
      } catch (error) {
        indexes.delete(spaceId)
        throw error
      }
    },

    /** The scope's nearest memories, best first, at most `limit`. */
    search: async (search: VectorSearchInput): Promise<RankedRow[]> => {
      if (search.limit <= 0) return []
      const { subject, pool: poolFilter } = partsOf(search.scope)
      const [own, shared] = await Promise.all([subject === null ? [] : exact(search, subject), searchPool(search, poolFilter)])
      return [...own, ...shared].sort(byDistance).slice(0, search.limit)
    },

    /** The same result by exact scans only: the baseline the benchmark and tests compare with. */
    searchExact: async (search: VectorSearchInput): Promise<RankedRow[]> => {
      if (search.limit <= 0) return []
      const { subject, pool: poolFilter } = partsOf(search.scope)
      const parts = await Promise.all([subject === null ? [] : exact(search, subject), exact(search, poolFilter)])
      return parts.flat().sort(byDistance).slice(0, search.limit)
    },

    /**
     * EXPLAIN of the pool query as `search` would run it (same settings, same text), one line per
     * plan line; null when the width has no index type. For tests and `npm run bench`.
     */
    explainPool: async (search: VectorSearchInput): Promise<string[] | null> => {
      const ann = await annCast(search)
      if (ann === null) return null
      return withHnswSettings(ann.iterative, 'explain memory search', async (client) => {
        const sql = `EXPLAIN (COSTS OFF) ${approximateSql(search, partsOf(search.scope).pool, ann.cast)}`
        const result = await client.query<{ 'QUERY PLAN': string }>(sql, [
          search.tenantId,
          pgVectorParam(search.vector),
          search.limit,
        ])
        return result.rows.map((row) => row['QUERY PLAN'])
      })
    },
  }
}

export type PostgresVectorSearch = ReturnType<typeof createPostgresVectorSearch>
