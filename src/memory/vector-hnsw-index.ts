import { createHash } from 'node:crypto'
import pg from 'pg'
import { wrapQueryError } from '../storage/postgres/index.js'

/**
 * The per-space partial expression HNSW index on `memory_vectors` (design memory.md §2, the
 * pgvector FAQ's "multiple dimensions" recipe). `embedding` is an untyped vector, so the index is
 * on `embedding::vector(D)` and only a query ordering by exactly that expression, with the
 * space id as a literal, can use it. Migration 014 builds the same indexes for spaces that
 * existed before it; keep the two in step.
 */

/** HNSW parameters: pgvector's defaults, written out so the build does not depend on them. */
export const HNSW_M = 16
export const HNSW_EF_CONSTRUCTION = 64
/** Candidates the graph search keeps: recall@8 ≥ 0.99 at 100k × 1536 in `npm run bench`, ~9–11 ms. */
export const HNSW_EF_SEARCH = 100

/** `vector(D)` up to 2,000 dims (HNSW's limit for vector), `halfvec(D)` up to 4,000; else none. */
export const annCastOf = (dims: number, pgvector: PgvectorFeatures): string | null => {
  if (!Number.isInteger(dims) || dims <= 0 || !pgvector.hnsw) return null
  if (dims <= 2000) return `vector(${dims})`
  if (dims <= 4000 && pgvector.halfvec) return `halfvec(${dims})`
  return null
}

const opclassOf = (cast: string): string => (cast.startsWith('halfvec') ? 'halfvec_cosine_ops' : 'vector_cosine_ops')

/** A short, safe, deterministic name: space ids hold ':' and may exceed 63 bytes. */
export const hnswIndexNameOf = (spaceId: string): string =>
  `memory_vectors_hnsw_${createHash('md5').update(spaceId).digest('hex').slice(0, 16)}`

/** The space id as an SQL literal: the partial index predicate must be matched by a constant. */
export const spaceLiteral = (spaceId: string): string => pg.escapeLiteral(spaceId)

export interface PgvectorFeatures {
  version: string
  /** HNSW indexes exist from 0.5.0. */
  hnsw: boolean
  /** halfvec from 0.7.0. */
  halfvec: boolean
  /** `hnsw.iterative_scan` from 0.8.0: filtered queries keep scanning until LIMIT rows match. */
  iterativeScan: boolean
}

const atLeast = (version: string, wanted: [number, number]): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > wanted[0] || (major === wanted[0] && minor >= wanted[1])
}

/** What the installed pgvector can do (CI builds 0.8.x; PGlite ships its own build). */
export const readPgvectorFeatures = async (pool: pg.Pool): Promise<PgvectorFeatures> => {
  let version: string
  try {
    const result = await pool.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)
    version = result.rows[0]?.extversion ?? '0.0.0'
  } catch (error) {
    throw wrapQueryError(error, 'read the pgvector version')
  }
  return { version, hnsw: atLeast(version, [0, 5]), halfvec: atLeast(version, [0, 7]), iterativeScan: atLeast(version, [0, 8]) }
}

/** The CREATE INDEX statement for a space (CONCURRENTLY when the space already holds rows). */
export const hnswIndexDdl = (input: { spaceId: string; cast: string; concurrently: boolean }): string =>
  `CREATE INDEX ${input.concurrently ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${hnswIndexNameOf(input.spaceId)} ON memory_vectors ` +
  `USING hnsw ((embedding::${input.cast}) ${opclassOf(input.cast)}) WITH (m = ${HNSW_M}, ef_construction = ${HNSW_EF_CONSTRUCTION}) ` +
  `WHERE space_id = ${spaceLiteral(input.spaceId)}`

/** `ready`: the index exists and is valid; `busy`: another process holds the build lock; `none`: no ANN for this width. */
export type HnswIndexState = 'ready' | 'busy' | 'none'

/**
 * Creates the space's HNSW index unless it exists; idempotent and safe across replicas: one
 * builder at a time holds a session advisory lock, the others go on without waiting (a query
 * without the index is still correct, only slower). A new space is empty, so its build is
 * instant; a space that already holds rows is built CONCURRENTLY so writes are not blocked, and
 * an invalid index left by a failed concurrent build is dropped and rebuilt.
 */
export const ensureHnswIndex = async (
  pool: pg.Pool,
  input: { spaceId: string; dims: number; pgvector: PgvectorFeatures },
): Promise<HnswIndexState> => {
  const cast = annCastOf(input.dims, input.pgvector)
  if (cast === null) return 'none'
  const name = hnswIndexNameOf(input.spaceId)
  const lockKey = `fabio:memory-hnsw:${input.spaceId}`
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    const lock = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [lockKey])
    if (!lock.rows[0]?.locked) return 'busy'
    try {
      const existing = await client.query<{ valid: boolean }>(
        `SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
         WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
        [name],
      )
      if (existing.rows[0]?.valid) return 'ready'
      if (existing.rows[0]) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`)
      const populated = await client.query(`SELECT 1 FROM memory_vectors WHERE space_id = $1 LIMIT 1`, [input.spaceId])
      await client.query(hnswIndexDdl({ spaceId: input.spaceId, cast, concurrently: (populated.rowCount ?? 0) > 0 }))
      return 'ready'
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lockKey])
    }
  } catch (error) {
    // A session lock may still be held: the connection is closed rather than returned to the pool.
    broken = error as Error
    throw wrapQueryError(error, `create the HNSW index of space ${input.spaceId}`)
  } finally {
    client.release(broken)
  }
}
